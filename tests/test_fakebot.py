"""Tests of the fake Telegram Bot API server in ``tests/fakebot``.

They drive the fake with raw HTTP (httpx) and with a real ``telegram.Bot`` / PTB Application,
and check that what Telegram rejects is rejected with Telegram's code and description, that PTB
raises the matching exception class, and that the test-side helpers behave as documented.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
import telegram
from aiohttp import web
from fakebot import FakeTelegram, User, parse_html, plain_text
from fakebot.errors import NOT_MODIFIED, QUERY_TOO_OLD
from fakebot.formatting import EntityParseError, parse_formatted
from fakebot.markdown_check import parse_markdown_v2
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

# -- fixtures and helpers -----------------------------------------------------------------


@pytest_asyncio.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest_asyncio.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as b:
        yield b


@pytest_asyncio.fixture
async def http(tg: FakeTelegram) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=tg.api_url + "/", timeout=10) as client:
        yield client


@pytest.fixture
def anna(tg: FakeTelegram) -> User:
    return tg.user(1001, "Anna", "lv", started=True)


async def call(http: httpx.AsyncClient, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """POST a JSON body with native values."""
    response = await http.post(method, json=params)
    return response.status_code, response.json()


async def call_form(
    http: httpx.AsyncClient, method: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    """POST a form the way PTB does: strings as is, everything else JSON-encoded."""
    data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    response = await http.post(method, data=data)
    return response.status_code, response.json()


def keyboard(*rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"inline_keyboard": list(rows)}


def bad(description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": 400, "description": description}


# -- transport: routes, tokens, body formats ------------------------------------------------


@pytest.mark.asyncio
async def test_urls_point_at_the_loopback_server(tg: FakeTelegram) -> None:
    assert tg.base_url == f"http://127.0.0.1:{tg.port}/bot"
    assert tg.base_file_url == f"http://127.0.0.1:{tg.port}/file/bot"
    assert tg.api_url == f"{tg.base_url}{tg.token}"


@pytest.mark.asyncio
async def test_get_me_accepts_json_form_query_and_empty_bodies(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    for response in [
        await http.post("getMe", json={}),
        await http.post("getMe", data={"x": "1"}),
        await http.get("getMe"),
        await http.post("getme"),  # method names are case-insensitive
    ]:
        assert response.status_code == 200
        assert response.json()["result"]["username"] == "rezekne_twinning_bot"
    assert [c.method for c in tg.calls] == ["getMe"] * 4


@pytest.mark.asyncio
async def test_wrong_token_and_unknown_method(tg: FakeTelegram) -> None:
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{tg.base_url}999:nope/getMe")
        unknown = await client.post(f"{tg.api_url}/sendTelepathy")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert len(tg.rejected) == 2


@pytest.mark.asyncio
async def test_wrong_token_raises_invalid_token_in_ptb(tg: FakeTelegram) -> None:
    other = telegram.Bot("999:nope", base_url=tg.base_url)
    with pytest.raises(InvalidToken):
        await other.initialize()


@pytest.mark.asyncio
async def test_real_but_unimplemented_method_is_reported_as_unsupported(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    status, body = await call(http, "sendDice", chat_id=1)
    assert status == 400
    assert "does not implement sendDice" in body["description"]
    assert [c.method for c in tg.unsupported] == ["sendDice"]
    with pytest.raises(AssertionError, match="sendDice"):
        tg.assert_no_rejections()


@pytest.mark.asyncio
async def test_form_values_are_json_decoded(
    tg: FakeTelegram, http: httpx.AsyncClient, anna: User
) -> None:
    markup = keyboard([{"text": "Go", "callback_data": "go"}])
    status, body = await call_form(
        http, "sendMessage", chat_id=anna.id, text="hi", reply_markup=markup
    )
    assert status == 200
    assert body["result"]["reply_markup"] == markup
    record = tg.calls_to("sendMessage")[0]
    assert record.params == {"chat_id": 1001, "text": "hi", "reply_markup": markup}


# -- HTML and text rules ----------------------------------------------------------------------


VALID_HTML = (
    "<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins> <s>s</s> "
    '<strike>k</strike> <del>d</del> <span class="tg-spoiler">p</span> <tg-spoiler>q</tg-spoiler> '
    '<a href="https://example.com/?a=1&amp;b=2">link</a> <a href="tg://user?id=42">me</a> '
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> <code>x &lt; y</code> '
    '<pre><code class="language-python">print("&quot;")</code></pre> '
    "<blockquote>q</blockquote> <blockquote expandable>long</blockquote> "
    "&#39;&#x27;&gt;&amp;"
)


def test_valid_html_is_parsed_into_text_and_entities() -> None:
    parsed = parse_html(VALID_HTML)
    assert parsed.text.startswith("b s i e u n s k d p q link me 👍 x < y")
    assert parsed.text.endswith("q long ''>&")
    types = {e["type"] for e in parsed.entities}
    assert types >= {
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "text_link",
        "text_mention",
        "custom_emoji",
        "code",
        "pre",
        "blockquote",
        "expandable_blockquote",
    }
    pre = next(e for e in parsed.entities if e["type"] == "pre")
    assert pre["language"] == "python"
    link = next(e for e in parsed.entities if e["type"] == "text_link")
    assert link["url"] == "https://example.com/?a=1&b=2"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("ok <b>bold", "Can't find end tag corresponding to start tag b"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("Tom & Jerry", 'Unescaped "&" at byte offset 4'),
        ("&apos;", 'Unsupported HTML entity "&apos;"'),
        ("&lt b", 'HTML entity "&lt" at byte offset 0 is not terminated by ";"'),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler"'),
        ('<b class="x">y</b>', 'Unsupported attribute "class" in the tag "b"'),
        ('<a href="x" target="_blank">y</a>', 'Unsupported attribute "target" in the tag "a"'),
        ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
        ("äö <p>", 'Unsupported start tag "p" at byte offset 5'),  # offsets count UTF-8 bytes
    ],
)
def test_invalid_html_is_rejected_with_telegrams_reason(html: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as error:
        parse_html(html)
    assert reason in str(error.value)


def test_non_strict_html_accepts_what_telegram_tolerates() -> None:
    assert parse_html("Tom & Jerry &apos;", strict=False).text == "Tom & Jerry &apos;"
    assert parse_html('<b class="x">y</b>', strict=False).entities[0]["type"] == "bold"


@pytest.mark.asyncio
async def test_html_errors_come_back_as_bad_request(
    tg: FakeTelegram, http: httpx.AsyncClient, bot: telegram.Bot, anna: User
) -> None:
    status, body = await call(
        http, "sendMessage", chat_id=anna.id, text="<div>x</div>", parse_mode="HTML"
    )
    assert status == 400
    assert body == bad(
        'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 0'
    )
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(anna.id, "<b>unclosed", parse_mode="HTML")
    status, body = await call(
        http, "sendMessage", chat_id=anna.id, text=VALID_HTML, parse_mode="HTML"
    )
    assert status == 200, body
    assert len(tg.rejected) == 2


@pytest.mark.asyncio
async def test_length_counts_visible_utf16_units(
    http: httpx.AsyncClient, bot: telegram.Bot, anna: User
) -> None:
    visible_4096 = "<b>" + "x" * 4096 + "</b>"  # 4103 characters of source, 4096 visible
    status, _ = await call(
        http, "sendMessage", chat_id=anna.id, text=visible_4096, parse_mode="HTML"
    )
    assert status == 200
    status, body = await call(
        http, "sendMessage", chat_id=anna.id, text="<i>" + "x" * 4097 + "</i>", parse_mode="HTML"
    )
    assert body == bad("Bad Request: message is too long")
    status, body = await call(http, "sendMessage", chat_id=anna.id, text="😀" * 2049)
    assert body == bad("Bad Request: message is too long")  # 4098 UTF-16 code units
    status, _ = await call(http, "sendMessage", chat_id=anna.id, text="😀" * 2048)
    assert status == 200
    status, _ = await call(http, "sendMessage", chat_id=anna.id, text=" \n" + "x" * 4096 + "\n ")
    assert status == 200  # leading/trailing whitespace is trimmed before counting
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(anna.id, "&amp;" * 4097, parse_mode="HTML")


@pytest.mark.asyncio
async def test_empty_texts_and_captions(
    http: httpx.AsyncClient, anna: User, tg: FakeTelegram
) -> None:
    assert (await call(http, "sendMessage", chat_id=anna.id, text=""))[1] == bad(
        "Bad Request: message text is empty"
    )
    assert (await call(http, "sendMessage", chat_id=anna.id))[1] == bad(
        "Bad Request: message text is empty"
    )
    assert (await call(http, "sendMessage", chat_id=anna.id, text=" \n "))[1] == bad(
        "Bad Request: message must be non-empty"
    )
    assert (await call(http, "sendMessage", chat_id=anna.id, text="<b> </b>", parse_mode="HTML"))[
        1
    ] == bad("Bad Request: message must be non-empty")
    files = {"document": ("a.txt", b"abc", "text/plain")}
    response = await http.post(
        "sendDocument", data={"chat_id": str(anna.id), "caption": "x" * 1025}, files=files
    )
    assert response.json() == bad("Bad Request: message caption is too long")
    response = await http.post(
        "sendDocument", data={"chat_id": str(anna.id), "caption": "x" * 1024}, files=files
    )
    assert response.status_code == 200
    assert len(tg.rejected) == 5


@pytest.mark.asyncio
async def test_markdown_v2_and_unknown_parse_modes(http: httpx.AsyncClient, anna: User) -> None:
    ok = await call(
        http, "sendMessage", chat_id=anna.id, text="*bold* end\\.", parse_mode="MarkdownV2"
    )
    assert ok[0] == 200
    assert ok[1]["result"]["text"] == "bold end."
    _, body = await call(http, "sendMessage", chat_id=anna.id, text="end.", parse_mode="MarkdownV2")
    assert body == bad(
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped "
        "with the preceding '\\'"
    )
    _, body = await call(http, "sendMessage", chat_id=anna.id, text="x", parse_mode="BBCode")
    assert body == bad("Bad Request: unsupported parse_mode")


def test_markdown_v2_unclosed_entity() -> None:
    with pytest.raises(EntityParseError, match="Can't find end of Bold entity at byte offset 0"):
        parse_markdown_v2("*bold")


def test_plain_text_of_html() -> None:
    assert plain_text("<b>Rēzekne</b> &amp; <i>Zgierz</i>\n") == "Rēzekne & Zgierz"
    assert plain_text("broken <b>html") == "broken html"


# -- keyboards --------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "x", "callback_data": "a" * 65}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "x", "callback_data": "я" * 33}, "Bad Request: BUTTON_DATA_INVALID"),
        (
            {"text": "x"},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
            "inline keyboard",
        ),
        (
            {"text": "x", "callback_data": ""},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
            "inline keyboard",
        ),
        (
            {"callback_data": "a"},
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            {"text": "x", "url": "ftp://example.com"},
            "Bad Request: inline keyboard button URL 'ftp://example.com' is invalid: "
            "Unsupported URL protocol",
        ),
    ],
)
async def test_invalid_inline_buttons(
    http: httpx.AsyncClient, anna: User, button: dict[str, Any], description: str
) -> None:
    status, body = await call(
        http, "sendMessage", chat_id=anna.id, text="x", reply_markup=keyboard([button])
    )
    assert (status, body) == (400, bad(description))


@pytest.mark.asyncio
async def test_strict_keyboard_rules(http: httpx.AsyncClient, anna: User) -> None:
    two_actions = {"text": "x", "callback_data": "a", "url": "https://example.com"}
    _, body = await call(
        http, "sendMessage", chat_id=anna.id, text="x", reply_markup=keyboard([two_actions])
    )
    assert "exactly one of the optional fields" in body["description"]
    empty_text = {"text": "", "callback_data": "a"}
    _, body = await call(
        http, "sendMessage", chat_id=anna.id, text="x", reply_markup=keyboard([empty_text])
    )
    assert "text must be non-empty" in body["description"]


@pytest.mark.asyncio
async def test_valid_keyboards(http: httpx.AsyncClient, anna: User, tg: FakeTelegram) -> None:
    buttons = [
        {"text": "64 bytes", "callback_data": "я" * 32},
        {"text": "web", "url": "https://example.com"},
        {"text": "share", "switch_inline_query": ""},
        {"text": "here", "switch_inline_query_current_chat": "q"},
    ]
    status, body = await call(
        http, "sendMessage", chat_id=anna.id, text="x", reply_markup=keyboard(buttons)
    )
    assert status == 200, body
    reply_keyboard = {"keyboard": [["Yes", {"text": "Send location", "request_location": True}]]}
    status, body = await call(
        http, "sendMessage", chat_id=anna.id, text="y", reply_markup=reply_keyboard
    )
    assert status == 200
    assert "reply_markup" not in body["result"]  # Telegram only echoes inline keyboards
    assert tg.last_sent(anna).reply_keyboard is not None
    tg.assert_no_rejections()


# -- editing ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_unchanged_edit_is_not_modified(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="next")]])
    sent = await bot.send_message(anna.id, "<b>Page</b> 1", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>Page</b> 1", anna.id, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    assert tg.rejected[-1].description == NOT_MODIFIED
    # The same visible text with other formatting is a modification ...
    await bot.edit_message_text(
        "<i>Page</i> 1", anna.id, sent.message_id, parse_mode="HTML", reply_markup=markup
    )
    # ... and so is dropping the keyboard (editMessageText without reply_markup removes it).
    await bot.edit_message_text("<i>Page</i> 1", anna.id, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(anna.id, sent.message_id)
    current = tg.last_sent(anna)
    assert current.text == "Page 1"
    assert current.reply_markup is None
    assert len(current.edits) == 2


@pytest.mark.asyncio
async def test_editing_missing_or_foreign_messages(
    tg: FakeTelegram, http: httpx.AsyncClient, anna: User
) -> None:
    _, body = await call(http, "editMessageText", chat_id=anna.id, message_id=999, text="x")
    assert body == bad("Bad Request: message to edit not found")
    users_message = tg.send_text(anna, "hello")
    _, body = await call(
        http,
        "editMessageText",
        chat_id=anna.id,
        message_id=users_message["message_id"],
        text="x",
    )
    assert body == bad("Bad Request: message can't be edited")
    _, body = await call(http, "deleteMessage", chat_id=anna.id, message_id=999)
    assert body == bad("Bad Request: message to delete not found")
    status, _ = await call(
        http, "deleteMessage", chat_id=anna.id, message_id=users_message["message_id"]
    )
    assert status == 200  # bots may delete incoming messages in private chats


# -- callback and inline queries --------------------------------------------------------------


@pytest.mark.asyncio
async def test_callback_query_answered_twice(
    tg: FakeTelegram, bot: telegram.Bot, http: httpx.AsyncClient, anna: User
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    await bot.send_message(anna.id, "Sure?", reply_markup=markup)
    query_id = tg.click(anna, tg.last_sent(anna), button="Yes")
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    assert update.callback_query.data == "yes"
    _, body = await call(http, "answerCallbackQuery", callback_query_id=query_id, text="x" * 201)
    assert body == bad("Bad Request: MESSAGE_TOO_LONG")
    assert await update.callback_query.answer("Done")
    with pytest.raises(BadRequest, match="Query is too old"):
        await update.callback_query.answer()
    _, body = await call(http, "answerCallbackQuery", callback_query_id="12345")
    assert body == bad(QUERY_TOO_OLD)
    [answer] = tg.callback_answers
    assert (answer.data, answer.text, answer.user_id) == ("yes", "Done", anna.id)


@pytest.mark.asyncio
async def test_click_checks_the_current_keyboard(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(anna.id, "pick", reply_markup=markup)
    with pytest.raises(AssertionError, match="no button with callback_data 'b'"):
        tg.click(anna, tg.last_sent(anna), "b")
    await bot.edit_message_reply_markup(anna.id, sent.message_id)
    with pytest.raises(AssertionError):
        tg.click(anna, tg.last_sent(anna), "a")


@pytest.mark.asyncio
async def test_expired_callback_query() -> None:
    async with (
        FakeTelegram(query_ttl=0.05) as tg,
        telegram.Bot(tg.token, base_url=tg.base_url) as bot,
    ):
        anna = tg.user(1001, started=True)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
        await bot.send_message(anna.id, "pick", reply_markup=markup)
        query_id = tg.click(anna, tg.last_sent(anna))
        await asyncio.sleep(0.1)
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(query_id)


def article(result_id: str, text: str = "hi", **extra: Any) -> dict[str, Any]:
    return {
        "type": "article",
        "id": result_id,
        "title": f"Result {result_id}",
        "input_message_content": {"message_text": text, **extra},
    }


@pytest.mark.asyncio
async def test_inline_query_answers(
    tg: FakeTelegram, bot: telegram.Bot, http: httpx.AsyncClient, anna: User
) -> None:
    query_id = tg.inline_query(anna, "zgierz")
    too_many = [article(str(i)) for i in range(51)]
    _, body = await call(http, "answerInlineQuery", inline_query_id=query_id, results=too_many)
    assert body == bad("Bad Request: too many inline query results specified")
    _, body = await call(
        http, "answerInlineQuery", inline_query_id=query_id, results=[article("1"), article("1")]
    )
    assert body == bad("Bad Request: RESULT_ID_DUPLICATE")
    _, body = await call(
        http, "answerInlineQuery", inline_query_id=query_id, results=[article("x" * 65)]
    )
    assert body == bad("Bad Request: RESULT_ID_INVALID")
    no_title = {"type": "article", "id": "1", "input_message_content": {"message_text": "x"}}
    _, body = await call(http, "answerInlineQuery", inline_query_id=query_id, results=[no_title])
    assert body == bad("Bad Request: can't parse inline query result: Can't find field \"title\"")
    broken = article("1", "<b>x", parse_mode="HTML")
    _, body = await call(http, "answerInlineQuery", inline_query_id=query_id, results=[broken])
    assert body["description"].startswith(
        "Bad Request: can't parse inline query result: Can't parse entities:"
    )

    results = [
        InlineQueryResultArticle(
            "zgierz", "Zgierz", InputTextMessageContent("<b>Zgierz</b>", parse_mode="HTML")
        )
    ]
    assert await bot.answer_inline_query(query_id, results, cache_time=0)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_inline_query(query_id, results)
    [answer] = tg.inline_answers
    assert answer.query == "zgierz"
    assert answer.titles == ["Zgierz"]
    assert answer.texts() == ["Zgierz"]


# -- bot settings -----------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("commands", "description"),
    [
        ([{"command": "Start", "description": "x"}], "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "my-cmd", "description": "x"}], "Bad Request: BOT_COMMAND_INVALID"),
        (
            [{"command": "a" * 33, "description": "x"}],
            "Bad Request: command length must not exceed 32",
        ),
        (
            [{"command": "a", "description": " "}],
            "Bad Request: command description must be non-empty",
        ),
        (
            [{"command": "a", "description": "d" * 257}],
            "Bad Request: command description length must not exceed 256",
        ),
        ([{"command": "", "description": "x"}], "Bad Request: command must be non-empty"),
        (
            [{"command": f"c{i}", "description": "x"} for i in range(101)],
            "Bad Request: BOT_COMMANDS_TOO_MUCH",
        ),
    ],
)
async def test_invalid_commands(
    http: httpx.AsyncClient, commands: list[dict[str, str]], description: str
) -> None:
    assert await call(http, "setMyCommands", commands=commands) == (400, bad(description))


@pytest.mark.asyncio
async def test_commands_are_stored_per_scope_and_language(
    tg: FakeTelegram, bot: telegram.Bot, http: httpx.AsyncClient
) -> None:
    await bot.set_my_commands([("start", "Sākt"), ("help", "Palīdzība")], language_code="lv")
    await bot.set_my_commands([("start", "Start")], scope=telegram.BotCommandScopeAllPrivateChats())
    assert tg.commands_for(language_code="lv") == [
        {"command": "start", "description": "Sākt"},
        {"command": "help", "description": "Palīdzība"},
    ]
    assert tg.commands_for("all_private_chats") == [{"command": "start", "description": "Start"}]
    assert [c.command for c in await bot.get_my_commands(language_code="lv")] == ["start", "help"]
    assert await bot.get_my_commands() == ()
    await bot.delete_my_commands(language_code="lv")
    assert tg.commands_for(language_code="lv") == []
    _, body = await call(http, "setMyCommands", commands=[], language_code="latvian")
    assert body == bad("Bad Request: invalid language code specified")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_my_commands([("a", "b")], scope=telegram.BotCommandScopeChat(777))


@pytest.mark.asyncio
async def test_descriptions_and_menu_button(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    await bot.set_my_description("Apraksts", language_code="lv")
    await bot.set_my_short_description("Īsi")
    assert tg.descriptions == {"lv": "Apraksts"}
    assert tg.short_descriptions == {"": "Īsi"}
    assert (await bot.get_my_description("lv")).description == "Apraksts"
    with pytest.raises(BadRequest, match="too long"):
        await bot.set_my_description("x" * 513)
    with pytest.raises(BadRequest, match="too long"):
        await bot.set_my_short_description("x" * 121)
    await bot.set_chat_menu_button(anna.id, telegram.MenuButtonCommands())
    assert tg.menu_buttons == {anna.id: {"type": "commands"}}
    assert isinstance(await bot.get_chat_menu_button(anna.id), telegram.MenuButtonCommands)


@pytest.mark.asyncio
async def test_a_web_app_menu_button_needs_https_and_a_chat_that_exists(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    app = telegram.WebAppInfo("https://bot.example.lv/console/")
    await bot.set_chat_menu_button(anna.id, telegram.MenuButtonWebApp("Console", app))
    assert tg.menu_buttons[anna.id]["web_app"] == {"url": "https://bot.example.lv/console/"}
    plain = telegram.WebAppInfo("http://bot.example.lv/console/")
    with pytest.raises(BadRequest, match=r"(?i)web app url must be an https url"):
        await bot.set_chat_menu_button(anna.id, telegram.MenuButtonWebApp("Console", plain))
    stranger = tg.user(2002, "Jānis")  # exists, but never started the bot: no chat with it
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_chat_menu_button(stranger.id, telegram.MenuButtonWebApp("Console", app))
    assert stranger.id not in tg.menu_buttons


@pytest.mark.asyncio
async def test_web_app_buttons_only_in_the_private_chat(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    app = telegram.WebAppInfo("https://bot.example.lv/console/")
    markup = telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("Open", web_app=app)]])
    await bot.send_message(anna.id, "here", reply_markup=markup)
    group = tg.group(-100777, "Skola")
    with pytest.raises(BadRequest, match="Button_type_invalid"):
        await bot.send_message(group.id, "here", reply_markup=markup)
    insecure = telegram.InlineKeyboardMarkup(
        [[telegram.InlineKeyboardButton("Open", web_app=telegram.WebAppInfo("http://x.lv/"))]]
    )
    with pytest.raises(BadRequest, match=r"(?i)only https links are allowed"):
        await bot.send_message(anna.id, "here", reply_markup=insecure)


# -- chats, locations, actions ----------------------------------------------------------------


@pytest.mark.asyncio
async def test_chat_rules(tg: FakeTelegram, bot: telegram.Bot, http: httpx.AsyncClient) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hello?")
    stranger = tg.user(2002, "Jānis")  # exists, but never started the bot
    _, body = await call(http, "sendMessage", chat_id=stranger.id, text="hi")
    assert body == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot can't initiate conversation with a user",
    }
    tg.send_text(stranger, "/start")
    assert (await call(http, "sendMessage", chat_id=stranger.id, text="hi"))[0] == 200
    tg.block_user(stranger)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(stranger.id, "still there?")
    assert [c.description for c in tg.injected] == ["Forbidden: bot was blocked by the user"]
    assert len(tg.rejected) == 2  # chat not found + can't initiate; the block is injected
    [update] = [u for u in tg.pending_updates if "my_chat_member" in u]
    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"


@pytest.mark.asyncio
async def test_locations_venues_and_chat_actions(
    tg: FakeTelegram, bot: telegram.Bot, http: httpx.AsyncClient, anna: User
) -> None:
    await bot.send_location(anna.id, 56.5047, 27.3319)
    await bot.send_venue(anna.id, 56.5047, 27.3319, "Zeimuļs", "Krasta iela 31")
    await bot.send_chat_action(anna.id, "typing")
    _, body = await call(http, "sendLocation", chat_id=anna.id, latitude=91, longitude=0)
    assert body == bad("Bad Request: wrong location specified")
    _, body = await call(http, "sendLocation", chat_id=anna.id, latitude=0, longitude=-181)
    assert body == bad("Bad Request: wrong location specified")
    _, body = await call(
        http, "sendVenue", chat_id=anna.id, latitude=1, longitude=1, title="", address="x"
    )
    assert body == bad('Bad Request: parameter "title" is required')
    _, body = await call(http, "sendChatAction", chat_id=anna.id, action="dancing")
    assert body == bad("Bad Request: wrong parameter action in request")
    assert [m.location for m in tg.locations] == [{"latitude": 56.5047, "longitude": 27.3319}]
    assert tg.venues[0].venue is not None
    assert tg.venues[0].venue["title"] == "Zeimuļs"
    assert tg.chat_actions == [(anna.id, "typing")]


@pytest.mark.asyncio
async def test_copy_and_forward_create_new_messages(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    original = tg.send_text(anna, "please keep this")
    copied = await bot.copy_message(anna.id, anna.id, original["message_id"])
    forwarded = await bot.forward_message(anna.id, anna.id, original["message_id"])
    assert copied.message_id != original["message_id"] != forwarded.message_id
    assert [m.text for m in tg.sent_to(anna)] == ["please keep this"] * 2
    with pytest.raises(BadRequest, match="Message to copy not found"):
        await bot.copy_message(anna.id, anna.id, 999)


@pytest.mark.asyncio
async def test_user_side_updates_parse_in_ptb(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    tg.send_photo(anna, caption="/upload")
    tg.send_sticker(anna, "🎉")
    tg.send_voice(anna, duration=4)
    tg.send_location(anna, 56.5, 27.3)
    tg.send_contact(anna, "+371 20000000")
    typo = tg.send_text(anna, "Zgeirz")
    tg.edit_text(anna, typo, "Zgierz")
    tg.send_text(anna, "/start@rezekne_twinning_bot")
    updates = await bot.get_updates()
    messages = [u.message for u in updates if u.message]
    assert messages[0].photo and messages[0].caption == "/upload"
    assert messages[1].sticker is not None and messages[1].sticker.emoji == "🎉"
    assert messages[2].voice is not None
    assert tg.history(anna)[2].data["voice"]["duration"] == 4
    assert messages[3].location is not None and messages[3].location.latitude == 56.5
    assert messages[4].contact is not None and messages[4].contact.user_id == anna.id
    assert messages[5].text == "Zgeirz"
    [edited] = [u.edited_message for u in updates if u.edited_message]
    assert edited.text == "Zgierz"
    assert messages[6].text == "/start@rezekne_twinning_bot"
    assert messages[6].entities[0].type == "bot_command"
    assert messages[6].entities[0].length == 27


@pytest.mark.asyncio
async def test_reply_keyboard_requests_only_in_private_chats(
    tg: FakeTelegram, http: httpx.AsyncClient
) -> None:
    group = tg.group(-5, "Small group")
    markup = {"keyboard": [[{"text": "Where?", "request_location": True}]]}
    _, body = await call(http, "sendMessage", chat_id=group.id, text="x", reply_markup=markup)
    assert body == bad("Bad Request: location can be requested in private chats only")


def test_carriage_returns_are_dropped_and_entities_shifted() -> None:
    parsed = parse_formatted("a\r\n<b>bc</b>", "HTML")
    assert parsed.text == "a\nbc"
    assert parsed.entities == [{"type": "bold", "offset": 2, "length": 2}]


# -- group privacy ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_group_privacy_mode(tg: FakeTelegram) -> None:
    anna = tg.user(1001)
    group = tg.group(-100123, "Twinning")
    tg.send_text(anna, "just chatting", chat=group)
    tg.send_text(anna, "/help@rezekne_twinning_bot", chat=group)
    tg.send_text(anna, "/help@other_bot", chat=group)
    tg.send_text(anna, "hey @rezekne_twinning_bot", chat=group)
    delivered = [u["message"]["text"] for u in tg.pending_updates]
    assert delivered == ["/help@rezekne_twinning_bot", "hey @rezekne_twinning_bot"]
    assert [m["text"] for m in tg.hidden_group_messages] == ["just chatting", "/help@other_bot"]
    entities = tg.pending_updates[0]["message"]["entities"]
    assert entities == [{"type": "bot_command", "offset": 0, "length": 26}]


# -- getUpdates -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_long_poll_returns_as_soon_as_an_update_arrives(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    async def write_later() -> None:
        await asyncio.sleep(0.2)
        tg.send_text(anna, "/start")

    task = asyncio.create_task(write_later())
    started = time.monotonic()
    updates = await bot.get_updates(timeout=10)
    elapsed = time.monotonic() - started
    await task
    assert 0.15 < elapsed < 2
    assert [u.message.text for u in updates if u.message] == ["/start"]
    assert updates[0].message is not None
    assert updates[0].message.entities[0].type == "bot_command"


@pytest.mark.asyncio
async def test_get_updates_confirms_by_offset_and_honours_limit(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    for text in ("one", "two", "three"):
        tg.send_text(anna, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    again = await bot.get_updates()  # nothing confirmed yet
    assert len(again) == 3
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == ()
    assert tg.pending_updates == []


@pytest.mark.asyncio
async def test_allowed_updates_filter(tg: FakeTelegram, bot: telegram.Bot, anna: User) -> None:
    tg.send_text(anna, "hi")
    tg.inline_query(anna, "q")
    updates = await bot.get_updates(allowed_updates=["inline_query"])
    assert [u.inline_query.query for u in updates if u.inline_query] == ["q"]
    assert len(updates) == 1


@pytest.mark.asyncio
async def test_get_updates_conflicts(tg: FakeTelegram, bot: telegram.Bot) -> None:
    tg.conflict_getupdates(True)
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await bot.get_updates()
    tg.conflict_getupdates(False)
    assert tg.rejected == []  # injected
    # A second poller terminates the first one, as in Telegram.
    async with telegram.Bot(tg.token, base_url=tg.base_url) as second:
        first_poll = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.1)
        second_poll = asyncio.create_task(second.get_updates(timeout=0))
        with pytest.raises(Conflict):
            await first_poll
        assert await second_poll == ()
    assert [c.description for c in tg.rejected] == [
        "Conflict: terminated by other getUpdates request; make sure that only one bot "
        "instance is running"
    ]


# -- files ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_user_document_can_be_downloaded(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    sent = tg.send_document(anna, "partners.csv", b"city;year\nZgierz;1994\n", caption="new")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    assert update.message.document.file_name == "partners.csv"
    assert update.message.document.mime_type == "text/csv"
    file = await bot.get_file(sent["document"]["file_id"])
    assert await file.download_as_bytearray() == b"city;year\nZgierz;1994\n"
    with pytest.raises(BadRequest, match="Wrong file_id"):
        await bot.get_file("nope")


@pytest.mark.asyncio
async def test_bot_upload_round_trip(tg: FakeTelegram, bot: telegram.Bot, anna: User) -> None:
    message = await bot.send_document(
        anna.id,
        b"\x00\x01binary",
        filename="report.bin",
        caption="<b>Report</b>",
        parse_mode="HTML",
    )
    assert message.document is not None
    assert message.caption == "Report"
    [document] = tg.documents
    assert (document.filename, document.content) == ("report.bin", b"\x00\x01binary")
    assert document.caption == "Report"
    # The returned file_id can be re-sent and downloaded like on Telegram.
    again = await bot.send_document(anna.id, message.document.file_id)
    assert again.document is not None
    file = await bot.get_file(again.document.file_id)
    assert await file.download_as_bytearray() == b"\x00\x01binary"
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(anna.id, "not-a-file-id")


# -- fault injection --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_injected_502_then_success(tg: FakeTelegram, bot: telegram.Bot, anna: User) -> None:
    tg.fail_next("sendMessage", 2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(anna.id, "hello")
    await bot.send_message(anna.id, "hello")
    assert [c.status for c in tg.calls_to("sendMessage")] == [502, 502, 200]
    assert [m.text for m in tg.sent_to(anna)] == ["hello"]  # failed calls had no effect
    assert tg.rejected == []
    assert len(tg.injected) == 2
    tg.assert_no_rejections()


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_injected_429(tg: FakeTelegram, http: httpx.AsyncClient, bot: telegram.Bot) -> None:
    tg.fail_next("getMe", error_code=429, retry_after=3)
    response = await http.post("getMe")
    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    tg.fail_next("*", retry_after=1)
    with pytest.raises(RetryAfter, match="Retry in 1 second"):
        await bot.get_me()
    assert await bot.get_me()


@pytest.mark.asyncio
async def test_delay_and_dropped_connections(
    tg: FakeTelegram, bot: telegram.Bot, anna: User
) -> None:
    tg.delay("sendChatAction", 0.3)
    started = time.monotonic()
    await bot.send_chat_action(anna.id, "typing")
    assert time.monotonic() - started >= 0.3
    tg.delay("sendChatAction", 0)

    tg.drop_connection_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(anna.id, "lost")
    assert tg.sent_to(anna) == []
    tg.drop_connection_next("sendMessage", after_processing=True)
    with pytest.raises(NetworkError):
        await bot.send_message(anna.id, "delivered, answer lost")
    assert [m.text for m in tg.sent_to(anna)] == ["delivered, answer lost"]
    assert [c.status for c in tg.calls_to("sendMessage")] == [None, None]
    tg.assert_no_rejections()


@pytest.mark.asyncio
async def test_assert_no_rejections_lists_each_rejected_call(
    tg: FakeTelegram, http: httpx.AsyncClient, anna: User
) -> None:
    await call(http, "sendMessage", chat_id=anna.id, text="<p>x</p>", parse_mode="HTML")
    await call(http, "sendMessage", chat_id=5, text="x")
    with pytest.raises(AssertionError) as error:
        tg.assert_no_rejections()
    message = str(error.value)
    assert "2 call(s)" in message
    assert 'Unsupported start tag \\"p\\"' in message or 'Unsupported start tag "p"' in message
    assert "chat not found" in message


# -- waiting helpers and a real PTB application -----------------------------------------------


async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("English", callback_data="lang:en")]])
    await update.effective_message.reply_html(
        "<b>Sveiki!</b> Izvēlies valodu:", reply_markup=markup
    )


async def language_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Language saved")
    await query.edit_message_text("<b>Hello!</b>", parse_mode="HTML")
    assert query.message is not None
    await context.bot.send_message(query.message.chat.id, "Ask me about twin towns.")


async def broken_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    with contextlib.suppress(BadRequest):  # a bot that swallows errors must still fail its tests
        await update.effective_message.reply_html("<div>oops</div>")


@pytest_asyncio.fixture
async def polling_app(tg: FakeTelegram) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    app = (
        Application.builder()
        .token(tg.token)
        .base_url(tg.base_url)
        .base_file_url(tg.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start_command))
    app.add_handler(CommandHandler("broken", broken_command))
    app.add_handler(CallbackQueryHandler(language_chosen, pattern="^lang:"))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        yield app
        await app.updater.stop()
        await app.stop()


@pytest.mark.asyncio
async def test_end_to_end_with_a_polling_application(
    tg: FakeTelegram, polling_app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    anna = tg.user(1001, "Anna", "lv")
    tg.send_text(anna, "/start")
    [greeting] = await tg.wait_for_reply(anna)
    assert greeting.text == "Sveiki! Izvēlies valodu:"
    assert greeting.buttons == [["English"]]
    assert greeting.reply_to_message_id is None

    query_id = tg.click(anna, greeting, "lang:en")
    [follow_up] = await tg.wait_for_reply(anna)
    assert follow_up.text == "Ask me about twin towns."
    answer = await tg.wait_for_callback_answer(query_id)
    assert answer.text == "Language saved"
    assert greeting.text == "Hello!"  # the message object follows the bot's edits
    assert greeting.reply_markup is None
    await tg.wait_idle(quiet=0.1)
    tg.assert_no_rejections()


@pytest.mark.asyncio
async def test_wait_for_reply_fails_fast_on_a_rejected_reply(
    tg: FakeTelegram, polling_app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    anna = tg.user(1001)
    tg.send_text(anna, "/broken")
    started = time.monotonic()
    with pytest.raises(AssertionError, match="rejected by Telegram"):
        await tg.wait_for_reply(anna, timeout=5)
    assert time.monotonic() - started < 3
    with pytest.raises(AssertionError, match="Unsupported start tag"):
        tg.assert_no_rejections()


@pytest.mark.asyncio
async def test_wait_for_reply_times_out_with_a_useful_message(tg: FakeTelegram) -> None:
    anna = tg.user(1001)
    tg.send_text(anna, "anyone?")
    with pytest.raises(AssertionError, match="still queued"):
        await tg.wait_for_reply(anna, timeout=0.1)


# -- webhooks ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_webhook_delivery(tg: FakeTelegram, bot: telegram.Bot, anna: User) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        with pytest.raises(BadRequest, match=r"(?i)an https url must be provided"):
            await bot.set_webhook("http://example.com/hook")
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        tg.send_text(anna, "via webhook")
        await tg.wait_until(lambda: received, timeout=5)
        assert received[0][0] == "s3cret"
        assert received[0][1]["message"]["text"] == "via webhook"
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0
        await bot.delete_webhook()
        assert await bot.get_updates() == ()
    finally:
        await runner.cleanup()


# -- thread mode ------------------------------------------------------------------------------


def test_thread_mode_with_synchronous_helpers() -> None:
    with FakeTelegram() as tg:
        anna = tg.user(1001, started=True)
        assert tg._loop_thread_id != threading.get_ident()
        with httpx.Client(base_url=tg.api_url + "/") as client:
            tg.send_text(anna, "/start")
            updates = client.post("getUpdates", data={"timeout": "5"}).json()["result"]
            assert updates[0]["message"]["text"] == "/start"
            response = client.post(
                "sendMessage",
                data={"chat_id": str(anna.id), "text": "<b>Hi</b>", "parse_mode": "HTML"},
            )
            assert response.json()["ok"]
        [reply] = tg.wait_for_reply_sync(anna, timeout=5)
        assert reply.text == "Hi"
        tg.wait_idle_sync(quiet=0.05)
        tg.assert_no_rejections()


@pytest.mark.asyncio
async def test_thread_mode_with_a_bot_in_the_test_loop() -> None:
    tg = FakeTelegram().start_in_thread()
    try:
        anna = tg.user(1001)
        async with telegram.Bot(tg.token, base_url=tg.base_url) as bot:
            poll = asyncio.create_task(bot.get_updates(timeout=5))
            await asyncio.sleep(0.05)
            tg.send_text(anna, "/start")  # called from another thread than the server's
            [update] = await poll
            assert update.message is not None
            await update.message.reply_text("Hello", do_quote=True)
        [reply] = await tg.wait_for_reply(anna)
        assert reply.reply_to_message_id == update.message.message_id
    finally:
        tg.stop_thread()


@pytest.mark.asyncio
async def test_blocking_wait_in_the_server_loop_is_refused(tg: FakeTelegram) -> None:
    with pytest.raises(RuntimeError, match="deadlock"):
        tg.wait_idle_sync()
