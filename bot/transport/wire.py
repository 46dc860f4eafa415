"""A small HTTP/1.1 client for the Bot API's own calls: keep-alive connections to its host.

aiohttp's ClientSession makes each request through a general machine (a ClientRequest, header
multidicts, a payload registry, a writer task, tracing hooks, a response object): under load
that was half the cost of a send (python -m benchmarks --profile). A Bot API call is much
simpler: a POST of one JSON body (or a GET of a file) to one host, read back with its
Content-Length. `Pool` does just that over asyncio protocols, and reads any answer HTTP/1.1
allows: a Content-Length, chunked, or until the connection closes; gzip or deflate; 1xx
interim answers skipped.

Failures are exceptions of this module, for delivery.py to raise as PTB's errors: `NotSent`
(no connection: refused, unreachable, TLS handshake failed; `ConnectTimeout` is one, and a
TimeoutError) says the request never left; `Disconnected` (the connection closed before the
answer was complete), `BadResponse` and a read `TimeoutError` say it may have been carried
out. A connection idle for more than `KEEPALIVE` seconds is closed rather than reused
(aiohttp's default too): servers close idle connections, and a request written to a
connection the server is just closing is lost.
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

KEEPALIVE = 15.0  # seconds an idle connection is kept for reuse
MAX_HEAD = 64 * 1024  # bytes of a status line and headers


class NotSent(Exception):
    """No connection could be made: the request never left."""


class ConnectTimeout(NotSent, TimeoutError):
    """Connecting took too long: the request never left."""


class Disconnected(Exception):
    """The connection closed before the whole answer arrived."""


class BadResponse(Exception):
    """The server's answer is not HTTP/1.x as this client reads it."""


Origin = tuple[str, str, int]  # scheme, host, port


@lru_cache(maxsize=512)
def split_url(url: str) -> tuple[Origin, str, str] | None:
    """(origin, the request target, the Host header) of an http(s) URL; None for any other."""
    if not url.isascii():
        return None
    parts = urlsplit(url)
    scheme, host = parts.scheme, parts.hostname
    if scheme not in ("http", "https") or not host or parts.username or parts.password:
        return None
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    shown = f"[{host}]" if ":" in host else host
    default = (scheme, port) in (("http", 80), ("https", 443))
    return (scheme, host, port), target, shown if default else f"{shown}:{port}"


