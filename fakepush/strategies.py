"""hypothesis strategies for fakepush's providers, for property tests of code that talks to them.

Import this module only where hypothesis is installed (it is not a dependency of
``import fakepush``). Bodies follow the providers' rules (their ``store.py``, whose limits
are imported here): every valid Backendless body registers; every invalid one is paired
with the error code the fake (and Backendless) answers, with exactly one fault in it so the code does not depend on the order of checks.

Times are epoch milliseconds on the fake's clock: pass ``now`` as an int, or as anything
with ``now_ms()`` (``FakePush(...).clock``, ``FakeState.clock``).
"""

from __future__ import annotations

from typing import Any, Protocol

from hypothesis import strategies as st

from fakepush.providers.backendless.registration import MAX_EXPIRATION_MS, MAX_LENGTH
from fakepush.providers.sendbird.users import TOKEN_FIELDS
from fakepush.providers.sendbird.users import TOKEN_TYPES as _TOKEN_TYPE_NAMES

__all__ = [
    "MAX_LENGTH",
    "TOKEN_TYPES",
    "channel_names",
    "device_ids",
    "device_tokens",
    "expirations",
    "invalid_channel_names",
    "invalid_registration_bodies",
    "os_names",
    "past_expirations",
    "push_tokens",
    "registration_bodies",
    "sendbird_users",
    "token_bodies",
    "token_types",
    "unparsable_bodies",
    "user_ids",
]

TOKEN_TYPES = tuple(_TOKEN_TYPE_NAMES)
SDK_OS_NAMES = ("IOS", "ANDROID", "WP", "OSX", "Linux")
_CONTROL = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]


class _HasNow(Protocol):
    def now_ms(self) -> float: ...


def _now_ms(now: float | _HasNow) -> int:
    return int(now.now_ms()) if hasattr(now, "now_ms") else int(now)  # type: ignore[union-attr]


# Surrogates cannot travel in UTF-8 (a URL or a JSON body), so no strategy makes them.
_TEXT = st.characters(exclude_categories=("Cs",))
_NAME_CHARACTERS = st.characters(
    exclude_categories=("Cs",), exclude_characters="".join(_CONTROL) + "/"
)


def device_ids(max_size: int = 60) -> st.SearchStrategy[str]:
    """Non-empty device ids, ``/``, ``:``, line feeds and leading slashes included.

    The JS SDK sends ``/`` unescaped, so the fake must route any of them (the line feed
    and the leading ``/`` were once refused).
    """
    realistic = st.uuids().map(lambda u: str(u).upper())
    text = st.text(
        st.characters(exclude_categories=("Cs",)),
        min_size=1,
        max_size=min(max_size, MAX_LENGTH),
    )
    return st.one_of(realistic, text)


def device_tokens(max_size: int = 200) -> st.SearchStrategy[str]:
    """Any string up to 500 characters: Backendless does not look inside the token."""
    fcm_like = st.from_regex(r"[A-Za-z0-9_-]{11}:APA91b[A-Za-z0-9_-]{20,140}", fullmatch=True)
    return st.one_of(fcm_like, st.text(_TEXT, max_size=min(max_size, MAX_LENGTH)))


def os_names() -> st.SearchStrategy[str]:
    """The names the SDKs send, and any other non-empty string (stored as sent)."""
    return st.one_of(st.sampled_from(SDK_OS_NAMES), st.text(_TEXT, min_size=1, max_size=20))


def channel_names(max_size: int = 40) -> st.SearchStrategy[str]:
    """Valid channel names: non-empty, no ``/``, no control characters."""
    return st.text(_NAME_CHARACTERS, min_size=1, max_size=min(max_size, MAX_LENGTH))


def invalid_channel_names() -> st.SearchStrategy[str]:
    """Names Backendless refuses with 5044: empty, containing ``/`` or a control character."""
    bad = st.sampled_from(["/", *_CONTROL])
    around = st.text(_NAME_CHARACTERS, max_size=10)
    return st.one_of(st.just(""), st.tuples(around, bad, around).map("".join))


def expirations(
    now: float | _HasNow, min_ahead_ms: int = 1, allow_none: bool = True
) -> st.SearchStrategy[int | None]:
    """Valid ``expiration`` values: strictly after ``now`` (epoch ms), or None (never expires).

    With a clock that is not frozen, give ``min_ahead_ms`` room for the time a request takes.
    """
    start = _now_ms(now) + max(1, min_ahead_ms)
    future = st.integers(
        min_value=start, max_value=min(start + 10 * 365 * 86_400_000, MAX_EXPIRATION_MS)
    )
    return st.one_of(st.none(), future) if allow_none else future


def past_expirations(now: float | _HasNow) -> st.SearchStrategy[int]:
    """``expiration`` values at or before ``now``: Backendless answers 5004."""
    return st.integers(min_value=0, max_value=_now_ms(now))


