"""The HTTP side of the fake Telegram: aiohttp server, lifecycle, long polling, webhooks.

:class:`FakeTelegram` combines it with the user helpers (:mod:`user_side`), the fault switches
(:mod:`faults`) and the recorded data and waiting helpers (:mod:`observe`).

See the package docstring (``tests/fakebot/__init__.py``) for how to use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import threading
import time
from collections import deque
from collections.abc import Awaitable
from typing import Any, TypeVar

import aiohttp
from aiohttp import web

from .bot_api import BotApi
from .errors import (
    CONFLICT_GET_UPDATES,
    CONFLICT_WEBHOOK,
    INJECTED,
    UNSUPPORTED,
    ApiError,
)
from .faults import Fault, FaultInjection
from .models import CallRecord
from .observe import Observation
from .params import Params, UploadedFile
from .state import World
from .user_side import UserSide

DEFAULT_TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz"
LONG_POLL_MAX_TIMEOUT = 50
T = TypeVar("T")


def _real_bot_api_methods() -> dict[str, str]:
    """Lower-case name -> name of every Bot API method PTB knows (to tell "unsupported by the
    fake" from "no such method")."""
    try:
        import telegram
    except ImportError:  # pragma: no cover - PTB is installed in this project
        return {}
    return {
        name.lower(): name
        for name in dir(telegram.Bot)
        if name[:1].islower() and name != name.lower() and "_" not in name
    }


class FakeTelegram(Observation, FaultInjection, UserSide):
    """A loopback Telegram Bot API server that enforces Telegram's rules.

    Async use (server in the test's event loop)::

        async with FakeTelegram() as tg:
            bot = telegram.Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url)

    Thread use (server in its own thread and loop, e.g. for a bot in a subprocess or a
    synchronous test)::

        with FakeTelegram() as tg:            # same as tg.start_in_thread() ... tg.stop_thread()
            env = {"TELEGRAM_API_BASE_URL": tg.base_url}

    All user helpers, fault switches and recorded data are synchronous and thread-safe.  The
    ``wait_*`` helpers are coroutines that poll, so they work from any event loop; the
    ``wait_*_sync`` variants block and must not be called from the server's own loop.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "rezekne_twinning_bot",
        *,
        bot_name: str = "Rēzekne Twinning Bot",
        strict: bool = True,
        group_privacy: bool = True,
        query_ttl: float | None = 15.0,
        host: str = "127.0.0.1",
    ) -> None:
        if ":" not in token or not token.split(":", 1)[0].isdigit():
            raise ValueError("a bot token looks like '123456:ABC...'")
        self.token = token
        self._host = host
        self._world = World(
            token,
            bot_username,
            bot_name,
            strict=strict,
            group_privacy=group_privacy,
            query_ttl=query_ttl,
        )
        self._world.on_change = self._notify
        self._api = BotApi(self._world)
        self._real_methods = _real_bot_api_methods()

        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread_id: int | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._changed: asyncio.Event | None = None
        self._stopping = False
        self._webhook_task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None

        self._faults: dict[str, deque[Fault]] = {}
        self._delays: dict[str, float] = {}
        self._conflict = False
        self._poller: object | None = None
        self._superseded: set[object] = set()
        self._in_flight = 0
        self._cursors: dict[int, int] = {}
        self._mark_seq: dict[int, int] = {}

    # == lifecycle ==========================================================================

    async def start(self) -> FakeTelegram:
        """Start serving on 127.0.0.1 with an OS-chosen port, in the running event loop."""
        if self._runner is not None:
            raise RuntimeError("FakeTelegram is already running")
        self._loop = asyncio.get_running_loop()
        self._loop_thread_id = threading.get_ident()
        self._changed = asyncio.Event()
        self._stopping = False
        app = web.Application(client_max_size=100 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, self._host, 0)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        self._webhook_task = asyncio.create_task(self._webhook_loop())
        return self

    async def stop(self) -> None:
        """Stop serving; pending long polls return, open connections are closed."""
        if self._runner is None:
            return
        self._stopping = True
        self._wake()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def start_in_thread(self, timeout: float = 10.0) -> FakeTelegram:
        """Run the server in a daemon thread with its own event loop; returns when it serves."""
        if self._thread is not None:
            raise RuntimeError("FakeTelegram is already running in a thread")
        ready = threading.Event()
        failure: list[BaseException] = []
        loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start())
            except BaseException as error:
                failure.append(error)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self.stop())
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="FakeTelegram", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise RuntimeError("FakeTelegram did not start in time")
        if failure:
            self._thread = None
            raise failure[0]
        return self

    def stop_thread(self, timeout: float = 10.0) -> None:
        """Stop a server started with :meth:`start_in_thread`."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        if not loop.is_closed():
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout)
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self._thread = None

    def __enter__(self) -> FakeTelegram:
        return self.start_in_thread()

    def __exit__(self, *exc_info: object) -> None:
        self.stop_thread()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeTelegram is not running; call start() first")
        return self._port

    @property
    def url(self) -> str:
        """Root URL of the server, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://{self._host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Bot API base URL for PTB (``Bot(base_url=...)``); PTB appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """File download base URL for PTB (``Bot(base_file_url=...)``)."""
        return f"{self.url}/file/bot"

    @property
    def api_url(self) -> str:
        """``base_url`` with the token: ``{api_url}/sendMessage`` is a method URL."""
        return f"{self.base_url}{self.token}"

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's own User object (as getMe returns it, without the capability flags)."""
        return dict(self._world.bot_user)

    # == change notification ================================================================

    def _notify(self) -> None:
        """Wake waiters in the server loop; callable from any thread (world.lock may be held)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if threading.get_ident() == self._loop_thread_id:
            self._wake()
        else:
            with contextlib.suppress(RuntimeError):  # the loop closed in the meantime
                loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        event = self._changed
        if event is not None:
            self._changed = asyncio.Event()
            event.set()

    # == HTTP handlers ======================================================================

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        raw_method = request.match_info["method"]
        lowered = raw_method.lower()
        known = self._api.handlers.get(lowered)
        if known is not None:
            method = known[0]
        elif lowered == "getupdates":
            method = "getUpdates"
        else:
            method = self._real_methods.get(lowered, raw_method)
        try:
            params = await self._read_params(request)
            body_error: ApiError | None = None
        except ApiError as error:
            params, body_error = Params({}), error

        with self._world.lock:
            record = self._world.new_call(method, params.normalised())
            if method != "getUpdates":
                self._in_flight += 1
        try:
            return await self._process(request, record, method, params, body_error)
        except asyncio.CancelledError:
            # The client went away (e.g. PTB cancelled a long poll when stopping).
            self._finish(record, None, None, "cancelled")
            raise
        finally:
            if method != "getUpdates":
                with self._world.lock:
                    self._in_flight -= 1
                    self._world.touch()

    async def _process(
        self,
        request: web.Request,
        record: CallRecord,
        method: str,
        params: Params,
        body_error: ApiError | None,
    ) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._error_response(record, ApiError("Unauthorized", 401))
        lowered = method.lower()
        if lowered not in self._api.handlers and lowered != "getupdates":
            if lowered in self._real_methods:
                return self._error_response(
                    record,
                    ApiError(
                        f"Bad Request: the fake Telegram does not implement {method}; "
                        "add it to tests/fakebot/bot_api.py",
                        kind=UNSUPPORTED,
                    ),
                )
            return self._error_response(record, ApiError("Not Found", 404))
        if body_error is not None:
            return self._error_response(record, body_error)

        delay = self._delays.get(lowered, self._delays.get("*", 0.0))
        if delay > 0:
            await asyncio.sleep(delay)
        fault = self._take_fault(lowered)
        if fault is not None and fault.kind == "drop":
            return self._drop(request, record)
        if fault is not None and fault.kind == "fail" and fault.error is not None:
            return self._error_response(record, fault.error)

        try:
            if lowered == "getupdates":
                result = await self._get_updates(params, record)
            else:
                _, handler = self._api.handlers[lowered]
                with self._world.lock:
                    result = handler(params)
        except ApiError as error:
            return self._error_response(record, error)
        if fault is not None and fault.kind == "drop_after":
            return self._drop(request, record)
        body = {"ok": True, "result": result}
        self._finish(record, 200, body, "ok")
        return web.json_response(body, dumps=_dumps)

    async def _read_params(self, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.method == "POST" and request.body_exists:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise ApiError("Bad Request: can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise ApiError("Bad Request: JSON object expected")
                values.update(body)
            elif content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
                form = await request.post()
                for name, value in form.items():
                    if isinstance(value, web.FileField):
                        files[name] = UploadedFile(
                            value.filename, value.file.read(), value.content_type
                        )
                    else:
                        values[name] = value
            else:
                raw = await request.read()
                if raw.strip():
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        raise ApiError("Bad Request: can't parse JSON object") from None
                    if isinstance(body, dict):
                        values.update(body)
        return Params(values, files)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        not_found = web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )
        if request.match_info["token"] != self.token:
            return not_found
        with self._world.lock:
            stored = self._world.file_by_path(request.match_info["path"])
        if stored is None:
            return not_found
        return web.Response(
            body=stored.content, content_type=stored.mime_type or "application/octet-stream"
        )

    def _finish(
        self, record: CallRecord, status: int | None, body: dict[str, Any] | None, kind: str
    ) -> None:
        with self._world.lock:
            record.status = status
            record.response = body
            record.kind = kind
            record.finished = time.monotonic()
            if record.method != "getUpdates" or record.result:
                self._world.touch()

    def _error_response(self, record: CallRecord, error: ApiError) -> web.StreamResponse:
        body = error.payload()
        self._finish(record, error.status, body, error.kind)
        return web.json_response(body, status=error.status, dumps=_dumps)

    def _drop(self, request: web.Request, record: CallRecord) -> web.StreamResponse:
        self._finish(record, None, None, INJECTED)
        if request.transport is not None:
            request.transport.close()
        return web.Response()  # never written: the transport is closed

    # == long polling and webhooks ==========================================================

    async def _get_updates(self, params: Params, record: CallRecord) -> list[dict[str, Any]]:
        world = self._world
        with world.lock:
            if self._conflict:
                raise ApiError(CONFLICT_GET_UPDATES, 409, kind=INJECTED)
            if world.webhook is not None:
                raise ApiError(CONFLICT_WEBHOOK, 409)
            offset = params.get_int("offset", 0) or 0
            limit = min(max(params.get_int("limit", 100) or 100, 1), 100)
            timeout = min(max(params.get_int("timeout", 0) or 0, 0), LONG_POLL_MAX_TIMEOUT)
            allowed = params.get_json("allowed_updates")
            if allowed is not None:
                if not isinstance(allowed, list):
                    raise ApiError("Bad Request: can't parse allowed_updates JSON object")
                world.allowed_updates = [str(kind) for kind in allowed] or None
            world.confirm_updates(offset)
            world.last_poll = time.monotonic()
        token = object()
        if self._poller is not None:
            self._superseded.add(self._poller)
        self._poller = token
        self._wake()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                changed = self._changed
                if token in self._superseded:
                    # A client that gave up on this poll (PTB cancels it when stopping and
                    # immediately polls again) disconnects; give that a moment to arrive so
                    # only a real second poller gets the 409.
                    await asyncio.sleep(0.1)
                    raise ApiError(CONFLICT_GET_UPDATES, 409)
                with world.lock:
                    updates = world.deliverable_updates(limit)
                remaining = deadline - loop.time()
                if updates or remaining <= 0 or self._stopping or changed is None:
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), remaining)
        finally:
            self._superseded.discard(token)
            if self._poller is token:
                self._poller = None
        with world.lock:
            world.fetched_update_ids.update(u["update_id"] for u in updates)
            world.last_poll = time.monotonic()
            return copy.deepcopy(updates)

    async def _webhook_loop(self) -> None:
        """Deliver pending updates to the webhook one at a time, in order, retrying failures."""
        session: aiohttp.ClientSession | None = None
        backoff = 0.05
        try:
            while True:
                changed = self._changed
                with self._world.lock:
                    hook = dict(self._world.webhook) if self._world.webhook else None
                    pending = self._world.deliverable_updates(1) if hook else []
                if hook is None or not pending or changed is None:
                    if changed is not None:
                        await changed.wait()
                    continue
                update = copy.deepcopy(pending[0])
                if session is None:
                    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
                headers = {}
                if hook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
                error = ""
                try:
                    async with session.post(hook["url"], json=update, headers=headers) as reply:
                        if not 200 <= reply.status < 300:
                            error = (
                                f"Wrong response from the webhook: {reply.status} {reply.reason}"
                            )
                except (aiohttp.ClientError, TimeoutError) as failure:
                    error = f"Connection failed: {failure}"
                with self._world.lock:
                    if error:
                        self._world.webhook_last_error = (int(time.time()), error)
                    else:
                        self._world.updates = [
                            u for u in self._world.updates if u["update_id"] != update["update_id"]
                        ]
                        self._world.fetched_update_ids.add(update["update_id"])
                        self._world.touch()
                if error:
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 1.0)
                else:
                    backoff = 0.05
        finally:
            if session is not None:
                await session.close()

    # == running coroutines on the server loop ==============================================

    def run_on_server_loop(self, coroutine: Awaitable[T], timeout: float = 30.0) -> T:
        """Run a coroutine on the server's loop from another thread and return its result."""
        if self._loop is None:
            raise RuntimeError("FakeTelegram is not running")

        async def wrapper() -> T:
            return await coroutine

        return asyncio.run_coroutine_threadsafe(wrapper(), self._loop).result(timeout)

    def _serves_in_this_thread(self) -> bool:
        return threading.get_ident() == self._loop_thread_id and self._runner is not None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)