class _Connection(asyncio.Protocol):
    """One keep-alive connection; reads one answer at a time."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.idle_since = 0.0
        self._buffer = bytearray()
        self._answer: asyncio.Future[tuple[int, bytes]] | None = None
        self._status = 0  # of the answer being read; 0: its head has not arrived
        self._length: int | None = None  # of its body; None: chunked or until closed
        self._chunked = False
        self._keep_alive = False
        self._encoding = ""
        self._chunks: list[bytes] = []
        self.last_read = 0.0

    # ------------------------------------------------------------------ asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        answer = self._answer
        if answer is None or answer.done():
            return
        if self._status and self._length is None and not self._chunked:
            self._finish(bytes(self._buffer))  # an answer that lasts until the connection closes
            return
        error = Disconnected("the server closed the connection before the answer was complete")
        error.__cause__ = exc
        answer.set_exception(error)

    def eof_received(self) -> bool:
        return False  # close our side too (connection_lost follows)

    def data_received(self, data: bytes) -> None:
        self.last_read = self.loop.time()
        if self._answer is None or self._answer.done():
            self.close()  # nothing was asked: the connection is out of step
            return
        self._buffer += data
        try:
            self._read()
        except BadResponse as error:
            self._answer.set_exception(error)
            self.close()

    # ------------------------------------------------------------------ requests

    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes]]:
        """Write one request; the future is its answer's (status, body)."""
        assert self.transport is not None
        self._answer = self.loop.create_future()
        self._status, self._length, self._chunked = 0, None, False
        self.last_read = self.loop.time()
        self.transport.write(request)
        return self._answer

    @property
    def reusable(self) -> bool:
        return (
            not self.closed
            and self._keep_alive
            and not self._buffer
            and self.transport is not None
            and not self.transport.is_closing()
        )

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    # ------------------------------------------------------------------ reading an answer

    def _read(self) -> None:
        while True:
            if not self._status:
                end = self._buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(self._buffer) > MAX_HEAD:
                        raise BadResponse("the answer's headers are too long")
                    return
                head = bytes(self._buffer[:end])
                del self._buffer[: end + 4]
                if self._head(head):  # an interim 1xx answer: the real one follows
                    continue
            if self._length is not None:
                if len(self._buffer) < self._length:
                    return
                body = bytes(self._buffer[: self._length])
                del self._buffer[: self._length]
                self._finish(body)
                return
            if not self._chunked:
                return  # read until the connection closes
            if self._chunk():
                return

    def _head(self, head: bytes) -> bool:
        """Read the status line and headers; True for an interim (1xx) answer."""
        try:
            text = head.decode("latin-1")
            status_line, *lines = text.split("\r\n")
            version, code, *_ = status_line.split(" ", 2)
            status = int(code)
        except ValueError:
            raise BadResponse(f"not an HTTP status line: {head[:80]!r}") from None
        if not version.startswith("HTTP/1.") or not 100 <= status <= 999:
            raise BadResponse(f"not an HTTP/1.x status line: {head[:80]!r}")
        if status < 200:
            return True
        headers: dict[str, str] = {}
        for line in lines:
            name, colon, value = line.partition(":")
            if not colon:
                raise BadResponse(f"not a header line: {line[:80]!r}")
            headers[name.strip().lower()] = value.strip()
        connection = headers.get("connection", "").lower()
        if version == "HTTP/1.0":
            self._keep_alive = "keep-alive" in connection
        else:
            self._keep_alive = "close" not in connection
        transfer = headers.get("transfer-encoding", "").lower()
        length = headers.get("content-length")
        self._status, self._length, self._chunked = status, None, False
        self._encoding = headers.get("content-encoding", "identity").lower()
        if transfer:
            if transfer.rsplit(",", 1)[-1].strip() != "chunked":
                raise BadResponse(f"unsupported transfer encoding {transfer!r}")
            self._chunked, self._chunks = True, []
        elif status in (204, 304):
            self._length = 0
        elif length is not None:
            if not length.isdigit():
                raise BadResponse(f"bad Content-Length {length!r}")
            self._length = int(length)
        else:
            self._keep_alive = False  # the body ends when the connection closes
        return False

    def _chunk(self) -> bool:
        """Read what chunks have arrived; True when more must arrive first (or it is done)."""
        while True:
            end = self._buffer.find(b"\r\n")
            if end < 0:
                return True
            size_field = bytes(self._buffer[:end]).split(b";", 1)[0].strip()
            try:
                size = int(size_field, 16)
            except ValueError:
                raise BadResponse(f"bad chunk size {size_field[:20]!r}") from None
            if size == 0:
                trailer_end = self._buffer.find(b"\r\n\r\n", end)  # after any trailers
                if trailer_end < 0:
                    return True
                del self._buffer[: trailer_end + 4]
                self._finish(b"".join(self._chunks))
                return True
            if len(self._buffer) < end + 2 + size + 2:
                return True
            start = end + 2
            self._chunks.append(bytes(self._buffer[start : start + size]))
            if self._buffer[start + size : start + size + 2] != b"\r\n":
                raise BadResponse("a chunk does not end with CRLF")
            del self._buffer[: start + size + 2]

    def _finish(self, body: bytes) -> None:
        answer, status, encoding = self._answer, self._status, self._encoding
        self._status = 0
        self.idle_since = self.loop.time()
        if answer is None or answer.done():
            return
        try:
            answer.set_result((status, _decoded(body, encoding)))
        except BadResponse as error:
            answer.set_exception(error)
            self.close()


