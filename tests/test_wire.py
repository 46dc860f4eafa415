"""The Bot API's HTTP/1.1 client (bot/transport/wire.py) against a raw server that answers as
HTTP allows, and through WireRequest with PTB's error model: what was never sent says so."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest

from bot.transport import wire
from bot.transport.delivery import AiohttpRequest, WireRequest, was_sent

Answer = Callable[[bytes, asyncio.StreamWriter], Awaitable[None]]
OK = json.dumps({"ok": True, "result": True}).encode()


class RawServer:
    """A loopback server: each request (read up to the end of its body) is answered by
    `answer`; it counts the connections made to it and keeps the requests it read."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.connections = 0
        self.requests: list[bytes] = []
        self.server: asyncio.Server | None = None

    async def __aenter__(self) -> RawServer:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self.server is not None
        self.server.close()

    @property
    def url(self) -> str:
        assert self.server is not None
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/bot123:abc/sendMessage"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                request = head + await reader.readexactly(length)
                self.requests.append(request)
                await self.answer(request, writer)
                if writer.is_closing():
                    return
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client went, or the test ended
        finally:
            writer.close()


def answer_with(*parts: bytes, close: bool = False, pause: float = 0.0) -> Answer:
    """Write `parts` one by one (with `pause` between them), then close if asked."""

    async def answer(_: bytes, writer: asyncio.StreamWriter) -> None:
        for part in parts:
            writer.write(part)
            await writer.drain()
            if pause:
                await asyncio.sleep(pause)
        if close:
            writer.close()

    return answer