def registration_bodies(
    now: float | _HasNow, min_ahead_ms: int = 1
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid register bodies; ``channels`` and ``expiration`` are sometimes left out."""
    return st.fixed_dictionaries(
        {
            "deviceId": device_ids(),
            "deviceToken": device_tokens(),
            "os": os_names(),
            "osVersion": st.text(_TEXT, max_size=20),
        },
        optional={
            "channels": st.lists(channel_names(), max_size=4),
            "expiration": expirations(now, min_ahead_ms),
        },
    )


_NOT_A_STRING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.lists(st.integers(), max_size=2)
)
_NOT_A_NUMBER = st.one_of(st.booleans(), st.text(max_size=5), st.lists(st.integers(), max_size=2))


def invalid_registration_bodies(
    now: float | _HasNow,
) -> st.SearchStrategy[tuple[Any, int]]:
    """``(body, code)``: a register body with exactly one fault, and Backendless's error code."""

    def with_fault(fault: st.SearchStrategy[tuple[str, Any]], code: int) -> st.SearchStrategy:
        def apply(base: dict[str, Any], change: tuple[str, Any]) -> tuple[dict[str, Any], int]:
            field, value = change
            body = dict(base)
            if value is _DROP:
                body.pop(field, None)
            else:
                body[field] = value
            return body, code

        return st.builds(apply, registration_bodies(now), fault)

    too_long = st.text(_NAME_CHARACTERS, min_size=MAX_LENGTH + 1, max_size=MAX_LENGTH + 20)
    return st.one_of(
        st.tuples(
            st.one_of(
                st.none(),
                st.booleans(),
                st.integers(),
                st.text(max_size=5),
                st.lists(st.integers(), max_size=2),
            ),
            st.just(5006),
        ),
        with_fault(st.tuples(st.just("deviceId"), st.sampled_from([_DROP, None, ""])), 5011),
        with_fault(
            st.tuples(
                st.sampled_from(["deviceToken", "os", "osVersion"]),
                st.one_of(st.just(_DROP), _NOT_A_STRING),
            ),
            5005,
        ),
        with_fault(
            st.tuples(
                st.just("channels"),
                st.one_of(
                    st.text(max_size=5),
                    st.integers(),
                    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
                    st.lists(
                        st.one_of(channel_names(), st.integers()), min_size=1, max_size=3
                    ).filter(lambda items: any(not isinstance(i, str) for i in items)),
                ),
            ),
            5005,
        ),
        with_fault(st.tuples(st.just("expiration"), _NOT_A_NUMBER), 5005),
        with_fault(
            st.tuples(st.sampled_from(["deviceId", "deviceToken", "os", "osVersion"]), too_long),
            8000,
        ),
        with_fault(
            st.tuples(st.just("channels"), st.lists(too_long, min_size=1, max_size=1)), 8000
        ),
        with_fault(
            st.tuples(
                st.just("channels"), st.lists(invalid_channel_names(), min_size=1, max_size=2)
            ),
            5044,
        ),
        with_fault(st.tuples(st.just("expiration"), past_expirations(now)), 5004),
    )


class _Drop:
    def __repr__(self) -> str:
        return "<drop the field>"


_DROP = _Drop()


def unparsable_bodies() -> st.SearchStrategy[bytes]:
    """Raw bodies that are not JSON (Backendless: 8002; Sendbird: 400403)."""
    return st.one_of(
        st.just(b""),
        st.sampled_from([b"{", b"[1,", b"nope", b"{'a': 1}", b"NaN", b'{"a": 1,}']),
        # Not UTF-8: a byte that can never start a character, then anything.
        st.tuples(st.sampled_from([b"\xff", b"\xfe", b"\x80"]), st.binary(max_size=7)).map(
            b"".join
        ),
    )


# -- Sendbird ---------------------------------------------------------------------------------


def user_ids(max_size: int = 80) -> st.SearchStrategy[str]:
    """Sendbird user ids: 1 to 80 characters; spaces, ``/`` and ``:`` included."""
    alphabet = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\x7f")
    return st.text(alphabet, min_size=1, max_size=min(max_size, 80))


def sendbird_users() -> st.SearchStrategy[dict[str, Any]]:
    """``POST /v3/users`` bodies: ``user_id``, ``nickname``, ``profile_url`` (only it may be ``""``)."""
    return st.fixed_dictionaries(
        {
            "user_id": user_ids(),
            "nickname": st.text(_TEXT, min_size=1, max_size=80),  # "" counts as missing
            "profile_url": st.one_of(
                st.just(""),
                st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9]{0,10}\.png", fullmatch=True),
            ),
        }
    )


def token_types() -> st.SearchStrategy[str]:
    return st.sampled_from(TOKEN_TYPES)


def push_tokens(token_type: str | None = None) -> st.SearchStrategy[str]:
    """Push tokens shaped like each service's (FCM with ``:`` and ``/``, APNs hex, HMS)."""
    shapes = {
        "gcm": st.from_regex(r"[A-Za-z0-9_-]{11}:APA91b[A-Za-z0-9_/+=-]{20,140}", fullmatch=True),
        "apns": st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
        "huawei": st.from_regex(r"[A-Za-z0-9._-]{20,120}", fullmatch=True),
    }
    if token_type is not None:
        return shapes[token_type]
    return st.one_of(*shapes.values())


def token_bodies(token_type: str) -> st.SearchStrategy[dict[str, Any]]:
    """``POST /v3/users/{user_id}/push/{token_type}`` bodies, sometimes with the client flags."""
    return st.fixed_dictionaries(
        {TOKEN_FIELDS[token_type]: push_tokens(token_type)},
        optional={"is_unique": st.booleans(), "always_push": st.booleans()},
    )
