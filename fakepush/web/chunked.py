"""Chunked request bodies as RFC 9112 section 7.1 allows them."""

from __future__ import annotations

from werkzeug.serving import DechunkedInput

# A chunk-size line or a trailer line longer than this ends the request (as http.server
# bounds a header line).
MAX_CHUNK_LINE = 65536


class ChunkedBody(DechunkedInput):
    """werkzeug's chunked request body, with what RFC 9112 section 7.1 allows and werkzeug
    refuses: chunk extensions (``5;name=value``) are ignored, trailer fields after the last
    chunk are read and dropped."""

    def read_chunk_len(self) -> int:
        line = self._rfile.readline(MAX_CHUNK_LINE + 1)
        if len(line) > MAX_CHUNK_LINE:
            raise OSError("Chunk size line too long")
        size = line.split(b";", 1)[0].strip(b" \t\r\n")
        if not size or size.strip(b"0123456789abcdefABCDEF"):
            raise OSError("Invalid chunk header")
        return int(size, 16)

    def _skip_trailers(self) -> None:
        """After the last chunk: trailer lines, then the empty line that ends the body."""
        while True:
            line = self._rfile.readline(MAX_CHUNK_LINE + 1)
            if len(line) > MAX_CHUNK_LINE:
                raise OSError("Trailer line too long")
            if line in (b"\r\n", b"\n", b""):
                return

    def readinto(self, buf: bytearray) -> int:  # type: ignore[override]
        read = 0
        while not self._done and read < len(buf):
            if self._len == 0:
                self._len = self.read_chunk_len()
                if self._len == 0:
                    self._done = True
                    self._skip_trailers()
                    break
            n = min(len(buf) - read, self._len)
            data = self._rfile.read(n)
            if not data:
                raise OSError("Chunked body ended early")
            buf[read : read + len(data)] = data
            read += len(data)
            self._len -= len(data)
            if self._len == 0:
                terminator = self._rfile.readline(3)
                if terminator not in (b"\n", b"\r\n"):
                    raise OSError("Missing chunk terminating newline")
        return read
