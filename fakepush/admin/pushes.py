"""The outbox over HTTP: the pushes the fake would have sent, and the tokens it rejects.

Provider-neutral, as the outbox is: every provider's pushes, filtered by the query. The
rows join the admin API's table (``admin/routes.py``).
"""

from __future__ import annotations

from flask import Response, jsonify, request

from fakepush.errors import AdminError
from fakepush.outbox import FILTERS
from fakepush.providers.base import Route
from fakepush.web.admin_input import admin_object
from fakepush.web.context import fake_state


def get_pushes() -> Response:
    """The outbox, oldest first, filtered by the query parameters given."""
    unknown = sorted(set(request.args) - set(FILTERS))
    if unknown:
        raise AdminError(f"unknown filter(s) {unknown}; allowed: {list(FILTERS)}")
    filters = {name: request.args[name] for name in FILTERS if name in request.args}
    return jsonify({"pushes": fake_state().outbox.filter(**filters)})


def delete_pushes() -> Response:
    """Forget every push (the rejected tokens stay)."""
    return jsonify({"deleted": fake_state().outbox.clear()})


def get_rejected_tokens() -> Response:
    """Every rejected token with the error a push to it fails with."""
    rejected = fake_state().outbox.rejected_tokens()
    return jsonify({"tokens": [{"token": t, "error": e} for t, e in rejected.items()]})


def put_rejected_token() -> Response:
    """Pushes to ``token`` fail from now on with ``error`` (default ``UNREGISTERED``)."""
    body = admin_object(("token", "error"), finite=True)
    token, error = body.get("token"), body.get("error", "UNREGISTERED")
    for name, value in (("token", token), ("error", error)):
        if not isinstance(value, str) or not value:
            raise AdminError(f"{name} must be a non-empty string")
    fake_state().outbox.reject_token(token, error)
    return jsonify({"token": token, "error": error})


def delete_rejected_tokens() -> Response:
    """Accept every token again, or only ``?token=`` (404 if that one was not rejected)."""
    outbox = fake_state().outbox
    token = request.args.get("token")
    if token is None:
        return jsonify({"deleted": outbox.clear_rejected_tokens()})
    if not outbox.accept_token(token):
        raise AdminError(f"token {token!r} is not rejected", status=404)
    return jsonify({"deleted": 1})


PUSH_ROUTES: tuple[Route, ...] = (
    Route("/pushes", "GET", get_pushes, "The outbox, oldest first", response="Pushes",
          description="the pushes", query=dict.fromkeys(FILTERS, "")),
    Route("/pushes", "DELETE", delete_pushes, "Clear the outbox (rejected tokens stay)",
          response="Deleted", description="cleared"),
    Route("/rejected-tokens", "GET", get_rejected_tokens, "Tokens whose pushes fail",
          response="RejectedTokens", description="the tokens"),
    Route("/rejected-tokens", "PUT", put_rejected_token, "Make pushes to a token fail",
          request="RejectTokenRequest", response="RejectedToken", description="rejected"),
    Route("/rejected-tokens", "DELETE", delete_rejected_tokens,
          "Accept every token again, or ?token=", response="Deleted", description="accepted",
          query={"token": ""}, refusals={404: "the token is not rejected"}),
)  # fmt: skip
