"""Who may use the console, checked on the server for every request.

Three ways in, each ending in a server-side session (a random id in an HttpOnly cookie):

- **A Telegram Mini App** sends the `initData` Telegram signed for it. `verify_init_data`
  checks it as Telegram's documentation says ("Validating data received via the Mini App"):
  the secret key is HMAC-SHA256 of the bot token with the key "WebAppData"; the hash is
  HMAC-SHA256 of the data-check-string (every received field but `hash`, sorted by key, as
  `key=value` lines joined by "\\n") with that secret key, in hex. `auth_date` must be fresh
  (`max_age` seconds), and only the user in the *signed* data counts (never initDataUnsafe).
- **A one-time login link** (`LoginLinks`), which /console sends an admin for a browser at a
  desk: valid ten minutes, good once; only its SHA-256 is kept, in memory.
- The session then carries the login; its CSRF token must come with every POST.

Whether the user is an admin (BOT_ADMIN_IDS) is checked by the server on every request, not
only at login. Never imports telegram.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

MAX_INIT_DATA = 8192  # characters; Telegram's initData is well under 1 KB
LOGIN_LINK_SECONDS = 10 * 60
MAX_SESSIONS = 1000
MAX_LINKS = 1000
_HEX64 = frozenset("0123456789abcdef")

Clock = Callable[[], float]


class Refusal(enum.StrEnum):
    """Why a login was refused (the page says it in words; tests check the reason)."""

    MALFORMED = "malformed"  # not a query string, a key twice, a field of the wrong type
    MISSING = "missing"  # hash, auth_date or user absent
    BAD_HASH = "bad_hash"  # not signed with this bot's token, or changed after signing
    STALE = "stale"  # auth_date older than the limit (or in the future)
    NOT_ADMIN = "not_admin"  # signed, but the user is not in BOT_ADMIN_IDS
    LINK_UNKNOWN = "link_unknown"
    LINK_USED = "link_used"
    LINK_EXPIRED = "link_expired"


class AuthError(Exception):
    """A login that is refused; `reason` says why."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class StaffUser:
    """A Telegram user who logged in (the id decides; the name is for the history)."""

    id: int
    name: str
    language: str | None = None  # Telegram's language_code, if it gave one


def secret_key(token: str) -> bytes:
    """HMAC-SHA256 of the bot token, keyed with "WebAppData" (Telegram's Mini App key)."""
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    """Every field but `hash`, sorted by key, as key=value lines."""
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def sign_init_data(fields: dict[str, str], token: str) -> str:
    """The hash Telegram would give `fields` (for tests and for the check itself)."""
    message = data_check_string(fields).encode()
    return hmac.new(secret_key(token), message, hashlib.sha256).hexdigest()


def parse_init_data(init_data: str) -> dict[str, str]:
    """The fields of an initData query string; a repeated key or a malformed pair is refused."""
    if not init_data or len(init_data) > MAX_INIT_DATA:
        raise AuthError(Refusal.MISSING if not init_data else Refusal.MALFORMED)
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise AuthError(Refusal.MALFORMED) from None
    fields: dict[str, str] = {}
    for key, value in pairs:
        if key in fields:
            raise AuthError(Refusal.MALFORMED)
        fields[key] = value
    return fields


