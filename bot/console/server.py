"""The console's web server (aiohttp), run inside the bot process.

Every request passes `guard`: the security headers; the language (`?lang=`); the session
from its cookie, whose user must still be in BOT_ADMIN_IDS; and for every POST the session's
CSRF token. Only the login pages and the static files are open without a session.

    console = ConsoleServer(settings, token, workspace)
    await console.start()          # listens on settings.console.host:port
    token = console.links.issue(StaffUser(7001, "Ilze", "lv"))   # for /console
    await console.stop()

Never imports telegram (the transport starts it and sends the links).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import unicodedata
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

from aiohttp import web

from bot import report, teach
from bot.config import Settings
from bot.console import forms, pages
from bot.console.auth import (
    AuthError,
    LoginLinks,
    Refusal,
    Session,
    Sessions,
    StaffUser,
    csrf_ok,
    verify_init_data,
)
from bot.console.forms import KINDS, Kind
from bot.console.pages import Page, esc
from bot.console.workspace import EditRefused, Workspace
from bot.knowledge.editing import Author, EditError, Version
from bot.knowledge.loader import KnowledgeError
from bot.knowledge.yamledit import entries
from bot.render import render_text, t
from bot.render.i18n import N_
from bot.store import Store

logger = logging.getLogger(__name__)

COOKIE = "twinning_console"
MAX_REQUEST_BYTES = 512 * 1024  # a form of an entry is a few KB; a knowledge file at most 256
MAX_QUESTION = 1000
MAX_GROUPS = 50  # unanswered groups shown in the inbox
_SESSION: contextvars.ContextVar[Session | None] = contextvars.ContextVar("console_session")
"""The session of the request being handled (set by the guard)."""
CONSOLE_KEY: web.AppKey[ConsoleServer] = web.AppKey("console")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OPEN_PATHS = ("", "auth/webapp", "login", "static/console.css", "static/console.js")
# Telegram Web shows a Mini App in an iframe of web.telegram.org; other sites may not frame it.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org"
)


def _secure(headers: Any) -> None:
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cache-Control", "no-store")


def _fold(text: str) -> str:
    """Lowercase without diacritics, for search ("Ščučin" ~ "scucin")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class ConsoleServer:
    """The console's aiohttp application and the state of its logins."""

    def __init__(self, settings: Settings, token: str, workspace: Workspace) -> None:
        self.settings = settings
        self._token = token  # for the initData check only; never shown or logged
        self.workspace = workspace
        self.links = LoginLinks()
        self.sessions = Sessions(settings.console.session_hours * 3600)
        self.prefix = settings.console.path_prefix()
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------ running

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.guard], client_max_size=MAX_REQUEST_BYTES)
        app[CONSOLE_KEY] = self
        p = self.prefix
        routes = [
            web.get(f"{p}/", self.home),
            web.post(f"{p}/auth/webapp", self.auth_webapp),
            web.get(f"{p}/login/{{token}}", self.login_link),
            web.post(f"{p}/login", self.login),
            web.post(f"{p}/logout", self.logout),
            web.get(f"{p}/static/{{name}}", self.static),
            web.get(f"{p}/entries/{{kind}}", self.list_entries),
            web.get(f"{p}/entries/{{kind}}/new", self.new_entry),
            web.post(f"{p}/entries/{{kind}}/new", self.save_entry),
            web.get(f"{p}/entries/{{kind}}/{{id}}", self.edit_entry),
            web.post(f"{p}/entries/{{kind}}/{{id}}", self.save_entry),
            web.post(f"{p}/entries/{{kind}}/{{id}}/delete", self.delete_entry),
            web.get(f"{p}/draft", self.draft),
            web.post(f"{p}/draft/publish", self.publish),
            web.post(f"{p}/draft/discard", self.discard),
            web.get(f"{p}/test", self.test),
            web.post(f"{p}/test", self.test),
            web.get(f"{p}/history", self.history),
            web.post(f"{p}/history/rollback", self.rollback),
            web.get(f"{p}/inbox", self.inbox),
            web.post(f"{p}/inbox/{{group}}/teach", self.teach),
            web.post(f"{p}/inbox/{{group}}/hide", self.hide),
        ]
        if p:
            routes.append(web.get(p, self.to_prefix))
        app.add_routes(routes)
        return app

    async def start(self) -> None:
        """Listen on the configured address (OSError if it is taken)."""
        self._runner = web.AppRunner(self.application(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.console.host, self.settings.console.port)
        try:
            await site.start()
        except OSError:
            await self._runner.cleanup()
            self._runner = None
            raise
        logger.info(
            "The staff console listens on %s:%s (%s)",
            self.settings.console.host,
            self.settings.console.port,
            self.settings.console.url(),
        )

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def login_url(self, token: str) -> str:
        return f"{self.settings.console.url()}login/{token}"

    # ------------------------------------------------------------------ the guard

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await self._guarded(request, handler)
        except web.HTTPRequestEntityTooLarge:
            page = self._page(request, _SESSION.get(None))
            text = t(page.lang, "The form is too large to be saved.")
            body = pages.message_page(page, t(page.lang, "Too large"), text, "problems")
            response = self._html(body, 413)
        except web.HTTPException as error:  # redirects, 404: raised with the same headers
            _secure(error.headers)
            raise
        _secure(response.headers)
        return response

    async def _guarded(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path[len(self.prefix) :].strip("/")
        session = self.sessions.get(request.cookies.get(COOKIE))
        if session is not None and session.user.id not in self.settings.admin_ids:
            self.sessions.end(session.id)  # no longer an admin: the login ends now
            return self._refused(request, Refusal.NOT_ADMIN)
        if session is not None:
            lang = request.query.get("lang")
            if lang in self.settings.languages:
                session.lang = lang
        _SESSION.set(session)
        is_open = (
            path in OPEN_PATHS
            or path.startswith("login/")
            or (not path and request.method == "GET")
        )
        if session is None and not is_open:
            page = self._page(request, None)
            return self._html(pages.login_page(page), 401)
        if (
            session is not None
            and request.method == "POST"
            and path not in ("auth/webapp", "login")
        ):
            form = await request.post()
            submitted = form.get("csrf") or request.headers.get("X-CSRF-Token")
            if not csrf_ok(session, submitted if isinstance(submitted, str) else None):
                page = self._page(request, session)
                text = t(
                    page.lang,
                    "This form is out of date (it was opened before a new login). Go back, reload "
                    "the page and try again.",
                )
                return self._html(
                    pages.message_page(page, t(page.lang, "Not saved"), text, "problems"), 403
                )
        return await handler(request)

    # ------------------------------------------------------------------ helpers

    def _page(self, request: web.Request, session: Session | None) -> Page:
        if session is not None:
            lang = session.lang
            draft = self.workspace.draft()
            files = len(draft.files) if draft else 0
            page = Page(lang, self.prefix, session.user.name, session.csrf, files, session.notes)
            session.notes = []  # each note is shown once
            return page
        return Page(self._browser_language(request), self.prefix)

    def _browser_language(self, request: web.Request) -> str:
        """Without a session: ?lang=, else the browser's Accept-Language, else the default."""
        asked = request.query.get("lang")
        if asked in self.settings.languages:
            return asked
        for part in request.headers.get("Accept-Language", "").split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in self.settings.languages:
                return code
        return self.settings.default_language

    def _session(self, request: web.Request) -> Session:
        session = _SESSION.get(None)
        assert session is not None  # the guard let only logged-in requests through
        return session

    def _author(self, request: web.Request) -> Author:
        user = self._session(request).user
        return Author(user.id, user.name)

    @staticmethod
    def _html(body: str, status: int = 200) -> web.Response:
        return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")

    def _refused(self, request: web.Request, reason: Refusal) -> web.Response:
        page = self._page(request, None)
        response = self._html(pages.refused_page(page, reason), 403)
        response.del_cookie(COOKIE, path=self.prefix or "/")
        return response

    def _note(self, request: web.Request, text: str) -> None:
        self._session(request).notes.append(text)

    def _redirect(self, path: str) -> web.HTTPSeeOther:
        return web.HTTPSeeOther(f"{self.prefix}/{path}")

    def _start_session(self, user: StaffUser, via: str) -> web.Response:
        if user.id not in self.settings.admin_ids:
            raise AuthError(Refusal.NOT_ADMIN)
        chosen = self.workspace.store.language(user.id)
        lang = next(
            (x for x in (chosen, user.language) if x in self.settings.languages),
            self.settings.default_language,
        )
        session = self.sessions.create(user, lang, via)
        logger.info("Admin %s logged in to the console (%s)", user.id, via)
        response: web.Response = (
            web.HTTPSeeOther(f"{self.prefix}/")
            if via == "link"
            else web.json_response({"ok": True})
        )
        secure = self.settings.console.is_https()
        # Telegram Web shows the Mini App in a frame of another site: its cookie must be
        # SameSite=None (and so Secure; partitioned, for browsers that block third-party ones).
        same_site = "None" if via == "webapp" and secure else "Lax"
        # No Max-Age: the browser keeps it while open; the server ends it after session_hours
        # without use (Sessions), however long the browser keeps it.
        path = self.prefix or "/"
        if same_site == "None":  # written by hand: http.cookies knows no Partitioned (< 3.14)
            response.headers.add(
                "Set-Cookie",
                f"{COOKIE}={session.id}; Path={path}; HttpOnly; Secure; SameSite=None; Partitioned",
            )
        else:
            response.set_cookie(
                COOKIE, session.id, path=path, httponly=True, secure=secure, samesite=same_site
            )
        if isinstance(response, web.HTTPException):
            raise response  # the redirect home, with the cookie
        return response

    # ------------------------------------------------------------------ logging in

    async def to_prefix(self, request: web.Request) -> web.StreamResponse:
        raise self._redirect("")

    async def auth_webapp(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        raw = form.get("init_data")
        try:
            user = verify_init_data(
                raw if isinstance(raw, str) else "",
                self._token,
                max_age=self.settings.console.init_data_max_age_seconds,
            )
            return self._start_session(user, "webapp")
        except AuthError as error:
            logger.info("A Mini App login was refused: %s", error.reason.value)
            page = self._page(request, None)
            return web.json_response(
                {
                    "ok": False,
                    "reason": error.reason.value,
                    "message": t(page.lang, pages.REFUSALS[error.reason]),
                },
                status=403,
            )

    async def login_link(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        try:
            user = self.links.check(token)
        except AuthError as error:
            return self._refused(request, error.reason)
        page = self._page(request, None)
        if user.language in self.settings.languages and "lang" not in request.query:
            page.lang = user.language or page.lang
        return self._html(pages.link_page(page, user.name, token))

    async def login(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        token = form.get("token")
        try:
            user = self.links.redeem(token if isinstance(token, str) else "")
            return self._start_session(user, "link")
        except AuthError as error:
            return self._refused(request, error.reason)

    async def logout(self, request: web.Request) -> web.StreamResponse:
        self.sessions.end(self._session(request).id)
        response = self._redirect("")
        response.del_cookie(COOKIE, path=self.prefix or "/")
        raise response

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        types = {"console.css": "text/css", "console.js": "text/javascript"}
        if name not in types:
            raise web.HTTPNotFound()
        body = resources.files("bot.console").joinpath("static", name).read_text(encoding="utf-8")
        response = web.Response(text=body, content_type=types[name], charset="utf-8")
        response.headers["Cache-Control"] = "max-age=300"
        return response

    # ------------------------------------------------------------------ entries

    def _kind(self, request: web.Request) -> Kind:
        kind = KINDS.get(request.match_info["kind"])
        if kind is None:
            raise web.HTTPNotFound()
        return kind

    def _named(self, kind: Kind, lang: str) -> list[tuple[str, str]]:
        items = self.workspace.entries(kind)
        return [(str(i.get(kind.id_key, "")), pages.display_name(kind, i, lang)) for i in items]

    def _search(self, lang: str, query: str, kinds: list[Kind]) -> list[tuple[Kind, str, str]]:
        wanted = _fold(query.strip())[:200]
        found = []
        for kind in kinds:
            for entry_id, name in self._named(kind, lang):
                if not wanted or wanted in _fold(entry_id) or wanted in _fold(name):
                    found.append((kind, entry_id, name))
        return found

    async def home(self, request: web.Request) -> web.StreamResponse:
        session = _SESSION.get(None)
        if session is None:
            return self._html(pages.login_page(self._page(request, None)))
        page = self._page(request, session)
        query = request.query.get("q", "")
        counts = {k.section: len(self.workspace.entries(k)) for k in KINDS.values()}
        found = self._search(page.lang, query, list(KINDS.values())) if query.strip() else []
        return self._html(pages.home_page(page, counts, query, found))

    async def list_entries(self, request: web.Request) -> web.StreamResponse:
        kind = self._kind(request)
        page = self._page(request, self._session(request))
        query = request.query.get("q", "")
        found = self._search(page.lang, query, [kind])
        return self._html(pages.list_page(page, kind, [(i, n) for _, i, n in found], query))

    def _choices(self, kind: Kind, lang: str) -> dict[str, list[tuple[str, str]]]:
        targets = {f.target for f in kind.fields if f.target}
        return {target: pages.choice_list(self._named(KINDS[target], lang)) for target in targets}

    def _form(self, request: web.Request, form: pages.FormPage, status: int = 200) -> web.Response:
        page = self._page(request, self._session(request))
        translated = {
            key: [t(page.lang, p) for p in problems] for key, problems in form.problems.items()
        }
        form.problems = translated
        return self._html(pages.form_page(page, form), status)

    async def new_entry(self, request: web.Request) -> web.StreamResponse:
        kind = self._kind(request)
        lang = self._session(request).lang
        values = forms.values_of(kind, {})
        if kind.section == "faq" and "from" in request.query:  # from the unanswered inbox
            group = await self._group(request)
            phrase = teach.wording(group)
            values["id"] = teach.new_id(phrase, self.workspace.ids("faq"))
            if group.language in forms.LANGS:
                values[f"questions.{group.language}"] = phrase
        return self._form(request, pages.FormPage(kind, values, True, self._choices(kind, lang)))

    async def edit_entry(self, request: web.Request) -> web.StreamResponse:
        kind = self._kind(request)
        entry_id = request.match_info["id"]
        found = self.workspace.entry(kind, entry_id)
        if found is None:
            raise web.HTTPNotFound()
        lang = self._session(request).lang
        values = forms.values_of(kind, found)
        form = pages.FormPage(kind, values, False, self._choices(kind, lang), entry_id=entry_id)
        return self._form(request, form)

    async def save_entry(self, request: web.Request) -> web.StreamResponse:
        kind = self._kind(request)
        is_new = request.match_info.get("id") is None
        original_id = "" if is_new else request.match_info["id"]
        submitted = forms.values_from_form(kind, await request.post())
        if not is_new:
            submitted[kind.id_key] = original_id  # an id is not changed by a form
        parsed = forms.parse(kind, submitted)
        entry_id = str(parsed.data.get(kind.id_key) or "")
        lang = self._session(request).lang
        form = pages.FormPage(
            kind, submitted, is_new, self._choices(kind, lang), entry_id=original_id or entry_id
        )
        original = None if is_new else self.workspace.entry(kind, original_id)
        if not is_new and original is None:
            raise web.HTTPNotFound()
        if is_new and entry_id and self.workspace.entry(kind, entry_id) is not None:
            parsed.problems.setdefault(kind.id_key, []).append(
                N_("This id is already used by another entry: choose another one.")
            )
        if parsed.problems:
            form.problems = parsed.problems
            form.entry_id = original_id
            return self._form(request, form, 422)
        entry = forms.merged_entry(kind, original, parsed.data)
        try:
            await self.workspace.save(kind, entry, self._author(request))
        except EditRefused as refused:
            placed, rest = forms.issues_by_field(kind, entry_id, refused.issues)
            form.problems = {key: [i.message for i in found] for key, found in placed.items()}
            form.other_issues = rest
            form.entry_id = original_id
            return self._form(request, form, 422)
        page = self._page(request, self._session(request))
        name = pages.display_name(kind, entry, page.lang)
        self._note(
            request,
            t(
                page.lang,
                "Saved to the draft: {name}. It is not live until you publish the draft.",
                name=name,
            ),
        )
        raise self._redirect(f"entries/{kind.section}")

    async def delete_entry(self, request: web.Request) -> web.StreamResponse:
        kind = self._kind(request)
        entry_id = request.match_info["id"]
        if self.workspace.entry(kind, entry_id) is None:
            raise web.HTTPNotFound()
        page = self._page(request, self._session(request))
        try:
            await self.workspace.remove(kind, entry_id, self._author(request))
        except EditRefused as refused:
            lines = "".join(f"<li>{esc(pages._issue_text(page, i))}</li>" for i in refused.issues)
            head = t(
                page.lang,
                "Nothing was removed: the knowledge base would not be valid without this entry.",
            )
            body = f'<div class="problems" role="alert"><p>{esc(head)}</p><ul>{lines}</ul></div>'
            return self._html(pages.layout(page, t(page.lang, "Not removed"), body), 422)
        self._note(
            request,
            t(
                page.lang,
                "Removed in the draft: {id}. It is not live until you publish the draft.",
                id=entry_id,
            ),
        )
        raise self._redirect(f"entries/{kind.section}")

    # ------------------------------------------------------------------ draft, publish

    async def draft(self, request: web.Request) -> web.StreamResponse:
        page = self._page(request, self._session(request))
        try:
            found = await self.workspace.preview()
        except KnowledgeError as error:  # the live files changed under the draft
            lines = "".join(f"<li>{esc(pages._issue_text(page, i))}</li>" for i in error.issues)
            return self._html(
                pages.layout(page, t(page.lang, "Draft"), f'<ul class="problems">{lines}</ul>'), 409
            )
        if found is None:
            return self._html(pages.draft_page(page, None, [], 0, False, {}))
        names: dict[str, str] = {}
        for change in found.changes:
            kind = next(k for k in KINDS.values() if k.file == change.file)
            for item in [*self.workspace.entries(kind), *self._live_entries(kind)]:
                key = f"{change.file}:{item.get(kind.id_key)}"
                names.setdefault(key, pages.display_name(kind, item, page.lang))
        answers = [(c.question.text, c.question.lang, c.old, c.new) for c in found.replay.changed]
        stale = self.workspace.is_stale(found.draft)
        return self._html(
            pages.draft_page(page, found.changes, answers, found.replay.asked, stale, names)
        )

    def _live_entries(self, kind: Kind) -> list[dict[str, Any]]:
        content = self.workspace.keeper.live_files.get(kind.file)
        return entries(content, kind.section) if content else []

    async def publish(self, request: web.Request) -> web.StreamResponse:
        page = self._page(request, self._session(request))
        published = await self.workspace.publish(self._author(request))
        if published is None:
            self._note(
                request,
                t(
                    page.lang,
                    "Nothing was published: there is no draft, or the files on the server changed "
                    "since it was begun.",
                ),
            )
            raise self._redirect("draft")
        draft, kb = published
        logger.info(
            "Console draft %s published by admin %s (version %s)",
            draft.id,
            self._session(request).user.id,
            kb.version,
        )
        self._note(
            request,
            t(page.lang, "Published: the new version is live ({version}).", version=kb.version),
        )
        raise self._redirect("")

    async def discard(self, request: web.Request) -> web.StreamResponse:
        page = self._page(request, self._session(request))
        discarded = await self.workspace.discard()
        if discarded is not None:
            self._note(request, t(page.lang, "The draft was discarded; nothing was changed."))
        raise self._redirect("")

    async def test(self, request: web.Request) -> web.StreamResponse:
        page = self._page(request, self._session(request))
        question, language = "", ""
        draft_answer = live_answer = None
        has_draft = self.workspace.draft() is not None
        if request.method == "POST":
            form = await request.post()
            raw_q, raw_l = form.get("question", ""), form.get("language", "")
            question = raw_q[:MAX_QUESTION] if isinstance(raw_q, str) else ""
            language = raw_l if isinstance(raw_l, str) and raw_l in self.settings.languages else ""
            if question.strip():
                draft_answer, live_answer = await asyncio.to_thread(
                    self._ask, question, language or None
                )
            if "application/json" in request.headers.get("Accept", ""):
                return web.json_response({"draft": draft_answer or "", "live": live_answer or ""})
        return self._html(
            pages.test_page(page, question, language, draft_answer, live_answer, has_draft)
        )

    def _ask(self, question: str, language: str | None) -> tuple[str, str]:
        municipality = self.settings.municipality
        engine = self.workspace.engine()
        live = self.workspace.keeper.engine
        draft_answer = render_text(engine.ask(question, language=language), engine.kb, municipality)
        live_answer = render_text(live.ask(question, language=language), live.kb, municipality)
        return draft_answer, live_answer

    # ------------------------------------------------------------------ history, inbox

    async def history(self, request: web.Request) -> web.StreamResponse:
        page = self._page(request, self._session(request))
        editor = self.workspace.keeper.editor()
        versions = await asyncio.to_thread(_versions, editor)
        upcoming = await self.workspace.keeper.next_rollback()
        return self._html(pages.history_page(page, versions, upcoming))

    async def rollback(self, request: web.Request) -> web.StreamResponse:
        page = self._page(request, self._session(request))
        try:
            _, change = await self.workspace.keeper.rollback()
        except EditError as error:
            self._note(request, t(page.lang, "Nothing was restored: {reason}.", reason=str(error)))
        except KnowledgeError:
            self._note(
                request,
                t(
                    page.lang,
                    "The previous version does not fit the current knowledge files; nothing was "
                    "restored.",
                ),
            )
        else:
            self._note(
                request, t(page.lang, "Restored the previous version of {file}.", file=change.file)
            )
        raise self._redirect("history")

    def _groups(self) -> list[report.Group]:
        """The unanswered groups the live bot still cannot answer (teach.py's rule, as /stats
        shows them; hidden ones are left out by report)."""
        stats = report.compute(Store.path_in(self.settings.data_dir), unanswered_limit=None)
        engine = self.workspace.keeper.engine

        def answered(text: str, lang: str) -> bool:
            return engine.ask(text, language=lang).answered

        return teach.still_unanswered(stats.unanswered, answered, MAX_GROUPS)

    async def _group(self, request: web.Request) -> report.Group:
        wanted = request.match_info.get("group") or request.query.get("from", "")
        groups = await asyncio.to_thread(self._groups)
        found = next((g for g in groups if g.id == wanted), None)
        if found is None:
            raise web.HTTPNotFound()
        return found

    async def inbox(self, request: web.Request) -> web.StreamResponse:
        page = self._page(request, self._session(request))
        groups = await asyncio.to_thread(self._groups)
        shown = [pages.InboxGroup(g.id, g.example, g.count, g.language) for g in groups]
        targets = [
            (t(page.lang, KINDS[section].singular), f"{section}:{entry_id}", name)
            for section in teach.KINDS.values()
            for entry_id, name in self._named(KINDS[section], page.lang)
        ]
        return self._html(pages.inbox_page(page, shown, targets))

    async def teach(self, request: web.Request) -> web.StreamResponse:
        """ "It means X": the group's wording joins X's word list in the draft."""
        page = self._page(request, self._session(request))
        group = await self._group(request)
        target = (await request.post()).get("target")
        section, _, entry_id = str(target or "").partition(":")
        if (
            section not in teach.KINDS.values()
            or self.workspace.entry(KINDS[section], entry_id) is None
        ):
            raise web.HTTPNotFound()
        kind = KINDS[section]
        key, lang, phrase = (
            teach.word_list(section),
            teach.phrase_language(group),
            teach.wording(group),
        )
        try:
            await self.workspace.add_phrase(
                kind, entry_id, key, lang, phrase, self._author(request)
            )
        except EditRefused as refused:
            self._note(request, "; ".join(i.message for i in refused.issues))
            raise self._redirect("inbox") from None
        name = pages.display_name(kind, self.workspace.entry(kind, entry_id) or {}, page.lang)
        self._note(
            request,
            t(
                page.lang,
                "“{phrase}” was added to {name} in the draft. Publish the draft to make it live.",
                phrase=phrase,
                name=name,
            ),
        )
        raise self._redirect("draft")

    async def hide(self, request: web.Request) -> web.StreamResponse:
        """Out of scope: the group is hidden from the inbox and /stats."""
        page = self._page(request, self._session(request))
        group = await self._group(request)
        await asyncio.to_thread(self.workspace.store.hide_question, group.key, group.example)
        self._note(
            request,
            t(page.lang, "“{question}” is hidden as out of scope.", question=group.example),
        )
        raise self._redirect("inbox")


def _versions(editor: Any) -> list[Version]:
    """Every version kept in the history, newest first."""
    history = editor.history
    if not history.is_dir():
        return []
    found = []
    for path in sorted(history.glob("*__*.yaml"), reverse=True):
        name = path.name.split("__", 1)[1]
        found.append(Version(name, path.stat().st_mtime, editor.author_of(name, path.read_bytes())))
    return found
