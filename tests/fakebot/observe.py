"""What the bot did, and waiting for it: recorded calls, messages, answers and settings.

The ``wait_*`` coroutines poll with short sleeps, so they work from any event loop (the
server's or another thread's); the ``wait_*_sync`` variants block the calling thread.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import INJECTED, REJECTED, UNSUPPORTED
from .models import (
    CallbackAnswer,
    CallRecord,
    Chat,
    ChatMessage,
    InlineAnswer,
    SentDocument,
    User,
)
from .state import World
from .user_side import ChatRef

_POLL_INTERVAL = 0.01
T = TypeVar("T")


class Observation:
    """Mixin with the recorded data and the waiting helpers of :class:`FakeTelegram`."""

    _world: World
    _in_flight: int
    _cursors: dict[int, int]
    _mark_seq: dict[int, int]

    def _serves_in_this_thread(self) -> bool:
        raise NotImplementedError

    @property
    def calls(self) -> list[CallRecord]:
        """Every Bot API call the bot made, in order."""
        with self._world.lock:
            return list(self._world.calls)

    def calls_to(self, method: str) -> list[CallRecord]:
        """The calls of one method (case-insensitive), in order."""
        with self._world.lock:
            return [c for c in self._world.calls if c.method.lower() == method.lower()]

    @property
    def rejected(self) -> list[CallRecord]:
        """Calls that failed because the bot broke one of Telegram's rules."""
        return [c for c in self.calls if c.kind == REJECTED]

    @property
    def injected(self) -> list[CallRecord]:
        """Calls that failed because the test injected a fault (incl. blocked users)."""
        return [c for c in self.calls if c.kind == INJECTED]

    @property
    def unsupported(self) -> list[CallRecord]:
        """Calls of real Bot API methods this fake does not implement."""
        return [c for c in self.calls if c.kind == UNSUPPORTED]

    def assert_no_rejections(self) -> None:
        """Fail listing every call Telegram would have rejected (and every unsupported one)."""
        bad = [c for c in self.calls if c.kind in {REJECTED, UNSUPPORTED}]
        if bad:
            lines = "\n".join(f"  {call}" for call in bad)
            raise AssertionError(
                f"the bot made {len(bad)} call(s) that Telegram would reject:\n{lines}"
            )

    def sent_to(self, chat: ChatRef, *, include_deleted: bool = False) -> list[ChatMessage]:
        """The bot's messages in a chat, oldest first, as they look now (after edits)."""
        with self._world.lock:
            messages = self._world.bot_messages(_chat_id(chat))
            return [m for m in messages if include_deleted or not m.deleted]

    def last_sent(self, chat: ChatRef) -> ChatMessage:
        """The bot's latest (not deleted) message in a chat."""
        sent = self.sent_to(chat)
        if not sent:
            raise AssertionError(f"the bot has sent nothing to chat {_chat_id(chat)}")
        return sent[-1]

    def history(self, chat: ChatRef) -> list[ChatMessage]:
        """Every message of a chat (user's and bot's, including deleted ones), oldest first."""
        with self._world.lock:
            return list(self._world.chat_messages.get(_chat_id(chat), []))

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        with self._world.lock:
            return list(self._world.callback_answers)

    @property
    def inline_answers(self) -> list[InlineAnswer]:
        with self._world.lock:
            return list(self._world.inline_answers)

    @property
    def commands(self) -> dict[tuple[str, str], list[dict[str, str]]]:
        """Command lists by (scope, language_code); scope is e.g. "default",
        "all_private_chats", "chat:<id>", "chat_member:<chat>:<user>"; language "" = all."""
        with self._world.lock:
            return copy.deepcopy(self._world.commands)

    def commands_for(
        self, scope: str = "default", language_code: str = "", chat_id: int | None = None
    ) -> list[dict[str, str]]:
        """The commands set for one scope type (plus ``chat_id`` for chat scopes) and language."""
        key = scope if chat_id is None else f"{scope}:{chat_id}"
        with self._world.lock:
            return copy.deepcopy(self._world.commands.get((key, language_code), []))

    @property
    def descriptions(self) -> dict[str, str]:
        """setMyDescription values by language_code ("" = default)."""
        with self._world.lock:
            return dict(self._world.descriptions)

    @property
    def short_descriptions(self) -> dict[str, str]:
        with self._world.lock:
            return dict(self._world.short_descriptions)

    @property
    def names(self) -> dict[str, str]:
        with self._world.lock:
            return dict(self._world.names)

    @property
    def menu_buttons(self) -> dict[int | None, dict[str, Any]]:
        """setChatMenuButton values by chat id (``None`` = the default button)."""
        with self._world.lock:
            return copy.deepcopy(self._world.menu_buttons)

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        with self._world.lock:
            return list(self._world.chat_actions)

    @property
    def locations(self) -> list[ChatMessage]:
        """Locations the bot sent (sendLocation), in order."""
        return self._bot_messages_of_kind("location")

    @property
    def venues(self) -> list[ChatMessage]:
        """Venues the bot sent (sendVenue), in order."""
        return self._bot_messages_of_kind("venue")

    @property
    def documents(self) -> list[SentDocument]:
        """Documents the bot sent (sendDocument), with filename and bytes."""
        with self._world.lock:
            return list(self._world.documents)

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued for the bot and not yet confirmed by it."""
        with self._world.lock:
            return copy.deepcopy(self._world.updates)

    @property
    def hidden_group_messages(self) -> list[dict[str, Any]]:
        """Group messages the bot did not receive because of privacy mode."""
        with self._world.lock:
            return copy.deepcopy(self._world.privacy_hidden)

    @property
    def webhook(self) -> dict[str, Any] | None:
        with self._world.lock:
            return dict(self._world.webhook) if self._world.webhook else None

    def _bot_messages_of_kind(self, kind: str) -> list[ChatMessage]:
        with self._world.lock:
            return [
                m
                for chat in self._world.chat_messages.values()
                for m in chat
                if m.from_bot and m.kind == kind
            ]

    def mark(self, chat: ChatRef | None = None) -> None:
        """Forget the bot messages sent so far (in one chat or all): wait_for_reply then waits
        for newer ones.  User helpers mark their chat automatically."""
        with self._world.lock:
            chat_ids = list(self._world.chats) if chat is None else [_chat_id(chat)]
            for chat_id in chat_ids:
                self._mark_chat(chat_id)

    def _mark_chat(self, chat_id: int) -> None:
        with self._world.lock:
            self._cursors[chat_id] = len(self._world.bot_messages(chat_id))
            self._mark_seq[chat_id] = len(self._world.calls)

    def _take_replies(
        self, chat_id: int, count: int, fail_on_rejection: bool
    ) -> list[ChatMessage] | None:
        with self._world.lock:
            messages = self._world.bot_messages(chat_id)
            cursor = self._cursors.get(chat_id, 0)
            if len(messages) - cursor >= count:
                self._cursors[chat_id] = cursor + count
                return messages[cursor : cursor + count]
            if fail_on_rejection:
                since = self._mark_seq.get(chat_id, 0)
                for call in self._world.calls[since:]:
                    if call.kind == REJECTED and _same_chat(call.params.get("chat_id"), chat_id):
                        raise AssertionError(
                            f"the bot's reply in chat {chat_id} was rejected by Telegram:\n  {call}"
                        )
            return None

    def _reply_timeout(self, chat_id: int, count: int, timeout: float) -> AssertionError:
        with self._world.lock:
            got = len(self._world.bot_messages(chat_id)) - self._cursors.get(chat_id, 0)
            since = self._mark_seq.get(chat_id, 0)
            recent = [str(c) for c in self._world.calls[since:] if c.method != "getUpdates"]
            pending = len(self._world.updates)
            hidden = len(self._world.privacy_hidden)
        lines = "\n".join(f"  {line}" for line in recent[-15:]) or "  (none)"
        note = ""
        if hidden:
            note += f"\n{hidden} group message(s) were hidden from the bot by privacy mode."
        if pending:
            note += f"\n{pending} update(s) are still queued (is the bot polling?)."
        return AssertionError(
            f"waited {timeout}s for {count} bot message(s) in chat {chat_id}, got {got}.\n"
            f"Bot API calls since the chat was marked:\n{lines}{note}"
        )

    async def wait_for_reply(
        self,
        chat: ChatRef,
        count: int = 1,
        timeout: float = 10.0,
        *,
        fail_on_rejection: bool = True,
    ) -> list[ChatMessage]:
        """Wait until the bot has sent ``count`` new messages to the chat and return them.

        "New" means after the last mark (user helpers mark their chat; so does this method
        for the messages it returns).  Edits do not count; edited messages show their current
        content.  Fails at once if a call of the bot to this chat was rejected.
        """
        chat_id = _chat_id(chat)
        return await self._poll_async(
            lambda: self._take_replies(chat_id, count, fail_on_rejection),
            timeout,
            lambda: self._reply_timeout(chat_id, count, timeout),
        )

    def wait_for_reply_sync(
        self,
        chat: ChatRef,
        count: int = 1,
        timeout: float = 10.0,
        *,
        fail_on_rejection: bool = True,
    ) -> list[ChatMessage]:
        """Blocking :meth:`wait_for_reply` (thread mode / synchronous tests only)."""
        chat_id = _chat_id(chat)
        return self._poll_sync(
            lambda: self._take_replies(chat_id, count, fail_on_rejection),
            timeout,
            lambda: self._reply_timeout(chat_id, count, timeout),
        )

    async def wait_until(
        self, predicate: Callable[[], T | None], timeout: float = 10.0, message: str = ""
    ) -> T:
        """Poll ``predicate`` until it returns something truthy, and return that."""
        return await self._poll_async(
            lambda: predicate() or None, timeout, lambda: self._until_timeout(timeout, message)
        )

    def wait_until_sync(
        self, predicate: Callable[[], T | None], timeout: float = 10.0, message: str = ""
    ) -> T:
        return self._poll_sync(
            lambda: predicate() or None, timeout, lambda: self._until_timeout(timeout, message)
        )

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[CallRecord], bool] | None = None,
        timeout: float = 10.0,
        *,
        after: int = 0,
    ) -> CallRecord:
        """Wait for a finished call of ``method`` (with ``seq > after``) matching ``predicate``."""

        def find() -> CallRecord | None:
            for call in self.calls_to(method):
                done = call.seq > after and call.finished is not None
                if done and (predicate is None or predicate(call)):
                    return call
            return None

        return await self.wait_until(find, timeout, f"no matching {method} call")

    async def wait_for_callback_answer(
        self, callback_query_id: str, timeout: float = 10.0
    ) -> CallbackAnswer:
        """Wait for the bot to answer the callback query made by :meth:`click`."""

        def find() -> CallbackAnswer | None:
            answers = self.callback_answers
            return next((a for a in answers if a.callback_query_id == callback_query_id), None)

        return await self.wait_until(
            find, timeout, f"callback query {callback_query_id} unanswered"
        )

    async def wait_for_inline_answer(
        self, inline_query_id: str, timeout: float = 10.0
    ) -> InlineAnswer:
        """Wait for the bot to answer the inline query made by :meth:`inline_query`."""

        def find() -> InlineAnswer | None:
            answers = self.inline_answers
            return next((a for a in answers if a.inline_query_id == inline_query_id), None)

        return await self.wait_until(find, timeout, f"inline query {inline_query_id} unanswered")

    def _is_idle(self, quiet: float) -> bool | None:
        with self._world.lock:
            world = self._world
            if self._in_flight:
                return None
            if time.monotonic() - world.last_activity < quiet:
                return None
            consuming = world.webhook is not None or world.last_poll is not None
            if consuming and any(
                u["update_id"] not in world.fetched_update_ids for u in world.updates
            ):
                return None
            return True

    async def wait_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the bot has been quiet for ``quiet`` seconds: no request in progress
        (other than a long poll), no undelivered update, no call or update for that long."""
        await self._poll_async(
            lambda: self._is_idle(quiet),
            timeout,
            lambda: self._until_timeout(timeout, "the bot did not become idle"),
        )

    def wait_idle_sync(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        self._poll_sync(
            lambda: self._is_idle(quiet),
            timeout,
            lambda: self._until_timeout(timeout, "the bot did not become idle"),
        )

    def _until_timeout(self, timeout: float, message: str) -> AssertionError:
        recent = (
            "\n".join(f"  {c}" for c in self.calls[-10:] if c.method != "getUpdates") or "  (none)"
        )
        return AssertionError(
            f"timed out after {timeout}s{': ' + message if message else ''}\n"
            f"Latest Bot API calls:\n{recent}"
        )

    async def _poll_async(
        self,
        check: Callable[[], T | None],
        timeout: float,
        on_timeout: Callable[[], AssertionError],
    ) -> T:
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value is not None:
                return value
            if time.monotonic() >= deadline:
                raise on_timeout()
            await asyncio.sleep(_POLL_INTERVAL)

    def _poll_sync(
        self,
        check: Callable[[], T | None],
        timeout: float,
        on_timeout: Callable[[], AssertionError],
    ) -> T:
        if self._serves_in_this_thread():
            raise RuntimeError(
                "a blocking wait in the server's own event loop would deadlock; "
                "use the async wait_* helpers or start_in_thread()"
            )
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value is not None:
                return value
            if time.monotonic() >= deadline:
                raise on_timeout()
            time.sleep(_POLL_INTERVAL)


def _chat_id(chat: ChatRef) -> int:
    if isinstance(chat, Chat | User):
        return chat.id
    return int(chat)


def _same_chat(value: Any, chat_id: int) -> bool:
    try:
        return int(value) == chat_id
    except (TypeError, ValueError):
        return False
