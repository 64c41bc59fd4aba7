"""Sendbird users and their push tokens: the rules, with no HTTP in sight.

Each user (``users.py``) keeps, per token type, an ordered set of tokens, oldest first (at
most 20; the oldest is evicted, as D-add says). Each app also keeps, per (token_type, token), the users
that hold it in the order they last added it, so that "the token's most recent owner"
(the documented owner response) is a lookup, not a guess. The two indexes change
together under the shared lock.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fakepush.hosts import strip_port
from fakepush.providers.base import AppStore
from fakepush.providers.sendbird.channel_store import GroupChannelRules
from fakepush.providers.sendbird.channels import (
    GroupChannels,
    check_object,
    load_channels,
    optional_flag,
)
from fakepush.providers.sendbird.errors import SendbirdError
from fakepush.providers.sendbird.push_store import PushSurfaceRules
from fakepush.providers.sendbird.push_surface import PushSurface
from fakepush.providers.sendbird.users import (
    MAX_TOKENS_PER_TYPE,
    TOKEN_FIELDS,
    TOKEN_TYPES,
    SendbirdUser,
    check_token_type,
    parse_new_user,
)

DEFAULT_APP = {"app_id": "FAKEPUSH", "api_token": "fakepush-api-token", "secondary_tokens": []}


class SendbirdApp:
    """One Sendbird application: its API tokens, its users and who owns which token."""

    def __init__(
        self, app_id: str, api_token: str, secondary_tokens: list[str] | None = None
    ) -> None:
        self.app_id = app_id
        self.api_token = api_token
        self.secondary_tokens = list(secondary_tokens or [])
        self.users: dict[str, SendbirdUser] = {}
        # (token_type, token) -> user_ids in the order they last added it (most recent last)
        self.owners: dict[tuple[str, str], dict[str, None]] = {}
        self.group_channels = GroupChannels()
        self.push_surface = PushSurface()

    def config(self) -> dict[str, Any]:
        return {
            "app_id": self.app_id,
            "api_token": self.api_token,
            "secondary_tokens": list(self.secondary_tokens),
        }

    def accepts(self, api_token: str | None) -> bool:
        """Compared with ``hmac.compare_digest``, every token in turn, so the time of the
        answer tells nothing about how much of a guess was right."""
        if api_token is None:
            return False
        given = api_token.encode("utf-8", "surrogatepass")
        matches = [
            hmac.compare_digest(given, token.encode("utf-8", "surrogatepass"))
            for token in (self.api_token, *self.secondary_tokens)
        ]
        return any(matches)

    def clear(self) -> None:
        self.users.clear()
        self.owners.clear()
        self.group_channels.clear()
        self.push_surface.clear()

    # -- the two indexes, changed together --------------------------------------------

    def give_token(self, user: SendbirdUser, token_type: str, token: str) -> None:
        """The token becomes the user's newest, and the user its most recent owner."""
        tokens = user.tokens[token_type]
        tokens.pop(token, None)
        tokens[token] = None
        owners = self.owners.setdefault((token_type, token), {})
        owners.pop(user.user_id, None)
        owners[user.user_id] = None
        while len(tokens) > MAX_TOKENS_PER_TYPE:
            self.take_token(user, token_type, next(iter(tokens)))

    def take_token(self, user: SendbirdUser, token_type: str, token: str) -> None:
        user.tokens[token_type].pop(token, None)
        owners = self.owners.get((token_type, token))
        if owners is not None:
            owners.pop(user.user_id, None)
            if not owners:
                del self.owners[(token_type, token)]

    def take_all_tokens(self, user: SendbirdUser) -> None:
        for token_type, tokens in user.tokens.items():
            for token in list(tokens):
                self.take_token(user, token_type, token)


