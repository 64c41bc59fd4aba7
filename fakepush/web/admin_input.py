"""Reading an admin API request (under ``/_fakepush``): its JSON object body and the app it names.

The admin routes of ``fakepush/admin/`` and the providers' admin rows (``ADMIN_ROUTES``)
read their bodies here, so every one of them answers a bad body with the same
``{"message"}`` errors (``AdminError``).
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from fakepush.errors import AdminError
from fakepush.jsonbody import InvalidJSON, parse_json
from fakepush.web.context import this_request

AppT = TypeVar("AppT")
AppT_co = TypeVar("AppT_co", covariant=True)


class AppsById(Protocol[AppT_co]):
    """A provider store as this module uses it (``fakepush/providers/base.py``'s ``AppStore``)."""

    PROVIDER: str

    def app_by_id(self, app_id: str | None = None) -> AppT_co: ...


def admin_json(*, required: bool = True, finite: bool = False) -> Any:
    """The request body as JSON; a missing body is ``{}`` when ``required`` is false.

    ``finite`` refuses a number too large for a double (``fakepush/jsonbody.py``): the
    admin routes that store or echo what they are given ask for it.
    """
    data = this_request().get_data(cache=True)
    if not data.strip() and not required:
        return {}
    try:
        return parse_json(data, finite=finite)
    except InvalidJSON as exc:
        raise AdminError(f"the body must be JSON: {exc.reason}") from None


def admin_object(
    allowed: tuple[str, ...] | None = None, *, required: bool = True, finite: bool = False
) -> dict[str, Any]:
    """The body as a JSON object, with only the ``allowed`` keys when they are given."""
    body = admin_json(required=required, finite=finite)
    if not isinstance(body, dict):
        raise AdminError("the body must be a JSON object")
    if allowed is not None:
        unknown = sorted(set(body) - set(allowed))
        if unknown:
            raise AdminError(f"unknown field(s) {unknown}; allowed: {list(allowed)}")
    return body


def optional_names(body: dict[str, Any], *names: str) -> None:
    """Each of ``names`` in ``body`` is absent, null or a non-empty string (else AdminError)."""
    for name in names:
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or not value):
            raise AdminError(f"{name} must be a non-empty string")


def admin_app(store: AppsById[AppT], app_id: str | None) -> AppT:
    """The app an admin request names (``None``: the default app); 400 if there is none."""
    try:
        return store.app_by_id(app_id)
    except KeyError:
        raise AdminError(f"no {store.PROVIDER} app {app_id!r}") from None


__all__ = ["admin_app", "admin_json", "admin_object", "optional_names"]
