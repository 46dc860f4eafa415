"""The checks Telegram applies to what a bot sends, raising :class:`ApiError` like Telegram.

Where Telegram silently repairs something the Bot API documentation forbids (an inline button
with two actions, a button with empty text) the fake rejects it in strict mode, with a
description that says so; everything else uses Telegram's own wording.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import (
    BUTTON_DATA_INVALID,
    CAPTION_TOO_LONG,
    MUST_BE_NON_EMPTY,
    TEXT_EMPTY,
    TOO_LONG,
    ApiError,
    bad_request,
)
from .formatting import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    EntityParseError,
    LinkError,
    ParsedText,
    check_link,
    link_user_id,
    parse_formatted,
    trim,
    utf16_len,
)

_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "callback_game",
    "pay",
    "switch_inline_query",
    "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "copy_text",
)
_COMMAND = re.compile(r"^[a-z0-9_]+$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
MAX_COMMANDS = 100
MAX_INLINE_RESULTS = 50


def check_text(
    text: str | None,
    parse_mode: str | None,
    entities: Any = None,
    *,
    caption: bool = False,
    strict: bool = True,
) -> ParsedText:
    """Validate a message text (or caption) and return what the user will see.

    Follows the Bot API: a missing/empty text is "message text is empty", markup errors are
    "can't parse entities: ...", whitespace-only text is "message must be non-empty", and the
    visible length (UTF-16 code units, after parsing and trimming) is limited to 4096 for texts
    and 1024 for captions.
    """
    if not text:
        if caption:
            return ParsedText("")
        raise ApiError(TEXT_EMPTY)
    explicit = _check_entities(entities) if entities is not None and not parse_mode else None
    try:
        parsed = parse_formatted(text, parse_mode, explicit, strict=strict)
    except EntityParseError as error:
        raise ApiError(f"Bad Request: can't parse entities: {error}") from None
    except ValueError:
        raise ApiError("Bad Request: unsupported parse_mode") from None
    if explicit:
        length = utf16_len(parsed.text)
        for entity in explicit:
            if entity["offset"] + entity["length"] > length:
                raise bad_request(
                    f"Entity beginning at UTF-16 offset {entity['offset']} ends after the end "
                    f"of the text at UTF-16 offset {entity['offset'] + entity['length']}"
                )
    visible = trim(parsed)
    if not visible.text:
        if caption:
            return visible
        raise ApiError(MUST_BE_NON_EMPTY)
    limit = CAPTION_LIMIT if caption else TEXT_LIMIT
    if visible.length > limit:
        raise ApiError(CAPTION_TOO_LONG if caption else TOO_LONG)
    return visible


def _check_entities(entities: Any) -> list[dict[str, Any]]:
    if not isinstance(entities, list):
        raise bad_request("Expected an Array of MessageEntity")
    checked = []
    for entity in entities:
        if not isinstance(entity, dict):
            raise bad_request("Can't parse MessageEntity: expected an Object")
        for key in ("type", "offset", "length"):
            if key not in entity:
                raise bad_request(f"Can't parse MessageEntity: Can't find field \"{key}\"")
        offset, length = entity["offset"], entity["length"]
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise bad_request("Can't parse MessageEntity: wrong offset or length")
        if entity["type"] == "text_link":
            try:
                check_link(str(entity.get("url", "")))
            except LinkError as error:
                raise bad_request(f"Entity {error}") from None
        checked.append(dict(entity))
    return checked


def check_reply_markup(
    markup: Any, *, inline_only: bool = False, private_chat: bool = True, strict: bool = True
) -> dict[str, Any] | None:
    """Validate a ``reply_markup`` object and return it as Telegram stores it.

    Returns ``None`` when the markup amounts to nothing (e.g. an empty inline keyboard).
    """
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("Object expected as reply markup")
    keyboard = markup.get("keyboard")
    inline = markup.get("inline_keyboard")
    if keyboard is not None and not isinstance(keyboard, list):
        raise bad_request('Field "keyboard" must be of type Array')
    if inline is not None and not isinstance(inline, list):
        raise bad_request('Field "inline_keyboard" must be of type Array')

    result: dict[str, Any] | None = None
    if keyboard:
        rows = []
        for row in keyboard:
            if not isinstance(row, list):
                raise bad_request('Field "keyboard" must be an Array of Arrays')
            buttons = [_keyboard_button(b, private_chat, strict) for b in row]
            buttons = [b for b in buttons if b is not None]
            if buttons:
                rows.append(buttons)
        if rows:
            result = {**markup, "keyboard": rows}
    elif inline:
        rows = []
        for row in inline:
            if not isinstance(row, list):
                raise bad_request(
                    'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
                )
            buttons = [_inline_button(b, strict, private_chat) for b in row]
            buttons = [b for b in buttons if b is not None]
            if buttons:
                rows.append(buttons)
        if rows:
            result = {"inline_keyboard": rows}
    elif markup.get("remove_keyboard") or markup.get("hide_keyboard"):
        result = {"remove_keyboard": True}
    elif markup.get("force_reply"):
        result = {**markup}
    if result is not None and inline_only and "inline_keyboard" not in result:
        raise bad_request("Inline keyboard expected")
    return result


def _keyboard_button(button: Any, private_chat: bool, strict: bool) -> dict[str, Any] | None:
    prefix = "Bad Request: can't parse keyboard button: "
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict):
        raise ApiError(prefix + "KeyboardButton must be a String or an Object")
    if "text" not in button:
        raise ApiError(prefix + 'Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise ApiError(prefix + 'Field "text" must be of type String')
    if not button["text"]:
        if strict:
            raise bad_request("Keyboard button text must be non-empty")
        return None
    if not private_chat:
        for key, what in (
            ("request_contact", "Phone number"),
            ("request_location", "Location"),
            ("request_poll", "Poll"),
        ):
            if button.get(key):
                raise bad_request(f"{what} can be requested in private chats only")
        if button.get("web_app"):
            raise bad_request("Web App buttons can be used in private chats only")
    return dict(button)


def _inline_button(button: Any, strict: bool, private_chat: bool = True) -> dict[str, Any] | None:
    prefix = "Bad Request: can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise ApiError(prefix + "InlineKeyboardButton must be an Object")
    if "text" not in button:
        raise ApiError(prefix + 'Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise ApiError(prefix + 'Field "text" must be of type String')
    # Telegram treats an empty url/callback_data as absent; an empty inline query is valid.
    actions = [
        key
        for key in _INLINE_ACTIONS
        if button.get(key) is not None and not (key in {"url", "callback_data"} and not button[key])
    ]
    if not actions:
        raise ApiError(prefix + "Text buttons are unallowed in the inline keyboard")
    if strict and len(actions) > 1:
        raise ApiError(
            prefix + "an InlineKeyboardButton must use exactly one of the optional fields, "
            f"found {' and '.join(actions)} (Telegram would silently use only {actions[0]})"
        )
    if not button["text"]:
        if strict:
            raise ApiError(
                prefix + "Inline keyboard button text must be non-empty "
                "(Telegram would silently drop the button)"
            )
        return None
    action = actions[0]
    value = button[action]
    if action == "callback_data":
        if not isinstance(value, str):
            raise ApiError(prefix + 'Field "callback_data" must be of type String')
        if len(value.encode("utf-8")) > 64:
            raise ApiError(BUTTON_DATA_INVALID)
    elif action == "url":
        if not isinstance(value, str):
            raise ApiError(prefix + 'Field "url" must be of type String')
        if link_user_id(value) is None:
            try:
                check_link(value)
            except LinkError as error:
                raise bad_request(f"Inline keyboard button {error}") from None
    elif action in {"switch_inline_query", "switch_inline_query_current_chat"}:
        if not isinstance(value, str):
            raise ApiError(prefix + f'Field "{action}" must be of type String')
    elif action in {"web_app", "login_url"}:
        if not isinstance(value, dict) or not isinstance(value.get("url"), str):
            raise ApiError(prefix + 'Can\'t find field "url"')
        try:
            checked = check_link(value["url"])
        except LinkError as error:
            raise bad_request(f"Inline keyboard button Web App {error}") from None
        if action == "web_app" and not private_chat:
            # Web App buttons work in the private chat with the bot only.
            raise bad_request("BUTTON_TYPE_INVALID")
        if action == "web_app" and not checked.lower().startswith("https://"):
            raise bad_request(
                f"Inline keyboard button Web App URL '{value['url']}' is invalid: "
                "Only HTTPS links are allowed"
            )
    return {"text": button["text"], action: value}


def check_command_scope(scope: Any) -> tuple[str, int | None, int | None]:
    """Validate a ``BotCommandScope``; returns (type, chat_id, user_id)."""
    if scope is None:
        return "default", None, None
    prefix = "Can't parse BotCommandScope: "
    if not isinstance(scope, dict):
        raise bad_request(prefix + "BotCommandScope must be an Object")
    kind = scope.get("type")
    if not isinstance(kind, str):
        raise bad_request(prefix + 'Can\'t find field "type"')
    if kind in {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}:
        return kind, None, None
    if kind not in {"chat", "chat_administrators", "chat_member"}:
        raise bad_request(prefix + "Unsupported type specified")
    chat_id = scope.get("chat_id")
    if chat_id is None or chat_id == "":
        raise bad_request(prefix + 'Can\'t find field "chat_id"')
    try:
        chat = int(chat_id)
    except (TypeError, ValueError):
        raise ApiError("Bad Request: chat not found") from None
    if kind != "chat_member":
        return kind, chat, None
    user_id = scope.get("user_id")
    if not isinstance(user_id, int) or user_id <= 0:
        raise bad_request(prefix + "Invalid user_id specified")
    return kind, chat, user_id


def check_language_code(code: str | None) -> str:
    code = code or ""
    if code and not _LANGUAGE.match(code):
        raise bad_request("Invalid language code specified")
    return code


def check_commands(commands: Any) -> list[dict[str, str]]:
    """Validate ``setMyCommands``' list and return it as Telegram stores it."""
    if commands is None:
        return []
    if not isinstance(commands, list):
        raise bad_request("Expected an Array of BotCommand")
    if len(commands) > MAX_COMMANDS:
        raise ApiError("Bad Request: BOT_COMMANDS_TOO_MUCH")
    result = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("Can't parse BotCommand: expected an Object")
        for key in ("command", "description"):
            if key not in item:
                raise bad_request(f"Can't parse BotCommand: Can't find field \"{key}\"")
            if not isinstance(item[key], str):
                raise bad_request(f'Can\'t parse BotCommand: Field "{key}" must be of type String')
        command = item["command"].strip()
        if command.startswith("/"):
            command = command[1:]
        if not command:
            raise bad_request("Command must be non-empty")
        if len(command) > 32:
            raise bad_request("Command length must not exceed 32")
        description = item["description"].strip()
        if not description:
            raise bad_request("Command description must be non-empty")
        if len(description) > 256:
            raise bad_request("Command description length must not exceed 256")
        if not _COMMAND.match(command):
            raise ApiError("Bad Request: BOT_COMMAND_INVALID")
        result.append({"command": command, "description": description})
    return result


