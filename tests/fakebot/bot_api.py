"""The Bot API methods of the fake: validation like Telegram's, then the effect on the world.

Each handler takes :class:`Params`, runs with ``world.lock`` held, and either returns the
``result`` of the call or raises :class:`ApiError`.  ``getUpdates`` is not here: it waits, so
the server implements it.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .errors import (
    CANT_BE_DELETED,
    CANT_BE_EDITED,
    CHAT_NOT_FOUND,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    REPLY_NOT_FOUND,
    TO_DELETE_NOT_FOUND,
    TO_EDIT_NOT_FOUND,
    ApiError,
    bad_request,
)
from .formatting import ParsedText
from .models import CallbackAnswer, Chat, ChatMessage, InlineAnswer, SentDocument, StoredFile
from .params import Params, UploadedFile
from .state import World
from .validation import (
    check_command_scope,
    check_commands,
    check_coordinates,
    check_inline_results,
    check_language_code,
    check_reply_markup,
    check_text,
)

Handler = Callable[[Params], Any]

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "record_audio",
        "upload_audio",
        "upload_document",
        "choose_sticker",
        "find_location",
        "pick_up_location",
        "record_video_note",
        "upload_video_note",
        "cancel",
    }
)
DESCRIPTION_LIMIT = 512
SHORT_DESCRIPTION_LIMIT = 120
NAME_LIMIT = 64
ANSWER_TEXT_LIMIT = 200
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Media the bot can send: method -> (message field, chat action kind used in file ids).
_MEDIA_METHODS = {
    "sendDocument": "document",
    "sendPhoto": "photo",
    "sendAudio": "audio",
    "sendVideo": "video",
    "sendAnimation": "animation",
    "sendVoice": "voice",
    "sendSticker": "sticker",
    "sendVideoNote": "video_note",
}


def _markup_key(markup: dict[str, Any] | None) -> str:
    return json.dumps(markup, sort_keys=True)


class BotApi:
    """Implements Bot API methods against a :class:`World`."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.handlers: dict[str, tuple[str, Handler]] = {}
        for name, handler in [
            ("getMe", self.get_me),
            ("logOut", self.ok),
            ("close", self.ok),
            ("setWebhook", self.set_webhook),
            ("deleteWebhook", self.delete_webhook),
            ("getWebhookInfo", self.get_webhook_info),
            ("sendMessage", self.send_message),
            ("editMessageText", self.edit_message_text),
            ("editMessageCaption", self.edit_message_caption),
            ("editMessageReplyMarkup", self.edit_message_reply_markup),
            ("deleteMessage", self.delete_message),
            ("answerCallbackQuery", self.answer_callback_query),
            ("answerInlineQuery", self.answer_inline_query),
            ("setMyCommands", self.set_my_commands),
            ("getMyCommands", self.get_my_commands),
            ("deleteMyCommands", self.delete_my_commands),
            ("setMyDescription", self.set_my_description),
            ("getMyDescription", self.get_my_description),
            ("setMyShortDescription", self.set_my_short_description),
            ("getMyShortDescription", self.get_my_short_description),
            ("setMyName", self.set_my_name),
            ("getMyName", self.get_my_name),
            ("setChatMenuButton", self.set_chat_menu_button),
            ("getChatMenuButton", self.get_chat_menu_button),
            ("sendChatAction", self.send_chat_action),
            ("sendLocation", self.send_location),
            ("sendVenue", self.send_venue),
            ("sendContact", self.send_contact),
            ("getFile", self.get_file),
            ("copyMessage", self.copy_message),
            ("forwardMessage", self.forward_message),
            ("getChat", self.get_chat),
            ("pinChatMessage", self.pin_chat_message),
            ("unpinChatMessage", self.unpin_chat_message),
        ]:
            self.handlers[name.lower()] = (name, handler)
        for name, kind in _MEDIA_METHODS.items():
            self.handlers[name.lower()] = (name, self._media_sender(name, kind))

    # -- helpers ----------------------------------------------------------------------------

    @property
    def strict(self) -> bool:
        return self.world.strict

    def ok(self, params: Params) -> bool:
        return True

    def _chat(self, params: Params, name: str = "chat_id", *, sending: bool = True) -> Chat:
        return self.world.chat_for_bot(params.raw(name), for_sending=sending)

    def _markup(
        self, params: Params, chat: Chat | None, *, inline_only: bool = False
    ) -> dict[str, Any] | None:
        raw = params.get_json("reply_markup", "reply keyboard markup")
        return check_reply_markup(
            raw,
            inline_only=inline_only,
            private_chat=chat is None or chat.type == "private",
            strict=self.strict,
        )

    def _reply_to(self, params: Params, chat: Chat) -> ChatMessage | None:
        reply = params.get_json("reply_parameters", "reply parameters")
        allow_missing = params.get_bool("allow_sending_without_reply")
        if isinstance(reply, dict) and reply:
            message_id = reply.get("message_id")
            allow_missing = bool(reply.get("allow_sending_without_reply", allow_missing))
            if reply.get("chat_id") not in (None, "", chat.id, str(chat.id)):
                other = self.world.chat_for_bot(reply["chat_id"], for_sending=False)
                found = self.world.find_message(other.id, message_id)
                if found is None and not allow_missing:
                    raise ApiError(REPLY_NOT_FOUND)
                return found
        elif reply is not None and not isinstance(reply, dict):
            raise bad_request("Object expected as reply parameters")
        else:
            message_id = params.get_int("reply_to_message_id")
        if not message_id:
            return None
        found = self.world.find_message(chat.id, int(message_id))
        if found is None and not allow_missing:
            raise ApiError(REPLY_NOT_FOUND)
        return found

    def _message_fields(self, parsed: ParsedText, *, caption: bool) -> dict[str, Any]:
        text_key, entities_key = (
            ("caption", "caption_entities") if caption else ("text", "entities")
        )
        fields: dict[str, Any] = {}
        if parsed.text or not caption:
            fields[text_key] = parsed.text
        if parsed.entities:
            fields[entities_key] = copy.deepcopy(parsed.entities)
        return fields

    def _store_bot_message(
        self,
        chat: Chat,
        fields: dict[str, Any],
        markup: dict[str, Any] | None,
        reply_to: ChatMessage | None,
        method: str,
        params: Params,
        content_key: tuple[Any, ...],
    ) -> ChatMessage:
        if markup and "inline_keyboard" in markup:
            fields = {**fields, "reply_markup": markup}
        message = self.world.new_message(
            chat,
            fields,
            sender=None,
            reply_to=reply_to,
            method=method,
            params=params.normalised(),
        )
        if markup and "inline_keyboard" not in markup:
            message.reply_keyboard = markup
        message.content_key = content_key
        return message

    def _caption(self, params: Params) -> ParsedText:
        return check_text(
            params.get_str("caption"),
            params.get_str("parse_mode"),
            params.get_json("caption_entities"),
            caption=True,
            strict=self.strict,
        )

    # -- bot and webhook --------------------------------------------------------------------

    def get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self.world.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.world.group_privacy,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def set_webhook(self, params: Params) -> bool:
        url = params.get_str("url") or ""
        if not url:
            return self.delete_webhook(params)
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        loopback = host in _LOOPBACK_HOSTS
        if parts.scheme not in {"http", "https"} or not host:
            raise bad_request("Invalid webhook URL specified")
        if parts.scheme != "https" and not loopback:
            raise bad_request("Bad webhook: An HTTPS URL must be provided for webhook")
        if not loopback and (parts.port or 443) not in {80, 88, 443, 8443}:
            raise bad_request(
                "Bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        secret = params.get_str("secret_token") or ""
        if len(secret) > 256:
            raise bad_request("Secret token is too long")
        if any(not (c.isascii() and (c.isalnum() or c in "_-")) for c in secret):
            raise bad_request("Secret token contains unallowed characters")
        if params.get_bool("drop_pending_updates"):
            self.world.updates.clear()
        allowed = params.get_json("allowed_updates")
        if allowed is not None:
            self.world.allowed_updates = list(allowed)
        self.world.webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": params.get_int("max_connections", 40),
        }
        self.world.webhook_last_error = None
        self.world.touch()
        return True

    def delete_webhook(self, params: Params) -> bool:
        if params.get_bool("drop_pending_updates"):
            self.world.updates.clear()
        self.world.webhook = None
        self.world.touch()
        return True

    def get_webhook_info(self, params: Params) -> dict[str, Any]:
        webhook = self.world.webhook or {}
        info: dict[str, Any] = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates),
        }
        if webhook:
            info["max_connections"] = webhook["max_connections"]
            if self.world.allowed_updates:
                info["allowed_updates"] = list(self.world.allowed_updates)
            if self.world.webhook_last_error:
                info["last_error_date"], info["last_error_message"] = self.world.webhook_last_error
        return info

    # -- sending ----------------------------------------------------------------------------

    def send_message(self, params: Params) -> dict[str, Any]:
        parsed = check_text(
            params.get_str("text"),
            params.get_str("parse_mode"),
            params.get_json("entities"),
            strict=self.strict,
        )
        chat = self._chat(params)
        markup = self._markup(params, chat)
        reply_to = self._reply_to(params, chat)
        message = self._store_bot_message(
            chat,
            self._message_fields(parsed, caption=False),
            markup,
            reply_to,
            "sendMessage",
            params,
            (parsed.key(), _markup_key(markup)),
        )
        return copy.deepcopy(message.data)

    def _media_sender(self, method: str, kind: str) -> Handler:
        def send(params: Params) -> dict[str, Any]:
            return self._send_media(params, method, kind)

        return send

    def _resolve_file(self, params: Params, kind: str) -> StoredFile:
        value = params.file_or_ref(kind)
        if isinstance(value, UploadedFile):
            filename = params.get_str("filename") or value.filename
            return self.world.store_file(value.content, filename, value.content_type, kind)
        if not value:
            raise ApiError(f"Bad Request: there is no {kind} in the request")
        if value in self.world.files:
            return self.world.files[value]
        if value.startswith(("http://", "https://")):
            name = urlsplit(value).path.rsplit("/", 1)[-1] or None
            return self.world.store_file(b"", name, None, kind)
        raise ApiError("Bad Request: wrong file identifier/HTTP URL specified")

    def _send_media(self, params: Params, method: str, kind: str) -> dict[str, Any]:
        caption = self._caption(params)
        chat = self._chat(params)
        markup = self._markup(params, chat)
        reply_to = self._reply_to(params, chat)
        stored = self._resolve_file(params, kind)
        fields = self._message_fields(caption, caption=True)
        info = stored.to_dict()
        if kind == "photo":
            fields["photo"] = [{**info, "width": 800, "height": 600}]
        elif kind == "sticker":
            fields["sticker"] = {
                **info,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        elif kind in {"video", "animation", "video_note"}:
            fields[kind] = {**info, "width": 640, "height": 480, "duration": 1}
            if kind == "video_note":
                fields[kind] = {**info, "length": 240, "duration": 1}
        elif kind in {"voice", "audio"}:
            fields[kind] = {**info, "duration": params.get_int("duration", 1)}
        else:
            fields[kind] = info
        message = self._store_bot_message(
            chat, fields, markup, reply_to, method, params, (caption.key(), _markup_key(markup))
        )
        if kind == "document":
            self.world.documents.append(
                SentDocument(
                    chat_id=chat.id,
                    message_id=message.message_id,
                    filename=stored.filename,
                    content=stored.content,
                    mime_type=stored.mime_type,
                    caption=caption.text or None,
                    file_id=stored.file_id,
                )
            )
        return copy.deepcopy(message.data)

    def send_location(self, params: Params) -> dict[str, Any]:
        latitude, longitude = params.get_float("latitude"), params.get_float("longitude")
        check_coordinates(latitude, longitude)
        accuracy = params.get_float("horizontal_accuracy")
        if accuracy is not None and not 0 <= accuracy <= 1500:
            raise bad_request("Wrong horizontal accuracy specified")
        period = params.get_int("live_period")
        if period and not (60 <= period <= 86400 or period == 0x7FFFFFFF):
            raise bad_request("Wrong live location period specified")
        chat = self._chat(params)
        markup = self._markup(params, chat)
        reply_to = self._reply_to(params, chat)
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if accuracy:
            location["horizontal_accuracy"] = accuracy
        if period:
            location["live_period"] = period
        message = self._store_bot_message(
            chat,
            {"location": location},
            markup,
            reply_to,
            "sendLocation",
            params,
            (json.dumps(location), _markup_key(markup)),
        )
        return copy.deepcopy(message.data)

    def send_venue(self, params: Params) -> dict[str, Any]:
        latitude, longitude = params.get_float("latitude"), params.get_float("longitude")
        check_coordinates(latitude, longitude, venue=True)
        title = (params.get_str("title") or "").strip()
        address = (params.get_str("address") or "").strip()
        if not title:
            raise bad_request('Parameter "title" is required')
        if not address:
            raise bad_request('Parameter "address" is required')
        chat = self._chat(params)
        markup = self._markup(params, chat)
        reply_to = self._reply_to(params, chat)
        location = {"latitude": latitude, "longitude": longitude}
        venue: dict[str, Any] = {"location": location, "title": title, "address": address}
        for key in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
            if params.get_str(key):
                venue[key] = params.get_str(key)
        message = self._store_bot_message(
            chat,
            {"venue": venue, "location": location},
            markup,
            reply_to,
            "sendVenue",
            params,
            (json.dumps(venue), _markup_key(markup)),
        )
        return copy.deepcopy(message.data)

    def send_contact(self, params: Params) -> dict[str, Any]:
        phone = params.required_str("phone_number")
        first_name = params.required_str("first_name")
        chat = self._chat(params)
        markup = self._markup(params, chat)
        reply_to = self._reply_to(params, chat)
        contact = {"phone_number": phone, "first_name": first_name}
        if params.get_str("last_name"):
            contact["last_name"] = params.get_str("last_name") or ""
        message = self._store_bot_message(
            chat,
            {"contact": contact},
            markup,
            reply_to,
            "sendContact",
            params,
            (json.dumps(contact), _markup_key(markup)),
        )
        return copy.deepcopy(message.data)

    def send_chat_action(self, params: Params) -> bool:
        chat = self._chat(params)
        action = (params.get_str("action") or "").strip().lower()
        if action not in CHAT_ACTIONS:
            raise bad_request("Wrong parameter action in request")
        self.world.chat_actions.append((chat.id, action))
        return True

    def _source_message(self, params: Params, what: str) -> ChatMessage:
        source_chat = self._chat(params, "from_chat_id", sending=False)
        message = self.world.find_message(source_chat.id, params.get_int("message_id"))
        if message is None:
            raise bad_request(f"Message to {what} not found")
        return message

    def copy_message(self, params: Params) -> dict[str, Any]:
        source = self._source_message(params, "copy")
        chat = self._chat(params)
        fields = {
            k: copy.deepcopy(v)
            for k, v in source.data.items()
            if k not in {"message_id", "from", "chat", "date", "reply_markup", "edit_date"}
            and not k.startswith("forward")
            and k != "reply_to_message"
        }
        if "caption" in params:
            caption = self._caption(params)
            fields.pop("caption", None)
            fields.pop("caption_entities", None)
            fields.update(self._message_fields(caption, caption=True))
        markup = self._markup(params, chat)
        reply_to = self._reply_to(params, chat)
        message = self._store_bot_message(
            chat, fields, markup, reply_to, "copyMessage", params, (json.dumps(fields), "")
        )
        return {"message_id": message.message_id}

    def forward_message(self, params: Params) -> dict[str, Any]:
        source = self._source_message(params, "forward")
        chat = self._chat(params)
        fields = {
            k: copy.deepcopy(v)
            for k, v in source.data.items()
            if k not in {"message_id", "from", "chat", "date", "edit_date", "reply_to_message"}
        }
        origin_user = source.data.get("from", {})
        fields["forward_origin"] = {
            "type": "user",
            "sender_user": origin_user,
            "date": source.data.get("date", int(time.time())),
        }
        message = self._store_bot_message(
            chat, fields, None, None, "forwardMessage", params, (json.dumps(fields), "")
        )
        return copy.deepcopy(message.data)

    # -- editing and deleting ---------------------------------------------------------------

    def _message_to_edit(self, params: Params) -> tuple[Chat, ChatMessage]:
        if params.get_str("inline_message_id"):
            raise ApiError("Bad Request: MESSAGE_ID_INVALID")
        chat = self._chat(params)
        message_id = params.get_int("message_id")
        if not message_id:
            raise bad_request("Message identifier is not specified")
        message = self.world.find_message(chat.id, message_id)
        if message is None:
            raise ApiError(TO_EDIT_NOT_FOUND)
        if not message.from_bot:
            raise ApiError(CANT_BE_EDITED)
        return chat, message

    def _apply_edit(
        self,
        message: ChatMessage,
        fields: dict[str, Any],
        markup: dict[str, Any] | None,
        replaces: tuple[str, ...] = (),
    ) -> None:
        message.edits.append(copy.deepcopy(message.data))
        for key in (*replaces, "reply_markup"):
            message.data.pop(key, None)
        message.data.update(fields)
        if markup:
            message.data["reply_markup"] = markup
        message.data["edit_date"] = int(time.time())
        self.world.touch()

    def edit_message_text(self, params: Params) -> dict[str, Any]:
        parsed = check_text(
            params.get_str("text"),
            params.get_str("parse_mode"),
            params.get_json("entities"),
            strict=self.strict,
        )
        markup = self._markup(params, None, inline_only=True)
        _, message = self._message_to_edit(params)
        if "text" not in message.data:
            raise bad_request("There is no text in the message to edit")
        key = (parsed.key(), _markup_key(markup))
        if key == message.content_key:
            raise ApiError(NOT_MODIFIED)
        self._apply_edit(
            message, self._message_fields(parsed, caption=False), markup, ("text", "entities")
        )
        message.params = {**message.params, **params.normalised()}
        message.content_key = key
        return copy.deepcopy(message.data)

    def edit_message_caption(self, params: Params) -> dict[str, Any]:
        caption = self._caption(params)
        markup = self._markup(params, None, inline_only=True)
        _, message = self._message_to_edit(params)
        if "text" in message.data or message.kind in {"location", "venue", "contact"}:
            raise bad_request("There is no caption in the message to edit")
        key = (caption.key(), _markup_key(markup))
        if key == message.content_key:
            raise ApiError(NOT_MODIFIED)
        fields = self._message_fields(caption, caption=True)
        self._apply_edit(message, fields, markup, ("caption", "caption_entities"))
        message.params = {**message.params, **params.normalised()}
        message.content_key = key
        return copy.deepcopy(message.data)

    def edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        markup = self._markup(params, None, inline_only=True)
        _, message = self._message_to_edit(params)
        key = (message.content_key[0] if message.content_key else "", _markup_key(markup))
        if key == message.content_key:
            raise ApiError(NOT_MODIFIED)
        self._apply_edit(message, {}, markup)
        message.content_key = key
        return copy.deepcopy(message.data)

    def delete_message(self, params: Params) -> bool:
        chat = self._chat(params, sending=False)
        message = self.world.find_message(chat.id, params.get_int("message_id"))
        if message is None:
            raise ApiError(TO_DELETE_NOT_FOUND)
        if not message.from_bot and chat.type != "private" and not chat.bot_is_admin:
            raise ApiError(CANT_BE_DELETED)
        if time.time() - float(message.data.get("date", 0)) > 48 * 3600:
            raise ApiError(CANT_BE_DELETED)
        message.deleted = True
        self.world.touch()
        return True

    def pin_chat_message(self, params: Params) -> bool:
        chat = self._chat(params, sending=False)
        if chat.type != "private" and not chat.bot_is_admin:
            raise bad_request("Not enough rights to manage pinned messages in the chat")
        if self.world.find_message(chat.id, params.get_int("message_id")) is None:
            raise bad_request("Message to pin not found")
        return True

    def unpin_chat_message(self, params: Params) -> bool:
        chat = self._chat(params, sending=False)
        if chat.type != "private" and not chat.bot_is_admin:
            raise bad_request("Not enough rights to manage pinned messages in the chat")
        return True

    def get_chat(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params, sending=False)
        return {**chat.to_dict(), "accent_color_id": 0, "max_reaction_count": 11}

    # -- queries ----------------------------------------------------------------------------

    def answer_callback_query(self, params: Params) -> bool:
        query_id = params.get_str("callback_query_id") or ""
        query = self.world.callback_queries.get(query_id)
        if not self.world.query_is_live(query):
            raise ApiError(QUERY_TOO_OLD)
        assert query is not None
        text = params.get_str("text")
        if text and len(text) > ANSWER_TEXT_LIMIT:
            raise ApiError("Bad Request: MESSAGE_TOO_LONG")
        url = params.get_str("url")
        if url and not url.startswith(("https://t.me/", "http://t.me/", "tg://", "t.me/")):
            raise ApiError("Bad Request: URL_INVALID")
        query["answered"] = True
        self.world.callback_answers.append(
            CallbackAnswer(
                callback_query_id=query_id,
                data=query.get("data"),
                chat_id=query.get("chat_id"),
                message_id=query.get("message_id"),
                user_id=query["user_id"],
                text=text,
                show_alert=params.get_bool("show_alert"),
                url=url,
                cache_time=params.get_int("cache_time"),
            )
        )
        self.world.touch()
        return True

    def answer_inline_query(self, params: Params) -> bool:
        results = check_inline_results(
            params.get_json("results", "inline query results"), strict=self.strict
        )
        button = params.get_json("button", "inline query results button")
        if button is not None and (not isinstance(button, dict) or "text" not in button):
            raise bad_request("Can't parse inline query results button: Can't find field \"text\"")
        next_offset = params.get_str("next_offset")
        if next_offset and len(next_offset.encode("utf-8")) > 64:
            raise ApiError("Bad Request: NEXT_OFFSET_INVALID")
        query_id = params.get_str("inline_query_id") or ""
        query = self.world.inline_queries.get(query_id)
        if not self.world.query_is_live(query):
            raise ApiError(QUERY_TOO_OLD)
        assert query is not None
        query["answered"] = True
        self.world.inline_answers.append(
            InlineAnswer(
                inline_query_id=query_id,
                query=query["query"],
                user_id=query["user_id"],
                results=results,
                cache_time=params.get_int("cache_time"),
                is_personal=params.get_bool("is_personal"),
                next_offset=next_offset,
                button=button,
            )
        )
        self.world.touch()
        return True

    # -- bot settings -----------------------------------------------------------------------

    def _scope_key(self, params: Params) -> str:
        kind, chat_id, user_id = check_command_scope(params.get_json("scope", "BotCommandScope"))
        if chat_id is None:
            return kind
        chat = self.world.chats.get(chat_id)
        # A private chat exists for the bot only once the user has started it: before that
        # Telegram answers "chat not found" to a menu for it, as to any unknown chat.
        if chat is None or (chat.type == "private" and chat_id not in self.world.started):
            raise ApiError("Bad Request: chat not found")
        if user_id is None:
            return f"{kind}:{chat_id}"
        return f"{kind}:{chat_id}:{user_id}"

    def set_my_commands(self, params: Params) -> bool:
        commands = check_commands(params.get_json("commands"))
        scope = self._scope_key(params)
        language = check_language_code(params.get_str("language_code"))
        if commands:
            self.world.commands[(scope, language)] = commands
        else:
            self.world.commands.pop((scope, language), None)
        self.world.touch()
        return True

    def get_my_commands(self, params: Params) -> list[dict[str, str]]:
        scope = self._scope_key(params)
        language = check_language_code(params.get_str("language_code"))
        return copy.deepcopy(self.world.commands.get((scope, language), []))

    def delete_my_commands(self, params: Params) -> bool:
        scope = self._scope_key(params)
        language = check_language_code(params.get_str("language_code"))
        self.world.commands.pop((scope, language), None)
        self.world.touch()
        return True

    def _set_text_setting(
        self, params: Params, name: str, store: dict[str, str], limit: int, what: str
    ) -> bool:
        value = params.get_str(name) or ""
        language = check_language_code(params.get_str("language_code"))
        if len(value) > limit:
            raise bad_request(f"{what} is too long (at most {limit} characters)")
        if value:
            store[language] = value
        else:
            store.pop(language, None)
        self.world.touch()
        return True

    def set_my_description(self, params: Params) -> bool:
        return self._set_text_setting(
            params, "description", self.world.descriptions, DESCRIPTION_LIMIT, "Description"
        )

    def set_my_short_description(self, params: Params) -> bool:
        return self._set_text_setting(
            params,
            "short_description",
            self.world.short_descriptions,
            SHORT_DESCRIPTION_LIMIT,
            "Short description",
        )

    def set_my_name(self, params: Params) -> bool:
        return self._set_text_setting(params, "name", self.world.names, NAME_LIMIT, "Name")

    def get_my_description(self, params: Params) -> dict[str, str]:
        language = check_language_code(params.get_str("language_code"))
        return {"description": self.world.descriptions.get(language, "")}

    def get_my_short_description(self, params: Params) -> dict[str, str]:
        language = check_language_code(params.get_str("language_code"))
        return {"short_description": self.world.short_descriptions.get(language, "")}

    def get_my_name(self, params: Params) -> dict[str, str]:
        language = check_language_code(params.get_str("language_code"))
        default = str(self.world.bot_user["first_name"])
        return {"name": self.world.names.get(language, self.world.names.get("", default))}

    def set_chat_menu_button(self, params: Params) -> bool:
        chat_id: int | None = None
        if "chat_id" in params:
            chat = self._chat(params, sending=False)
            if chat.type != "private":
                raise bad_request("Invalid chat_id specified")
            if chat.id not in self.world.started:
                # As for a chat-scoped command menu: no chat with the bot yet, no chat at all.
                raise ApiError(CHAT_NOT_FOUND)
            chat_id = chat.id
        button = params.get_json("menu_button", "menu button")
        if button is None:
            button = {"type": "default"}
        if not isinstance(button, dict):
            raise bad_request("Can't parse menu button: MenuButton must be an Object")
        kind = button.get("type")
        if kind == "web_app":
            web_app = button.get("web_app")
            if not isinstance(button.get("text"), str) or not button["text"]:
                raise bad_request("Can't parse menu button: Can't find field \"text\"")
            if not isinstance(web_app, dict) or not str(web_app.get("url", "")).startswith(
                "https://"
            ):
                raise bad_request("Can't parse menu button: Web App URL must be an HTTPS URL")
        elif kind not in {"default", "commands"}:
            raise bad_request("Can't parse menu button: MenuButton has unsupported type")
        self.world.menu_buttons[chat_id] = button
        self.world.touch()
        return True

    def get_chat_menu_button(self, params: Params) -> dict[str, Any]:
        chat_id: int | None = None
        if "chat_id" in params:
            chat_id = self._chat(params, sending=False).id
        button = self.world.menu_buttons.get(chat_id) or self.world.menu_buttons.get(None)
        return copy.deepcopy(button or {"type": "default"})

    # -- files ------------------------------------------------------------------------------

    def get_file(self, params: Params) -> dict[str, Any]:
        file_id = params.get_str("file_id") or ""
        stored = self.world.files.get(file_id)
        if stored is None:
            raise bad_request("Wrong file_id or the file is temporarily unavailable")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }
