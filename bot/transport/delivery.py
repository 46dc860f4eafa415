"""How the bot talks to the Bot API when the network or Telegram misbehaves.

Every answer is sent **at most once**. A Bot API call is repeated only when Telegram surely did
not carry it out:

- the request never left (no connection, connection refused, every pooled connection busy);
- Telegram's gateway answered 502 Bad Gateway or 503 Service Unavailable (the Bot API server
  did not get the request);
- 429 Too Many Requests is left to PTB's AIORateLimiter, which waits `retry_after` and repeats.

When the request was sent and the answer was lost (the connection dropped, a read timed out,
504 Gateway Timeout), Telegram may or may not have delivered the message, and a repeat could
deliver it twice. Such calls are repeated only when repeating changes nothing (get*, set*,
edit*, delete*, answerCallbackQuery, sendChatAction); for the others (sendMessage, ...)
`DeliveryUncertain` is raised, and the error handler tells the user to ask again if the answer
did not arrive.

`SendingRequest` talks HTTP through `WireRequest`, a PTB `BaseRequest` that raises PTB's
errors as `HTTPXRequest` does: its JSON calls and downloads over wire.py's small keep-alive
HTTP/1.1 client, uploads over aiohttp (`AiohttpRequest`). Under load the httpx/httpcore
stack was most of the bot's CPU, then aiohttp's general request machine half of a send's
(python -m benchmarks --profile). `PollingRequest` is the connection for getUpdates, on the
same `WireRequest` (one long poll at a time): PTB's Updater retries its failures itself.
Once halted (this instance leaves after a 409 Conflict, see lifecycle.py, or a 401 said
the token was revoked) it makes no further getUpdates calls. `ResumePoint`
saves where polling is to resume after a restart, so that a batch of updates whose
confirmation never reached Telegram is not answered twice.

A call Telegram did not carry out is repeated for up to `RETRY_BUDGET` seconds (pauses from
0.25 s doubling to 8 s); at start-up not at all (`without_retries`: an unreachable Telegram
ends the start with one line, and Docker or systemd starts the bot again).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import operator
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import ODVInput  # PTB's type of a timeout argument
from telegram.constants import ParseMode
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.transport import wire

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({502, 503})  # the gateway did not pass the request on
ANSWER_LOST_STATUS = 504  # the gateway gave up waiting: the call may have been carried out
RETRY_BUDGET = 60.0  # seconds of repeating a call that Telegram did not carry out
FIRST_PAUSE, MAX_PAUSE = 0.25, 8.0
# Errors raised before the request was sent: repeating cannot deliver anything twice.
NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    aiohttp.ClientConnectorError,  # no connection (refused, unreachable, TLS handshake)
    aiohttp.ConnectionTimeoutError,  # connecting took too long
    wire.NotSent,  # no connection (refused, unreachable, TLS handshake, connect timeout)
)
REPEATABLE_PREFIXES = ("get", "set", "edit", "delete")
# A repeated button answer is refused as "too old"; a repeated "typing…" shows the same.
REPEATABLE_METHODS = frozenset({"answercallbackquery", "sendchataction"})


class DeliveryUncertain(NetworkError):
    """The request reached Telegram, but its answer was lost: it may have been carried out."""


class TokenRevoked(TelegramError):
    """getUpdates was refused with 401/404: the token was revoked while the bot was running."""


def api_method(url: str) -> str:
    """The Bot API method of a request URL (the URL itself holds the token: never log it)."""
    return url.rsplit("/", 1)[-1]


def is_repeatable(method: str) -> bool:
    """Whether a second call has the same effect as one (so a lost answer may be retried)."""
    lowered = method.lower()
    return lowered.startswith(REPEATABLE_PREFIXES) or lowered in REPEATABLE_METHODS


def was_sent(error: NetworkError) -> bool:
    """False when the request surely never reached Telegram."""
    return not isinstance(error.__cause__, NOT_SENT)


def _rereadable(request_data: RequestData | None) -> bool:
    """Uploads given as open files cannot be sent twice (the first attempt consumed them)."""
    if request_data is None or not request_data.contains_files:
        return True
    return all(isinstance(part[1], bytes) for part in request_data.multipart_data.values())


_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """PTB's BaseRequest on aiohttp, with the errors PTB's HTTPXRequest raises: TimedOut for a
    timeout (a pool timeout says the request was not sent), NetworkError for any other
    failure, each caused by the aiohttp error (see NOT_SENT). Bodies with the parameters
    HTTPXRequest sends: as JSON (the Bot API takes it; cheaper than a form to make and to
    read), multipart when there are files. At most
    `connection_pool_size` requests are under way; the others wait up to `pool_timeout`.
    """

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._slots = asyncio.Semaphore(connection_pool_size)
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            # The Bot API sets no cookies: no jar to look them up in and store them for
            # every request.
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    @contextlib.asynccontextmanager
    async def _slot(self, pool_timeout: ODVInput[float]) -> AsyncIterator[None]:
        """A free connection, or PTB's pool TimedOut (caused by httpx.PoolTimeout: not sent)."""
        await self._acquire(pool_timeout)
        try:
            yield
        finally:
            self._slots.release()

    async def _acquire(self, pool_timeout: ODVInput[float]) -> None:
        """Take a free connection (release it with `self._slots.release()`), or raise PTB's
        pool TimedOut (caused by httpx.PoolTimeout: not sent)."""
        if not self._slots.locked():
            await self._slots.acquire()  # free: no wait
            return
        wait = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        try:
            async with asyncio.timeout(wait):
                await self._slots.acquire()
        except TimeoutError:
            raise TimedOut(
                "Pool timeout: every connection is busy; the request was not sent to Telegram"
            ) from httpx.PoolTimeout("every connection is busy")

    def let_go(self) -> None:
        """Close the session's connections at once, without awaiting (for a failed start,
        after which the bot exits and PTB never shuts this request down)."""
        session, self._session = self._session, None
        if session is None or session.closed:
            return
        connector = session.connector
        session.detach()
        close_now = getattr(connector, "_close", None)  # aiohttp's synchronous part of close()
        if close_now is not None:
            close_now()

    def _read_wait(self, read: float | None, write: float | None) -> float | None:
        """aiohttp's sock_read: aiohttp has no write timeout of its own, so sending counts
        against reading's (None: no limit)."""
        return None if read is None or write is None else read + write

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None:  # as HTTPXRequest, usable before initialize()
            await self.initialize()
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data is not None else None
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        if isinstance(write_timeout, DefaultValue):
            write_timeout = self._media_write_timeout if files else self._write_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        timeout = aiohttp.ClientTimeout(
            sock_connect=connect, sock_read=self._read_wait(read, write_timeout)
        )
        body: aiohttp.FormData | bytes | None = None
        headers = None
        if request_data is not None and files:
            form = aiohttp.FormData(request_data.json_parameters)
            for name, (filename, content, mimetype) in files.items():
                form.add_field(name, content, filename=filename, content_type=mimetype)
            body = form
        elif request_data is not None:
            # The parameters as one JSON object (PTB's json_payload: each value as PTB
            # encodes it for a form): no form encoding of a long HTML text, for either side.
            body, headers = request_data.json_payload, _JSON
        async with self._slot(pool_timeout):
            try:
                async with session.request(
                    method, url, data=body, headers=headers, timeout=timeout
                ) as response:
                    return response.status, await response.read()
            except TimeoutError as err:  # aiohttp's connect and read timeouts included
                raise TimedOut from err
            except aiohttp.ClientError as err:
                raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


