"""Value objects of the fake: users, chats, messages, recorded calls and answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .formatting import plain_text


@dataclass(frozen=True)
class User:
    """A Telegram user that the test plays.  Its private chat has the same id."""

    id: int
    first_name: str = "Anna"
    language_code: str | None = "lv"
    username: str | None = None
    last_name: str | None = None
    is_bot: bool = False

    @property
    def chat_id(self) -> int:
        """Id of the user's private chat with the bot."""
        return self.id

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class Chat:
    """A chat the bot knows: a user's private chat, a group or a supergroup."""

    id: int
    type: str  # "private", "group" or "supergroup"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    bot_is_admin: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data


@dataclass
class ChatMessage:
    """A message in a chat, kept up to date as the bot edits or deletes it.

    ``data`` is the Telegram ``Message`` object (as returned to the bot, updated on edits).
    """

    chat_id: int
    message_id: int
    from_bot: bool
    data: dict[str, Any]
    method: str = ""  # Bot API method that created it ("sendMessage", ...); "" for user messages
    params: dict[str, Any] = field(default_factory=dict)  # what the bot sent (normalised)
    deleted: bool = False
    edits: list[dict[str, Any]] = field(default_factory=list)  # earlier versions of ``data``
    reply_keyboard: dict[str, Any] | None = None  # non-inline reply_markup the bot sent with it
    content_key: tuple[Any, ...] = ()

    @property
    def text(self) -> str:
        """Visible text (or caption) as the user sees it now."""
        return str(self.data.get("text") or self.data.get("caption") or "")

    @property
    def source(self) -> str:
        """The text/caption exactly as the bot last sent it (HTML source, if it used HTML)."""
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def parse_mode(self) -> str | None:
        value = self.params.get("parse_mode")
        return str(value) if value else None

    @property
    def entities(self) -> list[dict[str, Any]]:
        return list(self.data.get("entities") or self.data.get("caption_entities") or [])

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """The inline keyboard currently attached (``None`` if there is none)."""
        markup = self.data.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    @property
    def buttons(self) -> list[list[str]]:
        """Texts of the inline keyboard buttons, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[button.get("text", "") for button in row] for row in rows]

    @property
    def callback_data(self) -> list[str]:
        """All callback_data values of the inline keyboard, in reading order."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [str(b["callback_data"]) for row in rows for b in row if "callback_data" in b]

    def button(self, text: str) -> dict[str, Any]:
        """The inline button with exactly this text, or the only one containing it."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        flat: list[dict[str, Any]] = [button for row in rows for button in row]
        exact = [b for b in flat if b.get("text") == text]
        if exact:
            return exact[0]
        partial = [b for b in flat if text in str(b.get("text", ""))]
        if len(partial) == 1:
            return partial[0]
        raise AssertionError(f"no single button {text!r} in {self.buttons!r}")

    @property
    def kind(self) -> str:
        """What the message carries: "text", "document", "photo", "location", "venue", ..."""
        for key in (
            "text",
            "venue",
            "location",
            "document",
            "photo",
            "sticker",
            "voice",
            "audio",
            "video",
            "animation",
            "contact",
        ):
            if key in self.data:
                return key
        return "other"

    @property
    def location(self) -> dict[str, Any] | None:
        value = self.data.get("location")
        return value if isinstance(value, dict) else None

    @property
    def venue(self) -> dict[str, Any] | None:
        value = self.data.get("venue")
        return value if isinstance(value, dict) else None

    @property
    def reply_to_message_id(self) -> int | None:
        replied = self.data.get("reply_to_message")
        return int(replied["message_id"]) if replied else None

    def plain(self) -> str:
        """Visible text of :attr:`source` (same as :attr:`text` unless the message was edited)."""
        return plain_text(self.source, self.parse_mode)

    def __str__(self) -> str:
        who = "bot" if self.from_bot else "user"
        flags = " (deleted)" if self.deleted else ""
        extra = f" buttons={self.buttons}" if self.buttons else ""
        return f"[{who} #{self.message_id} in {self.chat_id}{flags}] {self.text!r}{extra}"


@dataclass
class CallRecord:
    """One Bot API call the bot made, with the fake's answer."""

    seq: int
    method: str  # canonical Bot API name, e.g. "sendMessage"
    params: dict[str, Any]
    status: int | None = None  # HTTP status; None while in flight or if the connection dropped
    response: dict[str, Any] | None = None
    kind: str = "ok"  # "ok", "rejected", "injected", "unsupported" or "pending"
    started: float = 0.0
    finished: float | None = None

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    @property
    def description(self) -> str | None:
        return (self.response or {}).get("description")

    @property
    def error_code(self) -> int | None:
        return (self.response or {}).get("error_code")

    def __str__(self) -> str:
        shown = {k: v for k, v in self.params.items() if k not in {"reply_markup", "results"}}
        for key in ("reply_markup", "results"):
            if key in self.params:
                shown[key] = "…"
        args = json.dumps(shown, ensure_ascii=False, default=repr)
        if len(args) > 300:
            args = args[:300] + "…"
        if self.status is None and self.finished is not None:
            outcome = "connection dropped"
        elif self.ok:
            outcome = "ok"
        else:
            outcome = f"{self.status} {self.description}"
        return f"#{self.seq} {self.method}({args}) -> {outcome}"


@dataclass
class StoredFile:
    """A file the fake keeps (sent by a user or uploaded by the bot)."""

    file_id: str
    file_unique_id: str
    content: bytes
    filename: str | None = None
    mime_type: str | None = None
    file_path: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.filename:
            data["file_name"] = self.filename
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data


@dataclass(frozen=True)
class SentDocument:
    """A document the bot sent (``sendDocument``), with the uploaded bytes."""

    chat_id: int
    message_id: int
    filename: str | None
    content: bytes
    mime_type: str | None
    caption: str | None
    file_id: str


@dataclass(frozen=True)
class CallbackAnswer:
    """The bot's ``answerCallbackQuery`` for a click made with :meth:`FakeTelegram.click`."""

    callback_query_id: str
    data: str | None
    chat_id: int | None
    message_id: int | None
    user_id: int
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None


@dataclass(frozen=True)
class InlineAnswer:
    """The bot's ``answerInlineQuery`` for a query made with :meth:`FakeTelegram.inline_query`."""

    inline_query_id: str
    query: str
    user_id: int
    results: list[dict[str, Any]]
    cache_time: int | None
    is_personal: bool
    next_offset: str | None
    button: dict[str, Any] | None

    @property
    def titles(self) -> list[str]:
        return [str(result.get("title", "")) for result in self.results]

    def texts(self) -> list[str]:
        """Visible message text of each result's input_message_content."""
        texts = []
        for result in self.results:
            content = result.get("input_message_content") or {}
            texts.append(plain_text(content.get("message_text", ""), content.get("parse_mode")))
        return texts