def _decoded(body: bytes, encoding: str) -> bytes:
    """The body without its Content-Encoding (gzip or deflate; none is asked for)."""
    if encoding in ("", "identity"):
        return body
    try:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some send it
    except zlib.error as error:
        raise BadResponse(f"the answer does not decompress: {error}") from None
    raise BadResponse(f"unsupported content encoding {encoding!r}")


class Pool:
    """Keep-alive connections, reused most recently used first. It limits nothing itself: the
    caller holds at most as many requests under way as it wants connections."""

    def __init__(self, user_agent: str, ssl_context: Callable[[], ssl.SSLContext] | None = None):
        self._idle: dict[Origin, list[_Connection]] = {}
        self._user_agent = user_agent
        self._ssl_factory = ssl_context or ssl.create_default_context
        self._ssl: ssl.SSLContext | None = None
        self._all: set[_Connection] = set()

    async def request(
        self,
        method: str,
        url: tuple[Origin, str, str],
        body: bytes | None,
        *,
        content_type: str = "application/json",
        connect_timeout: float | None,
        read_timeout: float | None,
    ) -> tuple[int, bytes]:
        """(status, body) of one request; raises NotSent, Disconnected, BadResponse or
        TimeoutError (reading: no byte for `read_timeout` seconds)."""
        origin, target, host = url
        connection = await self._connection(origin, connect_timeout)
        head = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {self._user_agent}\r\n"
        if body is None:
            request = f"{head}Accept: */*\r\n\r\n".encode("latin-1")
        else:
            request = (
                f"{head}Accept: */*\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode("latin-1") + body
        answer = connection.send(request)
        watch = _ReadTimer(connection, answer, read_timeout) if read_timeout is not None else None
        try:
            status, payload = await answer
        except BaseException:
            connection.close()  # cancelled or failed half way: its state is unknown
            self._all.discard(connection)
            raise
        finally:
            if watch is not None:
                watch.cancel()
        if connection.reusable:
            self._idle.setdefault(origin, []).append(connection)
        else:
            connection.close()
            self._all.discard(connection)
        return status, payload

    async def _connection(self, origin: Origin, timeout: float | None) -> _Connection:
        loop = asyncio.get_running_loop()
        idle = self._idle.get(origin)
        now = loop.time()
        while idle:
            connection = idle.pop()
            if connection.reusable and now - connection.idle_since < KEEPALIVE:
                return connection
            connection.close()
            self._all.discard(connection)
        scheme, host, port = origin
        context = None
        if scheme == "https":
            if self._ssl is None:
                self._ssl = self._ssl_factory()
            context = self._ssl
        try:
            async with asyncio.timeout(timeout):
                _, connection = await loop.create_connection(
                    lambda: _Connection(loop),
                    host,
                    port,
                    ssl=context,
                    server_hostname=host if context is not None else None,
                )
        except TimeoutError as error:
            raise ConnectTimeout(f"connecting to {host}:{port} took too long") from error
        except OSError as error:  # refused, unreachable, no such host, TLS handshake
            raise NotSent(f"cannot connect to {host}:{port}: {error}") from error
        self._all.add(connection)
        return connection

    def close(self) -> None:
        """Close every connection (idle or in use) at once."""
        for connection in self._all:
            connection.close()
        self._all.clear()
        self._idle.clear()


class _ReadTimer:
    """Fails an answer with TimeoutError once no byte has arrived for `timeout` seconds (the
    read timeout of aiohttp and httpx: between reads, not for the whole answer)."""

    def __init__(
        self, connection: _Connection, answer: asyncio.Future[tuple[int, bytes]], timeout: float
    ) -> None:
        self._connection, self._answer, self._timeout = connection, answer, timeout
        self._handle = connection.loop.call_at(connection.last_read + timeout, self._check)

    def _check(self) -> None:
        if self._answer.done():
            return
        loop, due = self._connection.loop, self._connection.last_read + self._timeout
        if loop.time() >= due:
            self._answer.set_exception(TimeoutError(f"no answer for {self._timeout:g} s"))
        else:  # bytes came meanwhile: wait from the last of them
            self._handle = loop.call_at(due, self._check)

    def cancel(self) -> None:
        self._handle.cancel()