class WireRequest(AiohttpRequest):
    """AiohttpRequest with the Bot API's JSON calls and file downloads made over `wire.Pool`
    (bot/transport/wire.py: a keep-alive HTTP/1.1 client that does only what these need, at a
    fraction of aiohttp's CPU a call), with the same errors: TimedOut for a timeout, NetworkError
    for any other failure, each caused by an error NOT_SENT names when the request never left.
    Uploads (multipart) still go over aiohttp's session."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pool: wire.Pool | None = None

    async def initialize(self) -> None:
        await super().initialize()
        if self._pool is None:
            self._pool = wire.Pool(self.USER_AGENT)

    async def shutdown(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
        await super().shutdown()

    def let_go(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
        super().let_go()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        target = wire.split_url(url)
        uploads = request_data is not None and request_data.contains_files
        if uploads or target is None or method not in ("GET", "POST"):
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        if self._session is None:  # as HTTPXRequest, usable before initialize()
            await self.initialize()
        pool = self._pool
        if pool is None or self._session is None or self._session.closed:
            raise RuntimeError("This WireRequest is not initialized!")
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        write = self._write_timeout if isinstance(write_timeout, DefaultValue) else write_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        # The parameters as one JSON object, as AiohttpRequest sends them.
        body = request_data.json_payload if request_data is not None else None
        await self._acquire(pool_timeout)
        try:
            return await pool.request(
                method,
                target,
                body,
                connect_timeout=connect,
                read_timeout=self._read_wait(read, write),
            )
        except TimeoutError as err:  # connecting (wire.ConnectTimeout: not sent) or reading
            raise TimedOut from err
        except (wire.NotSent, wire.Disconnected, wire.BadResponse, OSError) as err:
            raise NetworkError(f"wire.{err.__class__.__name__}: {err}") from err
        finally:
            self._slots.release()


class SendingRequest(WireRequest):
    """The connection for every Bot API call but getUpdates, with the retry policy above."""

    def __init__(
        self,
        *,
        retry_budget: float = RETRY_BUDGET,
        first_pause: float = FIRST_PAUSE,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.retry_budget = retry_budget
        self.first_pause = first_pause
        self.retrying = True

    @contextlib.contextmanager
    def without_retries(self) -> Iterator[None]:
        """Fail fast (at start-up: an unreachable Telegram ends the start with one line)."""
        self.retrying = False
        try:
            yield
        except BaseException:
            # The start failed and the bot exits without PTB's shutdown of this request:
            # the session is let go at once (no "Unclosed client session" on the way out).
            self.let_go()
            raise
        finally:
            self.retrying = True

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = api_method(url)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.retry_budget
        pause = self.first_pause
        may_repeat = _rereadable(request_data)
        while True:
            failure: NetworkError | None = None
            try:
                code, payload = await super().do_request(
                    url,
                    method,
                    request_data,
                    read_timeout=read_timeout,
                    write_timeout=write_timeout,
                    connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
            except NetworkError as error:  # TimedOut included
                failure, sent, what = error, was_sent(error), error.message
            else:
                if code not in RETRY_STATUSES and code != ANSWER_LOST_STATUS:
                    return code, payload
                sent, what = code == ANSWER_LOST_STATUS, f"HTTP {code}"
            if sent and not is_repeatable(endpoint):
                raise DeliveryUncertain(
                    f"{endpoint}: Telegram's answer was lost ({what}); the call may or may not "
                    "have been carried out"
                ) from failure
            remaining = deadline - loop.time()
            if not (self.retrying and may_repeat) or remaining <= 0:
                if failure is not None:
                    raise failure
                return code, payload
            wait = min(pause, remaining)
            logger.warning("Telegram failed %s (%s); trying again in %.2g s", endpoint, what, wait)
            await asyncio.sleep(wait)
            pause = min(pause * 2, MAX_PAUSE)


async def send_text(
    bot: ExtBot[Any],
    chat_id: int,
    text: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    reply_parameters: ReplyParameters | None = None,
) -> None:
    """`bot.send_message(chat_id, text, parse_mode=HTML, ...)`, less what follows the send:
    PTB reads Telegram's copy of the sent message into a Message (its chat, its sender, its
    entities, its keyboard again), a seventh of the bot's CPU under load, and an answer needs
    none of it. The same request body (the bot's defaults inserted), through the same rate
    limiter and this module's retry policy, with the same errors.

    Without a quote (every private chat) the request is put together here rather than by
    `bot._post`: the defaults' part of it is the same for every send and is worked out once
    per bot (`_default_parameters`), and the parameters need none of PTB's generic
    conversion of each value. A quote (in groups) goes through `bot._post`, which inserts the
    defaults into the ReplyParameters."""
    markup = keyboard_json(reply_markup) if reply_markup is not None else None
    if reply_parameters is not None:
        await bot._post(
            "sendMessage",
            {
                "chat_id": chat_id,
                "text": text,
                "parse_mode": ParseMode.HTML,
                "reply_markup": markup,
                "reply_parameters": reply_parameters,
                # As send_message leaves them for the bot's Defaults to fill in.
                "link_preview_options": DEFAULT_NONE,
                "disable_notification": DEFAULT_NONE,
                "protect_content": DEFAULT_NONE,
            },
        )
        return
    # What bot.send_message would ask for, in its order, with the None values dropped.
    defaults = _default_parameters(bot)
    parameters = [RequestParameter("chat_id", chat_id, None), RequestParameter("text", text, None)]
    data: dict[str, Any] = {"chat_id": chat_id, "text": text}
    for name in _SEND_ORDER:
        if name == "parse_mode":
            parameters.append(_HTML)
            data[name] = ParseMode.HTML
        elif name == "reply_markup":
            if markup is not None:
                parameters.append(RequestParameter(name, markup, None))
                data[name] = markup
        elif name in defaults:
            value, parameter = defaults[name]
            parameters.append(parameter)
            data[name] = value
    await _post_prepared(bot, "sendMessage", data, RequestData(parameters))


_HTML = RequestParameter.from_input("parse_mode", ParseMode.HTML)
# The parameters send_message leaves for the bot's Defaults to fill in.
_DEFAULTED = ("disable_notification", "link_preview_options", "protect_content")
# The order in which send_message puts its parameters after the chat and the text.
_SEND_ORDER = ("disable_notification", "link_preview_options", "parse_mode", "protect_content",
               "reply_markup")  # fmt: skip
_DefaultParameters = dict[str, tuple[object, RequestParameter]]
_defaults_made: dict[tuple[type[Any], object], _DefaultParameters] = {}


def _default_parameters(bot: ExtBot[Any]) -> _DefaultParameters:
    """The parameters the bot's Defaults put into a send (`_DEFAULTED`, as `bot._post` inserts
    them; those left None are not sent), each with its request parameter; made once per
    Defaults (they never change)."""
    key = (type(bot), bot.defaults)
    made = _defaults_made.get(key)
    if made is None:
        data: dict[str, object] = dict.fromkeys(_DEFAULTED, DEFAULT_NONE)
        bot._insert_defaults(data)
        made = {
            name: (value, RequestParameter.from_input(name, value))
            for name, value in data.items()
            if value is not None
        }
        _defaults_made[key] = made
    return made


async def _post_prepared(
    bot: ExtBot[Any], endpoint: str, data: dict[str, Any], request_data: RequestData
) -> Any:
    """What `bot._do_post` does with the request data made from `data`: through the bot's rate
    limiter (which reads `data`: its chat id), then the bot's request, with its errors."""
    url = f"{bot.base_url}/{endpoint}"
    log = bot._LOGGER
    if log.isEnabledFor(logging.DEBUG):
        log.debug("Calling Bot API endpoint `%s` with parameters `%s`", endpoint, data)

    async def post() -> Any:
        return await bot.request.post(url, request_data)

    limiter = bot.rate_limiter
    if limiter is None:
        result = await post()
    else:
        result = await limiter.process_request(
            callback=post, args=(), kwargs={}, endpoint=endpoint, data=data, rate_limit_args=None
        )
    if log.isEnabledFor(logging.DEBUG):
        log.debug("Call to Bot API endpoint `%s` finished with return value `%s`", endpoint, result)
    return result