def check_coordinates(
    latitude: float | None, longitude: float | None, *, venue: bool = False
) -> None:
    if latitude is None:
        raise bad_request('Parameter "latitude" is required')
    if longitude is None:
        raise bad_request('Parameter "longitude" is required')
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise bad_request("Wrong venue location specified" if venue else "Wrong location specified")


def check_inline_results(results: Any, *, strict: bool = True) -> list[dict[str, Any]]:
    """Validate ``answerInlineQuery``'s results."""
    if results is None:
        return []
    if not isinstance(results, list):
        raise bad_request("Expected an Array of inline query results")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("Too many inline query results specified")
    seen: set[str] = set()
    for result in results:
        _check_inline_result(result, strict)
        result_id = str(result["id"])
        if not 1 <= len(result_id.encode("utf-8")) <= 64:
            raise ApiError("Bad Request: RESULT_ID_INVALID")
        if result_id in seen:
            raise ApiError("Bad Request: RESULT_ID_DUPLICATE")
        seen.add(result_id)
    return results


_RESULT_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    # Each inner tuple lists alternatives of which one must be present.
    "article": (("title",),),
    "photo": (("photo_url", "photo_file_id"),),
    "gif": (("gif_url", "gif_file_id"),),
    "mpeg4_gif": (("mpeg4_url", "mpeg4_file_id"),),
    "video": (("title",), ("video_url", "video_file_id")),
    "audio": (("audio_url", "audio_file_id"),),
    "voice": (("title",), ("voice_url", "voice_file_id")),
    "document": (("title",), ("document_url", "document_file_id")),
    "location": (("latitude",), ("longitude",), ("title",)),
    "venue": (("latitude",), ("longitude",), ("title",), ("address",)),
    "contact": (("phone_number",), ("first_name",)),
    "game": (("game_short_name",),),
    "sticker": (("sticker_file_id",),),
}


