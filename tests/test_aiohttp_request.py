"""The aiohttp request keeps PTB's error model: what was never sent says so."""

from __future__ import annotations

import pytest
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest

from bot.transport.delivery import AiohttpRequest, was_sent

UNREACHABLE = "http://127.0.0.1:9/bot123456:ABC/getMe"  # the discard port: refused


async def test_a_busy_pool_times_out_and_the_request_was_never_sent() -> None:
    request = AiohttpRequest(connection_pool_size=1, pool_timeout=0.05)
    await request.initialize()
    try:
        async with request._slot(BaseRequest.DEFAULT_NONE):  # the one connection is busy
            with pytest.raises(TimedOut) as raised:
                await request.do_request(UNREACHABLE, "POST")
        assert not was_sent(raised.value)
    finally:
        await request.shutdown()


async def test_a_refused_connection_is_a_network_error_never_sent() -> None:
    request = AiohttpRequest()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.do_request(UNREACHABLE, "POST")  # usable before initialize()
        assert not isinstance(raised.value, TimedOut)
        assert not was_sent(raised.value)
    finally:
        await request.shutdown()


async def test_after_shutdown_it_must_be_initialized_again() -> None:
    request = AiohttpRequest()
    await request.initialize()
    await request.shutdown()
    with pytest.raises(RuntimeError):
        await request.do_request(UNREACHABLE, "POST")