# The fields of a button that hold text or a number: a button with no other is written here;
# any other (a web app, a login URL, ...) is PTB's to write.
_PLAIN_BUTTON = (
    "callback_data",
    "icon_custom_emoji_id",
    "pay",
    "style",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "text",
    "url",
)
_OTHER_BUTTON = tuple(sorted(set(InlineKeyboardButton.__slots__) - set(_PLAIN_BUTTON)))
_plain_fields = operator.attrgetter(*_PLAIN_BUTTON)
_other_fields = operator.attrgetter(*_OTHER_BUTTON)
_NO_OTHER = (None,) * len(_OTHER_BUTTON)


def keyboard_json(markup: InlineKeyboardMarkup) -> str:
    """`json.dumps(markup.to_dict())`, without PTB's generic walk of every button's attributes
    (a tenth of a send): a button of text, callback data or a URL is written field by field;
    any other button, or extra API fields, by PTB itself."""
    if markup.api_kwargs:
        return json.dumps(markup.to_dict())
    rows: list[list[dict[str, Any]]] = []
    for row in markup.inline_keyboard:
        written: list[dict[str, Any]] = []
        for b in row:
            if b.api_kwargs or _other_fields(b) != _NO_OTHER:
                written.append(b.to_dict())
                continue
            fields = zip(_PLAIN_BUTTON, _plain_fields(b), strict=True)
            written.append({name: value for name, value in fields if value is not None})
        rows.append(written)
    return json.dumps({"inline_keyboard": rows})


