"""What every provider's hypothesis strategies share: text that travels, the clock, bad JSON.

Each provider's ``strategies.py`` builds on these; ``fakepush/strategies.py`` offers them
all to users. Import only where hypothesis is installed (it is no dependency of fakepush).
"""

from __future__ import annotations

from typing import Protocol

from hypothesis import strategies as st

__all__ = ["TEXT", "HasNow", "now_ms", "unparsable_bodies"]


class HasNow(Protocol):
    def now_ms(self) -> float: ...


def now_ms(now: float | HasNow) -> int:
    """Epoch milliseconds from an int, or from anything with ``now_ms()`` (a fake's clock)."""
    return int(now.now_ms()) if hasattr(now, "now_ms") else int(now)  # type: ignore[union-attr]


# Surrogates cannot travel in UTF-8 (a URL or a JSON body), so no strategy makes them.
TEXT = st.characters(exclude_categories=("Cs",))


def unparsable_bodies() -> st.SearchStrategy[bytes]:
    """Raw bodies that are not JSON (each provider answers its own code for them)."""
    return st.one_of(
        st.just(b""),
        st.sampled_from([b"{", b"[1,", b"nope", b"{'a': 1}", b"NaN", b'{"a": 1,}']),
        # Not UTF-8: a byte that can never start a character, then anything.
        st.tuples(st.sampled_from([b"\xff", b"\xfe", b"\x80"]), st.binary(max_size=7)).map(
            b"".join
        ),
    )