def _check_inline_result(result: Any, strict: bool) -> None:
    prefix = "Can't parse inline query result: "
    if not isinstance(result, dict):
        raise bad_request(prefix + "Inline query result must be an object")
    for key in ("type", "id"):
        if key not in result:
            raise bad_request(prefix + f'Can\'t find field "{key}"')
        if not isinstance(result[key], str):
            raise bad_request(prefix + f'Field "{key}" must be of type String')
    kind = result["type"].lower()
    if kind not in _RESULT_FIELDS:
        raise bad_request(prefix + f'type "{kind}" is unsupported for the inline query result')
    content = result.get("input_message_content")
    if content is not None and not isinstance(content, dict):
        raise bad_request(prefix + 'Field "input_message_content" must be of type Object')
    if kind == "article" and content is None:
        raise bad_request(prefix + 'Can\'t find field "message_text"')
    if content is not None:
        _check_input_message_content(content, strict)
    for alternatives in _RESULT_FIELDS[kind]:
        present = [key for key in alternatives if result.get(key) not in (None, "")]
        if not present:
            if alternatives[0] in result and not strict:
                continue
            raise bad_request(prefix + f'Can\'t find field "{alternatives[-1]}"')
    caption = result.get("caption")
    if caption:
        check_text(caption, result.get("parse_mode"), caption=True, strict=strict)
    if result.get("reply_markup") is not None:
        check_reply_markup(result["reply_markup"], inline_only=True, strict=strict)


def _check_input_message_content(content: dict[str, Any], strict: bool) -> None:
    prefix = "Can't parse inline query result: "
    text = content.get("message_text")
    if text:
        if not isinstance(text, str):
            raise bad_request(prefix + 'Field "message_text" must be of type String')
        try:
            check_text(text, content.get("parse_mode"), content.get("entities"), strict=strict)
        except ApiError as error:
            if "can't parse entities" in error.description:
                reason = error.description.split(": ", 1)[1]
                raise bad_request(prefix + reason[:1].upper() + reason[1:]) from None
            raise
        return
    if "latitude" in content and "longitude" in content:
        lat, lon = content["latitude"], content["longitude"]
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            raise bad_request(prefix + 'Field "latitude" must be of type Number')
        check_coordinates(float(lat), float(lon), venue="title" in content)
        return
    if "phone_number" in content or "payload" in content:
        return
    raise bad_request(prefix + "Input message content is not specified")
