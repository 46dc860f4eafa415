"""Who gets into the staff console: Telegram's Mini App initData checked on the server (its
HMAC with the key from the bot token, its age, the admin list), one-time login links, the
session cookie and the CSRF token of every POST; all through the real HTTP server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from consolekit import (
    STRANGER,
    TOKEN,
    csrf_of,
    init_data,
    log_in,
    query_string,
    running_console,
    text_of,
)
from staffbot import ADMIN

from bot.console.auth import (
    AuthError,
    LoginLinks,
    Refusal,
    StaffUser,
    sign_init_data,
    verify_init_data,
)

HOUR = 3600

# ------------------------------------------------------------------ initData, the check itself


def test_init_data_signed_for_this_bot_names_its_user() -> None:
    user = verify_init_data(query_string(init_data(name="Ilze")), TOKEN, max_age=HOUR)
    assert user == StaffUser(ADMIN, "Ilze", "en")


def test_the_check_follows_telegrams_algorithm() -> None:
    # Telegram's documentation: secret_key = HMAC_SHA256(<bot_token>, "WebAppData") with
    # "WebAppData" as the key; hash = hex(HMAC_SHA256(data_check_string, secret_key)); the
    # data-check-string is every field but hash, sorted, as key=value lines. Computed here
    # independently of the module, with the standard library.
    import hashlib
    import hmac

    fields = {"auth_date": "1700000000", "query_id": "Q", "user": '{"id":7001}', "signature": "s"}
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    check = 'auth_date=1700000000\nquery_id=Q\nsignature=s\nuser={"id":7001}'
    assert (
        sign_init_data(fields, TOKEN)
        == hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    )


def _tampered(**changes: str) -> str:
    fields = init_data(STRANGER)
    fields.update(changes)
    return query_string(fields)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        # Someone else's signed data with the user swapped for an admin: what initDataUnsafe
        # would believe.
        pytest.param(
            _tampered(user='{"id":7001,"first_name":"Ilze"}'), Refusal.BAD_HASH, id="user swapped"
        ),
        pytest.param(
            _tampered(auth_date=str(int(time.time()) + 5)), Refusal.BAD_HASH, id="date changed"
        ),
        pytest.param(_tampered(signature="forged"), Refusal.BAD_HASH, id="field added"),
        pytest.param(
            query_string(init_data(token="987654321:BBother-bot-token-xxxxxxxxx")),
            Refusal.BAD_HASH,
            id="another bot",
        ),
        pytest.param(_tampered(hash="0" * 64), Refusal.BAD_HASH, id="wrong hash"),
        pytest.param(_tampered(hash="zz"), Refusal.BAD_HASH, id="not a hash"),
        pytest.param(
            query_string(init_data(auth_date=time.time() - HOUR - 60)),
            Refusal.STALE,
            id="an hour old",
        ),
        pytest.param(
            query_string(init_data(auth_date=time.time() + 600)),
            Refusal.STALE,
            id="from the future",
        ),
        pytest.param(
            query_string({k: v for k, v in init_data().items() if k != "hash"}),
            Refusal.MISSING,
            id="no hash",
        ),
        pytest.param("", Refusal.MISSING, id="empty"),
        pytest.param(
            query_string(init_data()) + "&user=%7B%22id%22%3A1%7D",
            Refusal.MALFORMED,
            id="user twice",
        ),
        pytest.param("not a query string", Refusal.MALFORMED, id="garbage"),
        pytest.param("x" * 9000, Refusal.MALFORMED, id="huge"),
    ],
)
def test_init_data_that_is_refused(raw: str, reason: Refusal) -> None:
    with pytest.raises(AuthError) as refused:
        verify_init_data(raw, TOKEN, max_age=HOUR)
    assert refused.value.reason is reason


def test_signed_data_without_a_user_or_date_is_refused() -> None:
    for missing in ("user", "auth_date"):
        fields = {k: v for k, v in init_data().items() if k not in ("hash", missing)}
        fields["hash"] = sign_init_data(fields, TOKEN)
        with pytest.raises(AuthError) as refused:
            verify_init_data(query_string(fields), TOKEN, max_age=HOUR)
        assert refused.value.reason is Refusal.MISSING


# ------------------------------------------------------------------ initData over HTTP


async def test_a_mini_app_login_opens_a_session(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        response = await console.client.post(
            "/auth/webapp", data={"init_data": query_string(init_data())}
        )
        assert response.status == 200
        assert (await response.json()) == {"ok": True}
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        home = await console.client.get("/entries/partners")
        assert home.status == 200
        assert "Ilze" in await text_of(home)


@pytest.mark.parametrize(
    ("fields", "reason", "says"),
    [
        (
            lambda: _tampered(user='{"id":7001,"first_name":"Ilze"}'),
            "bad_hash",
            "not signed for this bot",
        ),
        (lambda: query_string(init_data(auth_date=time.time() - 2 * HOUR)), "stale", "has expired"),
        (lambda: query_string(init_data(STRANGER)), "not_admin", "not on the list of admins"),
        (lambda: "", "missing", "incomplete"),
    ],
)
async def test_a_refused_mini_app_login_opens_nothing(
    tmp_path: Path, fields: object, reason: str, says: str
) -> None:
    async with running_console(tmp_path) as console:
        assert callable(fields)
        response = await console.client.post("/auth/webapp", data={"init_data": fields()})
        assert response.status == 403
        body = await response.json()
        assert body["reason"] == reason and says in body["message"]
        assert (
            "Set-Cookie" not in response.headers
            or "twinning_console=;" in response.headers["Set-Cookie"]
        )
        after = await console.client.get("/entries/partners")
        assert after.status == 401
        assert "Open the console from the bot in Telegram" in await text_of(after)


async def test_the_freshness_limit_is_a_setting(tmp_path: Path) -> None:
    async with running_console(tmp_path, init_data_max_age_seconds=120) as console:
        old = query_string(init_data(auth_date=time.time() - 300))
        response = await console.client.post("/auth/webapp", data={"init_data": old})
        assert (await response.json())["reason"] == "stale"


async def test_over_https_the_mini_app_cookie_works_in_telegram_webs_frame(tmp_path: Path) -> None:
    async with running_console(tmp_path, public_url="https://bot.example.lv/") as console:
        response = await console.client.post(
            "/auth/webapp", data={"init_data": query_string(init_data())}
        )
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "SameSite=None" in cookie and "Partitioned" in cookie


# ------------------------------------------------------------------ login links


async def test_a_login_link_works_once(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        token = console.server.links.issue(StaffUser(ADMIN, "Ilze", "en"))
        # Opening the link (or a link preview fetching it) does not use it up: the button does.
        for _ in range(2):
            page = await console.client.get(f"/login/{token}")
            assert page.status == 200
            assert "Log in to the staff console as Ilze." in await text_of(page)
        home = await console.client.post("/login", data={"token": token})
        assert home.status == 200 and home.url.path == "/"
        assert "Ilze" in await text_of(home)

        other = await console.new_browser()
        try:
            again = await other.get(f"/login/{token}")
            assert again.status == 403
            assert "already been used" in await text_of(again)
            posted = await other.post("/login", data={"token": token})
            assert posted.status == 403
            assert (await other.get("/entries/partners")).status == 401
        finally:
            await other.close()


async def test_an_expired_or_unknown_login_link_is_refused(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        now = [1_000_000.0]
        console.server.links = LoginLinks(clock=lambda: now[0])
        token = console.server.links.issue(StaffUser(ADMIN, "Ilze", "en"))
        now[0] += 10 * 60 + 1
        page = await console.client.get(f"/login/{token}")
        assert page.status == 403
        assert "has expired: a link works for 10 minutes" in await text_of(page)
        assert (await console.client.post("/login", data={"token": token})).status == 403
        unknown = await console.client.get("/login/" + "x" * 43)
        assert unknown.status == 403 and "is not valid" in await text_of(unknown)
        assert (await console.client.get("/")).status == 200  # the login page, no session
        assert (await console.client.get("/draft")).status == 401


async def test_a_link_issued_to_someone_no_longer_an_admin_is_refused(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        token = console.server.links.issue(StaffUser(STRANGER, "Guest", "en"))
        response = await console.client.post("/login", data={"token": token})
        assert response.status == 403
        assert "not on the list of admins" in await text_of(response)


async def test_an_admin_removed_from_the_list_is_logged_out_at_once(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        await log_in(console)
        assert (await console.client.get("/draft")).status == 200
        console.server.settings = console.settings.model_copy(update={"admin_ids": frozenset()})
        refused = await console.client.get("/draft")
        assert refused.status == 403 and "not on the list of admins" in await text_of(refused)
        console.server.settings = console.settings
        assert (await console.client.get("/draft")).status == 401  # the session is gone


# ------------------------------------------------------------------ every request, CSRF


@pytest.mark.parametrize(
    "path",
    ["/entries/partners", "/entries/partners/new", "/entries/partners/zgierz", "/draft",
     "/test", "/history", "/inbox"],
)  # fmt: skip
async def test_no_page_without_a_login(tmp_path: Path, path: str) -> None:
    async with running_console(tmp_path) as console:
        response = await console.client.get(path)
        assert response.status == 401
        assert "Open the console from the bot in Telegram" in await text_of(response)


@pytest.mark.parametrize(
    "path",
    ["/entries/fields/new", "/draft/publish", "/draft/discard", "/history/rollback", "/test"],
)
async def test_no_change_without_a_login(tmp_path: Path, path: str) -> None:
    async with running_console(tmp_path) as console:
        before = (console.settings.knowledge_dir / "fields.yaml").read_bytes()
        response = await console.client.post(path, data={"id": "x_field", "name.en": "X"})
        assert response.status == 401
        assert (console.settings.knowledge_dir / "fields.yaml").read_bytes() == before
        assert console.server.workspace.draft() is None


async def test_a_post_without_the_sessions_csrf_token_changes_nothing(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        other = await console.new_browser()
        try:
            foreign = await log_in(console, other)  # a valid token, of another session
        finally:
            await other.close()
        form = {"id": "youth_sport", "name.lv": "Sports", "name.ru": "Спорт", "name.en": "Sport"}
        for token in (None, "", "forged", foreign):
            data = dict(form) if token is None else {**form, "csrf": token}
            response = await console.client.post("/entries/fields/new", data=data)
            assert response.status == 403
            assert "This form is out of date" in await text_of(response)
            assert console.server.workspace.draft() is None
        saved = await console.client.post("/entries/fields/new", data={**form, "csrf": csrf})
        assert saved.status == 200 and saved.url.path == "/entries/fields"
        assert console.server.workspace.draft() is not None


async def test_logging_out_ends_the_session(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        response = await console.client.post("/logout", data={"csrf": csrf})
        assert response.status == 200
        assert (await console.client.get("/draft")).status == 401


async def test_pages_forbid_other_sites_and_never_show_the_token(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        seen = []
        for path in ("/", "/entries/partners", "/entries/partners/zgierz", "/draft", "/history"):
            response = await console.client.get(path)
            assert response.status == 200
            csp = response.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "frame-ancestors" in csp
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            seen.append(await response.text())
        refused = await console.client.post("/auth/webapp", data={"init_data": "hash=1"})
        seen.append(await refused.text())
        secret = TOKEN.split(":", 1)[1]
        assert not any(secret in page for page in seen)
        assert csrf_of(seen[0]) == csrf


# ------------------------------------------------------------------ the settings


def test_the_console_is_off_unless_switched_on_and_checks_its_address() -> None:
    from bot.config import ConfigError, load_settings

    shipped = load_settings(env={})
    assert shipped.console.enabled is False
    on = load_settings(
        env={
            "TWINNING_CONSOLE__ENABLED": "true",
            "TWINNING_CONSOLE__PORT": "9000",
            "TWINNING_CONSOLE__PUBLIC_URL": "https://bot.example.lv/console",
        }
    )
    assert (on.console.enabled, on.console.port) == (True, 9000)
    assert on.console.url() == "https://bot.example.lv/console/"
    assert on.console.path_prefix() == "/console" and on.console.is_https()
    local = load_settings(env={"TWINNING_CONSOLE__ENABLED": "true"})
    assert local.console.url() == "http://127.0.0.1:8480/" and not local.console.is_https()
    with pytest.raises(ConfigError, match=r"setting console\.public_url: expected a URL like"):
        load_settings(env={"TWINNING_CONSOLE__PUBLIC_URL": "bot.example.lv"})
    with pytest.raises(ConfigError, match=r"setting console\.hostname: Extra inputs"):  # a typo
        load_settings(env={"TWINNING_CONSOLE__HOSTNAME": "x"})
