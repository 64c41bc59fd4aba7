"""The test client ``FakePush().client()`` and the ``fakepush_client`` fixture hand out.

Flask's ``FlaskClient``, with its cookie jar doing work only when there are cookies.
Before and after every request, werkzeug's ``Client`` rebuilds the request URL
(``get_current_url``: the host, path and query quoted and unquoted again) to match the
jar's cookies against it, even when the jar is empty and the answer sets none: about a
fifth of what a request through the test client costs. The fake never sets a cookie, so
that work is skipped while there is nothing to match; a cookie that does arrive (a route
a test adds, ``set_cookie``) is kept and sent as werkzeug would.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient
from werkzeug.test import run_wsgi_app
from werkzeug.wsgi import get_current_url


class FakepushClient(FlaskClient):
    """``FlaskClient`` that matches cookies only when there are cookies to match."""

    def _add_cookies_to_wsgi(self, environ: dict[str, Any]) -> None:
        if self._cookies is not None and not self._cookies:
            # werkzeug's result for an empty jar: no Cookie header in the request.
            environ.pop("HTTP_COOKIE", None)
            return
        super()._add_cookies_to_wsgi(environ)

    def run_wsgi_app(self, environ: dict[str, Any], buffered: bool = False) -> Any:
        # werkzeug's Client.run_wsgi_app, with the URL worked out only for Set-Cookie.
        self._add_cookies_to_wsgi(environ)
        rv = run_wsgi_app(self.application, environ, buffered=buffered)
        set_cookies = rv[2].getlist("Set-Cookie")
        if set_cookies and self._cookies is not None:
            url = urlsplit(get_current_url(environ))
            self._update_cookies_from_response(url.hostname or "localhost", url.path, set_cookies)
        return rv