_NOTHING_NEW = json.dumps({"ok": True, "result": []}).encode()


class ResumePoint:
    """Where polling resumes after a restart: the offset after the last update the bot took
    in, saved in BOT_DATA_DIR when it stops.

    Telegram forgets the updates below the `offset` of a getUpdates call; PTB confirms the
    last batch with one more getUpdates as it stops. When that call fails (Telegram failing
    just then), the saved offset keeps the restarted bot from answering the batch a second
    time. It is ignored when it belongs to another bot or is older than 23 hours (Telegram
    keeps updates for 24 hours, and numbers them afresh after a quiet week).
    """

    FILE = "update_offset.json"
    MAX_AGE = 23 * 3600.0

    def __init__(self, path: Path, bot_id: int, clock: Callable[[], float] = time.time) -> None:
        self.path, self.bot_id, self._clock = path, bot_id, clock

    @classmethod
    def in_data_dir(cls, data_dir: Path, token: str) -> ResumePoint:
        return cls(Path(data_dir) / cls.FILE, int(token.split(":", 1)[0]))

    def load(self) -> int:
        """The offset to start polling at (0: wherever Telegram is)."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            fresh = self._clock() - float(saved["saved_at"]) < self.MAX_AGE
            if saved["bot_id"] == self.bot_id and fresh:
                return int(saved["offset"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return 0

    def save(self, offset: int) -> None:
        """Remember `offset` (the id after the last update taken in); 0: nothing to save."""
        if offset <= 0:
            return
        record = {"bot_id": self.bot_id, "offset": offset, "saved_at": self._clock()}
        partial = self.path.with_suffix(".tmp")
        try:
            partial.write_text(json.dumps(record), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError as error:  # a full or read-only disk must not stop the bot
            logger.warning("Could not save the polling offset in %s: %s", self.path, error)


class PollingRequest(WireRequest):
    """The connection for getUpdates, on WireRequest like the sends (under load httpx/httpcore's
    polls were a twentieth of the bot's CPU). Once halted — after a 409 Conflict that makes
    this instance leave (lifecycle.py decides), or a 401/404 (the token was revoked) — it stops
    asking: every later getUpdates waits out its long-poll timeout and returns no updates, so
    this process can never knock the other instance's poll off while it shuts down."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.halted_by: int | None = None  # the HTTP status that made it stop

    def _read_wait(self, read: float | None, write: float | None) -> float | None:
        """The read timeout alone, as HTTPXRequest had it: a getUpdates body is a few bytes
        (sending it never waits), and PTB's last poll at shutdown (timeout 0) must give up
        within the read timeout, well inside the stop deadline (lifecycle.py)."""
        return read

    def halt(self, status: int) -> None:
        """Make no further getUpdates calls (this instance is leaving)."""
        if self.halted_by is None:
            self.halted_by = status

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self.halted_by is not None:
            await asyncio.sleep(_long_poll_timeout(request_data))
            return 200, _NOTHING_NEW
        code, payload = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        # 409: PTB raises Conflict; the lifecycle decides whether this instance leaves (and
        # halts this request before the next poll) or keeps polling.
        if code in (401, 404):
            self.halted_by = code
            # Not InvalidToken: PTB's polling loop would end silently and leave the bot running
            # deaf; this error reaches the error callback, which stops the bot.
            raise TokenRevoked(f"{api_method(url)}: Telegram refused the token (HTTP {code})")
        return code, payload


def _long_poll_timeout(request_data: RequestData | None) -> float:
    value = request_data.parameters.get("timeout") if request_data is not None else None
    return float(value) if isinstance(value, int | float) else 0.0
