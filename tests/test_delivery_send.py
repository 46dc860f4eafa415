"""Answers are sent by `send_text`, PTB's send_message without reading the sent message back:
the same request reaches Telegram, and Telegram's refusals are the same errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fakebot import FakeTelegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import AIORateLimiter, Defaults, ExtBot
from telegram.request import RequestData

from bot.transport.delivery import SendingRequest, send_text


def _bot(tg: FakeTelegram) -> ExtBot[Any]:
    """A bot as the application builds it: the send pool, the rate limiter, the defaults."""
    return ExtBot(
        tg.token,
        base_url=tg.base_url,
        request=SendingRequest(connection_pool_size=2),
        rate_limiter=AIORateLimiter(max_retries=1),
        defaults=Defaults(
            parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
    )


@pytest.mark.parametrize("in_reply", [False, True])
async def test_send_text_makes_the_request_send_message_makes(
    tg: FakeTelegram, in_reply: bool
) -> None:
    user = tg.user(7001, "Ilze", "lv")
    asked = tg.send_text(user, "Kas ir partneri?")
    bot = _bot(tg)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Zgierz", callback_data="v1|p:z")]])
    async with bot:
        quote = ReplyParameters(asked["message_id"], allow_sending_without_reply=True)
        reply_to = quote if in_reply else None
        text = "<b>Partneri</b>: Zgierz — ā, ж"
        await bot.send_message(
            user.id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard,
            reply_parameters=reply_to,
        )  # fmt: skip
        await send_text(bot, user.id, text, reply_markup=keyboard, reply_parameters=reply_to)
    sent = [c for c in tg.calls if c.method == "sendMessage"]
    assert len(sent) == 2
    assert sent[0].params == sent[1].params
    assert sent[1].params["link_preview_options"] == {"is_disabled": True}
    assert sent[1].params["parse_mode"] == "HTML"


async def test_a_refused_send_raises_what_send_message_raises(tg: FakeTelegram) -> None:
    bot = _bot(tg)
    async with bot:
        with pytest.raises(BadRequest) as by_ptb:
            await bot.send_message(999_999_999, "?", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest) as by_us:
            await send_text(bot, 999_999_999, "?")
    assert by_us.value.message == by_ptb.value.message


def test_a_keyboard_is_written_as_ptb_writes_it() -> None:
    """Buttons of text, callback data or a URL are written field by field; any other, and
    extra API fields, by PTB: the JSON is the same either way."""
    from telegram import CopyTextButton, LoginUrl, WebAppInfo

    from bot.transport.delivery import keyboard_json

    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Zgierz", callback_data="v1|lv|p:zgierz")],
            [InlineKeyboardButton("🗺", url="https://maps.example/?q=1"), InlineKeyboardButton(
                "🔎", switch_inline_query_current_chat="")],
            [InlineKeyboardButton("🖥", web_app=WebAppInfo("https://console.example/")),
             InlineKeyboardButton("🔑", login_url=LoginUrl("https://login.example/")),
             InlineKeyboardButton("📋", copy_text=CopyTextButton("text"))],
            [InlineKeyboardButton("x", callback_data="y", api_kwargs={"new_field": 1})],
        ]
    )  # fmt: skip
    assert json.loads(keyboard_json(markup)) == markup.to_dict()


_SENT = {"ok": True, "result": {"message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"}}}


class _Recording(SendingRequest):
    """Records each call's URL and JSON body, and answers as Telegram does (no network)."""

    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[tuple[str, bytes]] = []

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        assert request_data is not None
        self.bodies.append((url.rsplit("/", 1)[-1], request_data.json_payload))
        return 200, json.dumps(_SENT).encode()


@pytest.mark.parametrize(
    "defaults",
    [
        None,
        Defaults(
            parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
        Defaults(disable_notification=True, protect_content=True),
        Defaults(
            link_preview_options=LinkPreviewOptions(prefer_small_media=True, url="https://a.lv")
        ),
    ],
)
@pytest.mark.parametrize("limited", [False, True])
@pytest.mark.parametrize("keyboard", [False, True])
async def test_send_text_sends_the_bytes_send_message_sends(
    defaults: Defaults | None, limited: bool, keyboard: bool
) -> None:
    """The request put together by send_text itself is, byte for byte, the one PTB makes."""
    request = _Recording()
    bot: ExtBot[Any] = ExtBot(
        "123:abc",
        request=request,
        rate_limiter=AIORateLimiter(max_retries=1) if limited else None,
        defaults=defaults,
    )
    markup = (
        InlineKeyboardMarkup([[InlineKeyboardButton("👍", callback_data="v1|lv|up:1")]])
        if keyboard
        else None
    )
    text = '<b>Partneri</b>: Zgierz — ā, ж "x" \\ \n'
    if limited:
        assert bot.rate_limiter is not None
        await bot.rate_limiter.initialize()
    await bot.send_message(
        -100 if limited else 42, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )
    await send_text(bot, -100 if limited else 42, text, reply_markup=markup)
    [(ptb_method, by_ptb), (our_method, by_us)] = request.bodies
    assert our_method == ptb_method == "sendMessage"
    assert by_us == by_ptb