def with_length(body: bytes, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{extra}"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


@pytest.fixture
async def request_() -> AsyncIterator[WireRequest]:
    request = WireRequest(connection_pool_size=2, read_timeout=1.0, write_timeout=0.5)
    await request.initialize()
    yield request
    await request.shutdown()


async def post(request: BaseRequest, url: str) -> tuple[int, bytes]:
    from telegram.request import RequestData
    from telegram.request._requestparameter import RequestParameter

    data = RequestData([RequestParameter("chat_id", 1, None), RequestParameter("text", "ā", None)])
    return await request.do_request(url, "POST", data)


async def test_answers_with_a_length_come_back_over_one_kept_connection(
    request_: WireRequest,
) -> None:
    async with RawServer(answer_with(with_length(OK))) as server:
        for _ in range(3):
            assert await post(request_, server.url) == (200, OK)
    assert server.connections == 1
    head, body = server.requests[0].split(b"\r\n\r\n", 1)
    assert head.startswith(b"POST /bot123:abc/sendMessage HTTP/1.1\r\n")
    assert b"\r\nContent-Type: application/json\r\n" in head
    assert json.loads(body) == {"chat_id": "1", "text": "ā"}


@pytest.mark.parametrize("pieces", [1, 7, 1000])
async def test_a_chunked_answer_in_any_pieces(request_: WireRequest, pieces: int) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"5;ext=1\r\n"
        + OK[:5]
        + b"\r\n"
        + f"{len(OK) - 5:x}\r\n".encode()
        + OK[5:]
        + b"\r\n0\r\nX-Trailer: yes\r\n\r\n"
    )
    size = max(1, len(chunked) // pieces)
    parts = [chunked[i : i + size] for i in range(0, len(chunked), size)]
    async with RawServer(answer_with(*parts, pause=0.001 if pieces < 100 else 0)) as server:
        assert await post(request_, server.url) == (200, OK)
        assert await post(request_, server.url) == (200, OK)
    assert server.connections == 1


async def test_an_answer_that_lasts_until_the_connection_closes(request_: WireRequest) -> None:
    async with RawServer(answer_with(b"HTTP/1.0 200 OK\r\n\r\n", OK, close=True)) as server:
        assert await post(request_, server.url) == (200, OK)
        assert await post(request_, server.url) == (200, OK)
    assert server.connections == 2


async def test_connection_close_is_not_reused_and_interim_answers_are_skipped(
    request_: WireRequest,
) -> None:
    answer = answer_with(
        b"HTTP/1.1 100 Continue\r\n\r\n", with_length(OK, "Connection: close\r\n"), close=True
    )
    async with RawServer(answer) as server:
        assert await post(request_, server.url) == (200, OK)
        assert await post(request_, server.url) == (200, OK)
    assert server.connections == 2


async def test_a_gzip_answer_is_unpacked(request_: WireRequest) -> None:
    packed = gzip.compress(OK)
    async with RawServer(answer_with(with_length(packed, "Content-Encoding: gzip\r\n"))) as server:
        assert await post(request_, server.url) == (200, OK)


async def test_an_error_status_comes_back_as_it_is(request_: WireRequest) -> None:
    refused = json.dumps({"ok": False, "error_code": 400, "description": "Bad"}).encode()
    answer = answer_with(with_length(refused).replace(b"200 OK", b"400 Bad Request"))
    async with RawServer(answer) as server:
        assert await post(request_, server.url) == (400, refused)


async def test_a_connection_the_server_closed_while_idle_is_not_used_again(
    request_: WireRequest,
) -> None:
    async def answer_then_hang_up(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(with_length(OK))  # keep-alive, but the server hangs up right after
        await writer.drain()
        writer.close()

    async with RawServer(answer_then_hang_up) as server:
        assert await post(request_, server.url) == (200, OK)
        await asyncio.sleep(0.05)  # the close arrives
        assert await post(request_, server.url) == (200, OK)
    assert server.connections == 2


async def test_a_connection_idle_too_long_is_not_used_again(
    request_: WireRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wire, "KEEPALIVE", 0.05)
    async with RawServer(answer_with(with_length(OK))) as server:
        assert await post(request_, server.url) == (200, OK)
        await asyncio.sleep(0.1)
        assert await post(request_, server.url) == (200, OK)
    assert server.connections == 2


async def test_an_answer_cut_off_is_a_network_error_that_may_have_been_carried_out(
    request_: WireRequest,
) -> None:
    async with RawServer(answer_with(with_length(OK)[:-3], close=True)) as server:
        with pytest.raises(NetworkError) as raised:
            await post(request_, server.url)
    assert not isinstance(raised.value, TimedOut)
    assert was_sent(raised.value)
    assert isinstance(raised.value.__cause__, wire.Disconnected)


@pytest.mark.parametrize(
    "garbage",
    [b"SMTP ready\r\n\r\n", b"HTTP/1.1 OK\r\n\r\n", b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
     b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
     b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"],
)  # fmt: skip
async def test_an_answer_that_is_not_http_is_a_network_error(
    request_: WireRequest, garbage: bytes
) -> None:
    async with RawServer(answer_with(garbage)) as server:
        with pytest.raises(NetworkError) as raised:
            await post(request_, server.url)
    assert was_sent(raised.value)
    assert isinstance(raised.value.__cause__, wire.BadResponse)


async def test_no_answer_is_a_read_timeout_that_may_have_been_carried_out() -> None:
    request = WireRequest(read_timeout=0.2, write_timeout=0.1)
    async with RawServer(answer_with()) as server:  # reads the request, never answers
        started = asyncio.get_running_loop().time()
        with pytest.raises(TimedOut) as raised:
            await post(request, server.url)
        took = asyncio.get_running_loop().time() - started
    await request.shutdown()
    assert 0.25 <= took < 1.0  # read + write timeout, as AiohttpRequest counts them
    assert was_sent(raised.value)


async def test_a_slow_answer_that_keeps_coming_is_not_a_timeout() -> None:
    """The read timeout runs between bytes, not for the whole answer."""
    request = WireRequest(read_timeout=0.1, write_timeout=0.0)
    answer = with_length(OK)
    async with RawServer(answer_with(*[bytes([b]) for b in answer], pause=0.01)) as server:
        assert await post(request, server.url) == (200, OK)  # ~0.5 s in all
    await request.shutdown()


async def test_a_cancelled_request_closes_its_connection(request_: WireRequest) -> None:
    async def slowly(_: bytes, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(0.3)
        writer.write(with_length(OK))

    async with RawServer(slowly) as server:
        task = asyncio.create_task(post(request_, server.url))
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await post(request_, server.url) == (200, OK)
    assert server.connections == 2


UNREACHABLE = "http://127.0.0.1:9/bot123456:ABC/getMe"  # the discard port: refused


@pytest.mark.parametrize("kind", [AiohttpRequest, WireRequest])
async def test_a_refused_connection_is_a_network_error_never_sent(
    kind: type[AiohttpRequest],
) -> None:
    request = kind()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.do_request(UNREACHABLE, "POST")  # usable before initialize()
        assert not isinstance(raised.value, TimedOut)
        assert not was_sent(raised.value)
    finally:
        await request.shutdown()


async def test_a_connect_timeout_is_timed_out_never_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def never(*_: object, **__: object) -> None:
        await asyncio.sleep(10)

    request = WireRequest(connect_timeout=0.05)
    await request.initialize()
    monkeypatch.setattr(asyncio.get_running_loop(), "create_connection", never)
    try:
        with pytest.raises(TimedOut) as raised:
            await request.do_request(UNREACHABLE, "POST")
        assert not was_sent(raised.value)
    finally:
        await request.shutdown()


async def test_a_busy_pool_times_out_and_the_request_was_never_sent() -> None:
    request = WireRequest(connection_pool_size=1, pool_timeout=0.05)
    await request.initialize()
    try:
        async with request._slot(BaseRequest.DEFAULT_NONE):  # the one connection is busy
            with pytest.raises(TimedOut) as raised:
                await request.do_request(UNREACHABLE, "POST")
        assert not was_sent(raised.value)
    finally:
        await request.shutdown()


async def test_after_shutdown_it_must_be_initialized_again() -> None:
    request = WireRequest()
    await request.initialize()
    await request.shutdown()
    with pytest.raises(RuntimeError):
        await request.do_request(UNREACHABLE, "POST")


def test_urls_it_cannot_send_are_left_to_aiohttp() -> None:
    assert wire.split_url("https://api.telegram.org/bot1:a/getMe") == (
        ("https", "api.telegram.org", 443),
        "/bot1:a/getMe",
        "api.telegram.org",
    )
    assert wire.split_url("http://[::1]:8081/bot1:a/getMe?x=1") == (
        ("http", "::1", 8081),
        "/bot1:a/getMe?x=1",
        "[::1]:8081",
    )
    for url in ("ftp://x/y", "http://u:p@host/x", "http://höst/x", "http://host:99999/x"):
        assert wire.split_url(url) is None


# --------------------------------------------------------------------------- TLS
# Telegram is HTTPS only: the client must speak TLS, check the certificate and the name.


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for localhost (and its key), made with openssl."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


class TlsServer(RawServer):
    def __init__(self, answer: Answer, certificate: tuple[str, str]) -> None:
        super().__init__(answer)
        import ssl

        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(*certificate)

    async def __aenter__(self) -> TlsServer:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.context)
        return self

    def at(self, host: str) -> str:
        assert self.server is not None
        port = self.server.sockets[0].getsockname()[1]
        return f"https://{host}:{port}/bot123:abc/sendMessage"


def _trusting(certificate: tuple[str, str]) -> Callable[[], object]:
    import ssl

    def make() -> ssl.SSLContext:
        context = ssl.create_default_context()
        context.load_verify_locations(certificate[0])
        return context

    return make


async def test_https_answers_over_one_kept_tls_connection(certificate: tuple[str, str]) -> None:
    pool = wire.Pool("test", ssl_context=_trusting(certificate))  # type: ignore[arg-type]
    try:
        async with TlsServer(answer_with(with_length(OK)), certificate) as server:
            url = wire.split_url(server.at("localhost"))
            assert url is not None
            for _ in range(3):
                status, body = await pool.request(
                    "POST", url, b"{}", connect_timeout=2.0, read_timeout=2.0
                )
                assert (status, body) == (200, OK)
            assert server.connections == 1
            assert server.requests[0].startswith(b"POST /bot123:abc/sendMessage HTTP/1.1\r\n")
    finally:
        pool.close()


@pytest.mark.parametrize("why", ["untrusted certificate", "another name"])
async def test_a_certificate_that_does_not_check_out_is_a_network_error_never_sent(
    certificate: tuple[str, str], why: str
) -> None:
    """The system's authorities do not know a self-signed certificate; a trusted one for
    localhost is not one for 127.0.0.1. Nothing is sent either way."""
    async with TlsServer(answer_with(with_length(OK)), certificate) as server:
        if why == "untrusted certificate":
            pool, url = wire.Pool("test"), server.at("localhost")
        else:
            pool = wire.Pool("test", ssl_context=_trusting(certificate))  # type: ignore[arg-type]
            url = server.at("127.0.0.1")
        split = wire.split_url(url)
        assert split is not None
        try:
            with pytest.raises(wire.NotSent) as raised:
                await pool.request("POST", split, b"{}", connect_timeout=2.0, read_timeout=2.0)
            assert "certificate" in str(raised.value).lower()
            assert server.requests == []
        finally:
            pool.close()