def verify_init_data(
    init_data: str, token: str, *, max_age: float, now: float | None = None
) -> StaffUser:
    """The user of a Mini App's initData, if Telegram signed it for this bot lately."""
    fields = parse_init_data(init_data)
    received = fields.get("hash", "")
    if not received:
        raise AuthError(Refusal.MISSING)
    if len(received) != 64 or not set(received) <= _HEX64:
        raise AuthError(Refusal.BAD_HASH)
    if not hmac.compare_digest(sign_init_data(fields, token), received):
        raise AuthError(Refusal.BAD_HASH)
    # Only now is anything in the data believed.
    if "auth_date" not in fields or "user" not in fields:
        raise AuthError(Refusal.MISSING)
    try:
        auth_date = int(fields["auth_date"])
        user = json.loads(fields["user"])
    except ValueError:
        raise AuthError(Refusal.MALFORMED) from None
    moment = time.time() if now is None else now
    if moment - auth_date > max_age or auth_date - moment > 60:  # a minute of clock skew
        raise AuthError(Refusal.STALE)
    if not isinstance(user, dict) or type(user.get("id")) is not int:
        raise AuthError(Refusal.MALFORMED)
    name = " ".join(
        str(user[key]) for key in ("first_name", "last_name") if isinstance(user.get(key), str)
    ).strip()
    language = user.get("language_code")
    return StaffUser(
        int(user["id"]),
        name or str(user["id"]),
        language if isinstance(language, str) else None,
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class _Link:
    user: StaffUser
    expires: float
    used: bool = False


@dataclass
class LoginLinks:
    """One-time login tokens: `issue` one for an admin, `redeem` it once within `ttl`.

    Only each token's SHA-256 is kept (in memory: a restart ends every pending link, and
    /console gives a new one). A used or expired token is remembered a while longer, so that
    its page can say so instead of "unknown"."""

    ttl: float = LOGIN_LINK_SECONDS
    clock: Clock = time.time
    _links: OrderedDict[str, _Link] = field(default_factory=OrderedDict)

    def issue(self, user: StaffUser) -> str:
        self._purge()
        token = secrets.token_urlsafe(32)
        self._links[_digest(token)] = _Link(user, self.clock() + self.ttl)
        while len(self._links) > MAX_LINKS:
            self._links.popitem(last=False)
        return token

    def check(self, token: str) -> StaffUser:
        """The user a token would log in, without using it up (for the page that asks)."""
        return self._find(token).user

    def redeem(self, token: str) -> StaffUser:
        """Use the token up; the user it was issued to."""
        link = self._find(token)
        link.used = True
        return link.user

    def _find(self, token: str) -> _Link:
        self._purge()
        link = self._links.get(_digest(token)) if 20 <= len(token) <= 100 else None
        if link is None:
            raise AuthError(Refusal.LINK_UNKNOWN)
        if link.used:
            raise AuthError(Refusal.LINK_USED)
        if self.clock() > link.expires:
            raise AuthError(Refusal.LINK_EXPIRED)
        return link

    def _purge(self) -> None:
        """Forget links a day past their expiry."""
        limit = self.clock() - 24 * 60 * 60
        for key in [k for k, link in self._links.items() if link.expires < limit]:
            del self._links[key]


@dataclass
class Session:
    """A logged-in staff member: the cookie holds `id`; forms carry `csrf`."""

    id: str
    user: StaffUser
    csrf: str
    lang: str
    expires: float
    via: str  # "webapp" or "link"
    notes: list[str] = field(default_factory=list)  # shown once on the next page


@dataclass
class Sessions:
    """The sessions of the console (in memory; a restart logs everyone out)."""

    ttl: float
    clock: Clock = time.time
    _sessions: OrderedDict[str, Session] = field(default_factory=OrderedDict)

    def create(self, user: StaffUser, lang: str, via: str) -> Session:
        session = Session(
            secrets.token_urlsafe(32),
            user,
            secrets.token_urlsafe(32),
            lang,
            self.clock() + self.ttl,
            via,
        )
        self._sessions[session.id] = session
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        return session

    def get(self, session_id: str | None) -> Session | None:
        """The live session of a cookie value; using it extends it by `ttl`."""
        if not session_id:
            return None
        session = self._sessions.get(session_id)
        if session is None:
            return None
        now = self.clock()
        if now > session.expires:
            del self._sessions[session_id]
            return None
        session.expires = now + self.ttl
        self._sessions.move_to_end(session_id)
        return session

    def end(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)


def csrf_ok(session: Session, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(session.csrf, submitted or "")