class SendbirdStore(PushSurfaceRules, GroupChannelRules, AppStore[SendbirdApp]):
    """Every Sendbird app the fake knows, and the rules of their users and tokens.

    Public methods take the shared lock themselves; the caller never needs to.
    """

    PROVIDER = "Sendbird"
    DEFAULT_APP = DEFAULT_APP
    APP_FIELDS = ("app_id", "api_token", "secondary_tokens")

    # -- apps ---------------------------------------------------------------------------

    def _upsert_app(self, app_id: str, config: dict[str, Any]) -> SendbirdApp:
        app = self.apps.get(app_id)
        # The Host header picks apps case-insensitively, so ids must differ by more.
        other = self.names.get(app_id.lower())
        if other is not None and other.app_id != app_id:
            raise ValueError(f"Sendbird app {app_id!r} clashes with {other.app_id!r}")
        api_token = config.get("api_token", app.api_token if app else None)
        if not isinstance(api_token, str) or not api_token:
            raise ValueError(f"Sendbird app {app_id!r} needs a non-empty 'api_token'")
        secondary = config.get("secondary_tokens", app.secondary_tokens if app else [])
        if secondary is None:
            secondary = []
        if not isinstance(secondary, list) or not all(
            isinstance(t, str) and t for t in secondary
        ):
            raise ValueError(
                f"Sendbird app {app_id!r}: 'secondary_tokens' must be a list of strings"
            )
        if app is None:
            app = self.apps[app_id] = self.names[app_id.lower()] = SendbirdApp(
                app_id, api_token, secondary
            )
        else:
            app.api_token, app.secondary_tokens = api_token, list(secondary)
        return app

    def app_by_host(self, host: str) -> SendbirdApp:
        """The app the ``Host`` header names: ``api-{app_id}.sendbird.com`` selects that app.

        Any other host (an IP address, ``localhost``, a proxy's name) means the default
        app, so a local stand-in works with ``Configuration(host="http://127.0.0.1:PORT")``.
        """
        label = strip_port(host).split(".", 1)[0].lower()
        with self.lock:
            if not label.startswith("api-"):
                return self.apps[self.default_app_id]
            app = self.names.get(label[len("api-") :])
        if app is None:
            raise SendbirdError(403100)
        return app

    def authenticate(self, app: SendbirdApp, api_token: str | None) -> None:
        """The master token or one of the secondary tokens, else 400401."""
        with self.lock:
            if not app.accepts(api_token):
                raise SendbirdError(400401)

    # -- users --------------------------------------------------------------------------

    def _user(self, app: SendbirdApp, user_id: str) -> SendbirdUser:
        user = app.users.get(user_id)
        if user is None:
            raise SendbirdError(400201, resource="User")
        return user

    def create_user(self, app: SendbirdApp, body: Any) -> dict[str, Any]:
        """Create a user from a request body; returns the full user resource."""
        fields = parse_new_user(body)
        with self.lock:
            if fields["user_id"] in app.users:
                raise SendbirdError(400202, resource="User")
            created_at = int(self.clock.now_ms() // 1000)
            user = SendbirdUser(created_at=created_at, **fields)
            app.users[user.user_id] = user
            return self._resource(app, user)

    def _resource(self, app: SendbirdApp, user: SendbirdUser) -> dict[str, Any]:
        """The user resource with what the push surface knows: online, session tokens."""
        resource = user.resource()
        resource["is_online"] = user.user_id in app.push_surface.online
        resource["session_tokens"] = app.push_surface.sessions.live(
            user.user_id, int(self.clock.now_ms())
        )
        return resource

    def _new_access_token(self) -> str:
        return secrets.token_hex(20)

    def view_user(self, app: SendbirdApp, user_id: str) -> dict[str, Any]:
        with self.lock:
            return self._resource(app, self._user(app, user_id))

    def delete_user(self, app: SendbirdApp, user_id: str) -> None:
        """Delete a user; their tokens go with them, and they leave every channel."""
        with self.lock:
            user = self._user(app, user_id)
            app.take_all_tokens(user)
            app.group_channels.remove_user(user_id)
            app.push_surface.forget_user(user_id)
            del app.users[user_id]

    # -- tokens -------------------------------------------------------------------------

    def add_token(
        self, app: SendbirdApp, user_id: str, token_type: str, body: Any
    ) -> dict[str, Any]:
        """Register a token for a user; returns ``{"token", "type", "user"}``.

        ``is_unique`` (sent by client SDKs) keeps this token as the user's only one: their
        other tokens of every type go, other users keep theirs ("register device token
        after removing existing all device tokens of the current user": the ``inUnique``
        parameter of ``SendbirdChat.RegisterPushToken`` in
        https://github.com/sendbird/sendbird-chat-sdk-unity).
        ``always_push`` is accepted and ignored.
        """
        check_token_type(token_type)
        body = check_object(body)
        field = TOKEN_FIELDS[token_type]
        token = body.get(field)
        if token is None or token == "":
            raise SendbirdError(400105, field=field)
        if not isinstance(token, str):
            raise SendbirdError(400111, field=field)
        is_unique = optional_flag(body, "is_unique")
        optional_flag(body, "always_push")
        with self.lock:
            user = self._user(app, user_id)
            if is_unique:
                app.take_all_tokens(user)
            app.give_token(user, token_type, token)
            return {"token": token, "type": TOKEN_TYPES[token_type], "user": user.basic()}

    def list_tokens(self, app: SendbirdApp, user_id: str, token_type: str) -> dict[str, Any]:
        """``{"tokens", "type", "user", "token"}``, oldest first; ``token`` is the deprecated twin."""
        check_token_type(token_type)
        with self.lock:
            user = self._user(app, user_id)
            tokens = list(user.tokens[token_type])
            return {
                "tokens": tokens,
                "type": TOKEN_TYPES[token_type],
                "user": user.basic(),
                "token": list(tokens),
            }

    def remove_token(
        self, app: SendbirdApp, user_id: str, token_type: str, token: str
    ) -> dict[str, Any]:
        """Remove one token of a user; removing one they do not have succeeds the same way.

        Returns the user's basic object; the caller shapes the answer for its profile.
        """
        check_token_type(token_type)
        with self.lock:
            user = self._user(app, user_id)
            app.take_token(user, token_type, token)
            return user.basic()

    def remove_all_tokens(self, app: SendbirdApp, user_id: str) -> dict[str, Any]:
        """Remove every token of every type from a user; returns ``{"user": basic}``."""
        with self.lock:
            user = self._user(app, user_id)
            app.take_all_tokens(user)
            return {"user": user.basic()}

    def token_owners(self, app: SendbirdApp, token_type: str, token: str) -> list[str]:
        """The user_ids holding the token, most recent owner first; 400201 if nobody does."""
        check_token_type(token_type)
        with self.lock:
            owners = app.owners.get((token_type, token))
            if not owners:
                raise SendbirdError(400201, resource="Token")
            return list(reversed(owners))

    def remove_token_from_owners(self, app: SendbirdApp, token_type: str, token: str) -> list[str]:
        """Take the token from every user holding it; returns who held it, most recent first."""
        with self.lock:
            owners = self.token_owners(app, token_type, token)
            for owner_id in owners:
                app.take_token(app.users[owner_id], token_type, token)
            return owners

    # -- views for the Python handle, the admin API and the dashboard -------------------

    def users(self, app: SendbirdApp) -> list[dict[str, Any]]:
        """Every user of ``app`` as a full resource, in creation order."""
        with self.lock:
            return [self._resource(app, user) for user in app.users.values()]

    def tokens(
        self, app: SendbirdApp, user_id: str, token_type: str | None = None
    ) -> list[str] | dict[str, list[str]]:
        """A user's tokens oldest first, for one type or all; KeyError for an unknown user."""
        if token_type is not None and token_type not in TOKEN_TYPES:
            raise ValueError(f"token_type must be one of {list(TOKEN_TYPES)}, not {token_type!r}")
        with self.lock:
            user = app.users.get(user_id)
            if user is None:
                raise KeyError(f"no Sendbird user {user_id!r} in app {app.app_id!r}")
            if token_type is not None:
                return list(user.tokens[token_type])
            return {name: list(tokens) for name, tokens in user.tokens.items()}

    # -- reset, export, load ------------------------------------------------------------

    def _export_app(self, app: SendbirdApp) -> dict[str, Any]:
        return {
            "users": [user.export() for user in app.users.values()],
            # Owner order (who added a token last) is not in the users' lists.
            "owners": [
                {"token_type": token_type, "token": token, "user_ids": list(ids)}
                for (token_type, token), ids in app.owners.items()
            ],
            **app.group_channels.export(),
            **app.push_surface.export(),
        }

    def _load_app(self, app: SendbirdApp, entry: dict[str, Any]) -> None:
        app.clear()  # an app listed twice keeps its last entry
        for row in entry.get("users", []):
            _load_user(app, row)
        _load_owner_order(app, entry.get("owners", []))
        load_channels(app.group_channels, entry, app.users)
        app.push_surface.load(entry, app.users)


def _load_user(app: SendbirdApp, row: dict[str, Any]) -> None:
    user = SendbirdUser.from_export(row)
    if user.user_id in app.users:
        raise ValueError(f"user {user.user_id!r} appears twice")
    app.users[user.user_id] = user
    tokens = row.get("tokens") or {}
    if not isinstance(tokens, dict):
        raise ValueError(f"user {user.user_id!r}: tokens must be an object")
    for token_type, values in tokens.items():
        if token_type not in TOKEN_TYPES:
            raise ValueError(f"user {user.user_id!r}: unknown token type {token_type!r}")
        if not isinstance(values, list) or len(values) > MAX_TOKENS_PER_TYPE:
            raise ValueError(
                f"user {user.user_id!r}: {token_type} tokens must be a list of at most "
                f"{MAX_TOKENS_PER_TYPE} (the API never holds more)"
            )
        for token in values:
            app.give_token(user, token_type, str(token))


def _load_owner_order(app: SendbirdApp, owners: list[dict[str, Any]]) -> None:
    """Restore who added each token last; owners the users' lists do not back are dropped."""
    restored: dict[tuple[str, str], dict[str, None]] = {}
    for entry in owners:
        key = (str(entry["token_type"]), str(entry["token"]))
        held = app.owners.get(key)
        if held is None:
            continue
        ordered = [u for u in map(str, entry["user_ids"]) if u in held]
        rest = [u for u in held if u not in ordered]
        restored[key] = dict.fromkeys([*rest, *ordered])
    for key, held in app.owners.items():
        restored.setdefault(key, held)
    app.owners = restored
