"""Everything the fake Telegram knows, guarded by one lock.

:class:`World` holds users, chats, messages, files, the update queue and the log of the bot's
calls.  It is plain synchronous code: the HTTP handlers (running in the server's event loop)
and the test-side helpers (running in the test's thread, possibly another one) both take
``world.lock`` around every access.  ``on_change`` is called after each mutation so that the
server can wake long-polling ``getUpdates`` requests and webhook deliveries.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from .errors import BLOCKED, CANT_INITIATE, CHAT_NOT_FOUND, INJECTED, ApiError
from .models import (
    CallbackAnswer,
    CallRecord,
    Chat,
    ChatMessage,
    InlineAnswer,
    SentDocument,
    StoredFile,
    User,
)

#: Update types delivered when ``allowed_updates`` is not set or empty (as in Telegram).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class World:
    """The fake's data.  Every public attribute must be accessed with ``lock`` held."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        bot_name: str,
        *,
        strict: bool,
        group_privacy: bool,
        query_ttl: float | None,
    ) -> None:
        self.lock = threading.RLock()
        self.on_change: Callable[[], None] = lambda: None
        self.token = token
        self.strict = strict
        self.group_privacy = group_privacy
        self.query_ttl = query_ttl
        self.bot_user: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }

        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.started: set[int] = set()  # private chats in which the user has started the bot
        self.blocked: set[int] = set()
        self.messages: dict[tuple[int, int], ChatMessage] = {}
        self.chat_messages: dict[int, list[ChatMessage]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}

        self.updates: list[dict[str, Any]] = []  # not yet confirmed by the bot
        self.fetched_update_ids: set[int] = set()
        self.privacy_hidden: list[dict[str, Any]] = []  # group messages the bot cannot see
        self._update_ids = itertools.count(100001)
        self.allowed_updates: list[str] | None = None
        self.webhook: dict[str, Any] | None = None
        self.webhook_last_error: tuple[int, str] | None = None
        self.last_poll: float | None = None

        self.files: dict[str, StoredFile] = {}
        self._file_ids = itertools.count(1)
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.inline_queries: dict[str, dict[str, Any]] = {}
        self._query_ids = itertools.count(4_200_000_000_000_001)

        self.callback_answers: list[CallbackAnswer] = []
        self.inline_answers: list[InlineAnswer] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.documents: list[SentDocument] = []

        self.calls: list[CallRecord] = []
        self._call_ids = itertools.count(1)
        self.last_activity = time.monotonic()

    # -- chats and users ------------------------------------------------------------------

    def add_user(self, user: User, *, started: bool = False) -> None:
        self.users[user.id] = user
        if user.id not in self.chats:
            self.chats[user.id] = Chat(
                user.id,
                "private",
                username=user.username,
                first_name=user.first_name,
                last_name=user.last_name,
            )
        if started:
            self.started.add(user.id)

    def add_chat(self, chat: Chat) -> None:
        self.chats[chat.id] = chat

    def chat_for_bot(self, raw_chat_id: Any, *, for_sending: bool = True) -> Chat:
        """Resolve the bot's ``chat_id`` parameter, applying Telegram's access rules."""
        if raw_chat_id is None or raw_chat_id == "":
            raise ApiError("Bad Request: chat_id is empty")
        text = str(raw_chat_id).strip()
        chat: Chat | None = None
        if text.startswith("@"):
            chat = next(
                (c for c in self.chats.values() if c.username and c.username == text[1:]), None
            )
        elif text.lstrip("-").isdigit():
            chat = self.chats.get(int(text))
        if chat is None:
            raise ApiError(CHAT_NOT_FOUND)
        if chat.type == "private" and for_sending:
            if chat.id in self.blocked:
                raise ApiError(BLOCKED, 403, kind=INJECTED)
            if chat.id not in self.started:
                raise ApiError(CANT_INITIATE, 403)
        return chat

    # -- messages ---------------------------------------------------------------------------

    def new_message(
        self,
        chat: Chat,
        fields: dict[str, Any],
        *,
        sender: User | None,
        reply_to: ChatMessage | None = None,
        method: str = "",
        params: dict[str, Any] | None = None,
    ) -> ChatMessage:
        """Create and store a message; ``sender=None`` means the bot sent it."""
        counter = self._message_ids.setdefault(chat.id, itertools.count(1))
        message_id = next(counter)
        data: dict[str, Any] = {
            "message_id": message_id,
            "from": dict(self.bot_user) if sender is None else sender.to_dict(),
            "chat": chat.to_dict(),
            "date": int(time.time()),
        }
        if reply_to is not None:
            data["reply_to_message"] = {
                k: v for k, v in reply_to.data.items() if k != "reply_to_message"
            }
        data.update(fields)
        message = ChatMessage(
            chat_id=chat.id,
            message_id=message_id,
            from_bot=sender is None,
            data=data,
            method=method,
            params=params or {},
        )
        self.messages[(chat.id, message_id)] = message
        self.chat_messages.setdefault(chat.id, []).append(message)
        self.touch()
        return message

    def find_message(self, chat_id: int, message_id: int | None) -> ChatMessage | None:
        if message_id is None:
            return None
        message = self.messages.get((chat_id, message_id))
        if message is None or message.deleted:
            return None
        return message

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self.chat_messages.get(chat_id, []) if m.from_bot]

    # -- updates ----------------------------------------------------------------------------

    def queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self.touch()
        return update

    def confirm_updates(self, offset: int | None) -> None:
        """Forget updates the bot confirmed with ``offset`` (negative: keep only the last N)."""
        if not offset:
            return
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def is_allowed(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED_UPDATES

    def deliverable_updates(self, limit: int) -> list[dict[str, Any]]:
        """Pending updates the bot may receive; drops those ``allowed_updates`` excludes."""
        self.updates = [u for u in self.updates if self.is_allowed(u)]
        return self.updates[:limit]

    # -- files ------------------------------------------------------------------------------

    def store_file(
        self, content: bytes, filename: str | None, mime_type: str | None, kind: str
    ) -> StoredFile:
        number = next(self._file_ids)
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        stored = StoredFile(
            file_id=f"fake-{kind}-{number:06d}-AgADBAAD",
            file_unique_id=f"AQAD{number:06d}",
            content=content,
            filename=filename,
            mime_type=mime_type,
            file_path=f"{kind}s/file_{number}{suffix}",
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == path), None)

    # -- queries ----------------------------------------------------------------------------

    def new_query_id(self) -> str:
        return str(next(self._query_ids))

    def query_is_live(self, query: dict[str, Any] | None) -> bool:
        if query is None or bool(query["answered"]):
            return False
        if self.query_ttl is None:
            return True
        return bool(time.monotonic() - query["created"] <= self.query_ttl)

    # -- calls ------------------------------------------------------------------------------

    def new_call(self, method: str, params: dict[str, Any]) -> CallRecord:
        record = CallRecord(
            seq=next(self._call_ids),
            method=method,
            params=params,
            kind="pending",
            started=time.monotonic(),
        )
        self.calls.append(record)
        if method != "getUpdates":  # long polls are not activity of the bot
            self.touch()
        return record

    def touch(self) -> None:
        self.last_activity = time.monotonic()
        self.on_change()
