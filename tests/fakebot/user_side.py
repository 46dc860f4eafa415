"""What the test's users do: write, click, send files, block the bot.

Every helper is synchronous and thread-safe, queues the update Telegram would deliver, and
returns what a test usually needs next (the Message dict, the callback query id, ...).
Acting in a chat *marks* it: :meth:`FakeTelegram.wait_for_reply` then returns only what the
bot sends after this point.
"""

from __future__ import annotations

import copy
import mimetypes
import re
import time
from typing import Any

from .formatting import utf16_len
from .models import Chat, ChatMessage, User
from .state import World

UserRef = User | int
ChatRef = Chat | User | int
MessageRef = ChatMessage | dict[str, Any] | int

_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
_MENTION = re.compile(r"(?<![A-Za-z0-9_@])@[A-Za-z0-9_]{4,32}(?![A-Za-z0-9_])")
_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
_OGG = b"OggS" + b"\x00" * 32


def detect_entities(text: str) -> list[dict[str, Any]]:
    """``bot_command`` and ``mention`` entities, as Telegram adds them to a user's message."""
    entities = []
    for pattern, kind in ((_COMMAND, "bot_command"), (_MENTION, "mention")):
        for match in pattern.finditer(text):
            entities.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return sorted(entities, key=lambda e: e["offset"])


class UserSide:
    """Mixin with the test-side user actions; needs ``_world`` and ``_mark_chat``."""

    _world: World

    def _mark_chat(self, chat_id: int) -> None:
        raise NotImplementedError

    # -- registering users and chats --------------------------------------------------------

    def user(
        self,
        id: int,
        first_name: str = "Anna",
        language_code: str | None = "lv",
        username: str | None = None,
        *,
        last_name: str | None = None,
        started: bool = False,
    ) -> User:
        """Create (or replace) a user.  ``started=True``: the user already started the bot,
        so the bot may message them before they write (otherwise Telegram answers 403)."""
        if id <= 0:
            raise ValueError("user ids are positive")
        user = User(id, first_name, language_code, username, last_name)
        with self._world.lock:
            self._world.add_user(user, started=started)
        return user

    def group(
        self,
        chat_id: int,
        title: str = "Test group",
        *,
        username: str | None = None,
        supergroup: bool | None = None,
        bot_is_admin: bool = False,
    ) -> Chat:
        """Register a group the bot is a member of (ids are negative; ``-100…`` = supergroup).

        Unless the bot is an admin (or privacy mode is off), it only sees commands, mentions of
        it and replies to its messages there, as in Telegram.
        """
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        if supergroup is None:
            supergroup = chat_id <= -1_000_000_000_000
        chat = Chat(
            chat_id,
            "supergroup" if supergroup else "group",
            title=title,
            username=username,
            bot_is_admin=bot_is_admin,
        )
        with self._world.lock:
            self._world.add_chat(chat)
        return chat

    def start_chat(self, user: UserRef) -> None:
        """Mark the user's private chat as started without sending anything."""
        with self._world.lock:
            self._world.started.add(self._user(user).id)

    # -- messages ---------------------------------------------------------------------------

    def send_text(
        self,
        user: UserRef,
        text: str,
        chat: ChatRef | None = None,
        reply_to: MessageRef | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The user writes ``text`` (in their private chat unless ``chat`` is given).

        ``bot_command`` and ``mention`` entities are computed unless ``entities`` is given.
        Returns the Message dict as the bot receives it.
        """
        fields: dict[str, Any] = {"text": text}
        found = detect_entities(text) if entities is None else entities
        if found:
            fields["entities"] = found
        return self._user_message(user, chat, fields, reply_to)

    def reply_to_bot(
        self,
        user: UserRef,
        text: str,
        message: MessageRef | None = None,
        chat: ChatRef | None = None,
    ) -> dict[str, Any]:
        """Reply to a bot message (default: the bot's latest message in the chat)."""
        if message is None:
            with self._world.lock:
                chat_id = self._chat(user, chat).id
                sent = [m for m in self._world.bot_messages(chat_id) if not m.deleted]
                if not sent:
                    raise AssertionError(f"the bot has sent nothing in chat {chat_id}")
                message = sent[-1]
        return self.send_text(user, text, chat=chat, reply_to=message)

    def send_sticker(
        self, user: UserRef, emoji: str = "👍", chat: ChatRef | None = None
    ) -> dict[str, Any]:
        with self._world.lock:
            stored = self._world.store_file(
                b"RIFF....WEBP", "sticker.webp", "image/webp", "sticker"
            )
        sticker = {
            **stored.to_dict(),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(user, chat, {"sticker": sticker}, None)

    def send_photo(
        self,
        user: UserRef,
        caption: str | None = None,
        chat: ChatRef | None = None,
        content: bytes = _PNG,
    ) -> dict[str, Any]:
        with self._world.lock:
            small = self._world.store_file(content[:16], None, None, "photo")
            large = self._world.store_file(content, None, None, "photo")
        photo = [
            {**small.to_dict(), "width": 90, "height": 67},
            {**large.to_dict(), "width": 800, "height": 600},
        ]
        fields: dict[str, Any] = {"photo": photo}
        if caption:
            fields["caption"] = caption
            if detected := detect_entities(caption):
                fields["caption_entities"] = detected
        return self._user_message(user, chat, fields, None)

    def send_location(
        self,
        user: UserRef,
        latitude: float,
        longitude: float,
        chat: ChatRef | None = None,
        live_period: int | None = None,
    ) -> dict[str, Any]:
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if live_period:
            location["live_period"] = live_period
        return self._user_message(user, chat, {"location": location}, None)

    def send_contact(
        self,
        user: UserRef,
        phone_number: str,
        first_name: str | None = None,
        chat: ChatRef | None = None,
        *,
        last_name: str | None = None,
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        """Share a contact (by default the user's own, as a "share my number" button does)."""
        who = self._user(user)
        contact: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name or who.first_name,
        }
        if last_name:
            contact["last_name"] = last_name
        if contact_user_id is not None or first_name is None:
            contact["user_id"] = contact_user_id if contact_user_id is not None else who.id
        return self._user_message(user, chat, {"contact": contact}, None)

    def send_voice(
        self,
        user: UserRef,
        duration: int = 2,
        chat: ChatRef | None = None,
        content: bytes = _OGG,
    ) -> dict[str, Any]:
        with self._world.lock:
            stored = self._world.store_file(content, None, "audio/ogg", "voice")
        voice = {**stored.to_dict(), "duration": duration}
        return self._user_message(user, chat, {"voice": voice}, None)

    def send_document(
        self,
        user: UserRef,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
        chat: ChatRef | None = None,
    ) -> dict[str, Any]:
        """Send a file; the bot can fetch it with getFile and download it from base_file_url."""
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        with self._world.lock:
            stored = self._world.store_file(content, filename, mime, "document")
        fields: dict[str, Any] = {"document": stored.to_dict()}
        if caption:
            fields["caption"] = caption
        return self._user_message(user, chat, fields, None)

    def edit_text(self, user: UserRef, message: MessageRef, text: str) -> dict[str, Any]:
        """The user edits one of their text messages (an ``edited_message`` update)."""
        with self._world.lock:
            who = self._user(user)
            target = self._message(message, None)
            if target.from_bot or target.data.get("from", {}).get("id") != who.id:
                raise AssertionError(f"{who.first_name} can only edit their own messages")
            if "text" not in target.data:
                raise AssertionError("only text messages can be edited with edit_text")
            target.edits.append(copy.deepcopy(target.data))
            target.data["text"] = text
            target.data.pop("entities", None)
            if found := detect_entities(text):
                target.data["entities"] = found
            target.data["edit_date"] = int(time.time())
            chat = self._world.chats[target.chat_id]
            self._mark_chat(chat.id)
            self._deliver(chat, "edited_message", target.data, None)
            return copy.deepcopy(target.data)

    # -- buttons and inline mode ------------------------------------------------------------

    def click(
        self,
        user: UserRef,
        message: MessageRef,
        callback_data: str | None = None,
        *,
        button: str | None = None,
        chat: ChatRef | None = None,
    ) -> str:
        """Press an inline button of a bot message; returns the callback query id.

        Pick the button by ``callback_data`` or by its ``button`` text; with neither, the
        message must have exactly one callback button.  The button must be on the message's
        *current* keyboard (a user cannot press a button the bot has removed).
        """
        with self._world.lock:
            who = self._user(user)
            target = self._message(message, chat)
            if not target.from_bot:
                raise AssertionError("only the bot's messages have inline buttons to click")
            available = target.callback_data
            if button is not None:
                found = target.button(button)
                if "callback_data" not in found:
                    raise AssertionError(f"button {button!r} has no callback_data: {found}")
                callback_data = str(found["callback_data"])
            elif callback_data is None:
                if len(available) != 1:
                    raise AssertionError(
                        f"say which button to click; the message has {target.buttons!r}"
                    )
                callback_data = available[0]
            if callback_data not in available:
                raise AssertionError(
                    f"message {target.message_id} has no button with callback_data "
                    f"{callback_data!r}; its keyboard is {target.buttons!r} "
                    f"with data {available!r}"
                )
            query_id = self._world.new_query_id()
            self._world.callback_queries[query_id] = {
                "created": time.monotonic(),
                "answered": False,
                "data": callback_data,
                "chat_id": target.chat_id,
                "message_id": target.message_id,
                "user_id": who.id,
            }
            payload = {
                "id": query_id,
                "from": who.to_dict(),
                "message": copy.deepcopy(target.data),
                "chat_instance": str(abs(target.chat_id) * 7919 % 10**12),
                "data": callback_data,
            }
            self._mark_chat(target.chat_id)
            self._world.queue_update("callback_query", payload)
            return query_id

    def inline_query(
        self, user: UserRef, query: str, offset: str = "", chat_type: str | None = "private"
    ) -> str:
        """The user types ``@bot query`` somewhere; returns the inline query id."""
        with self._world.lock:
            who = self._user(user)
            query_id = self._world.new_query_id()
            self._world.inline_queries[query_id] = {
                "created": time.monotonic(),
                "answered": False,
                "query": query,
                "user_id": who.id,
            }
            payload: dict[str, Any] = {
                "id": query_id,
                "from": who.to_dict(),
                "query": query,
                "offset": offset,
            }
            if chat_type:
                payload["chat_type"] = chat_type
            self._world.queue_update("inline_query", payload)
            return query_id

    # -- blocking ---------------------------------------------------------------------------

    def block_user(self, user: UserRef, notify: bool = True) -> None:
        """The user blocks the bot: sends to them fail with 403 "bot was blocked by the user".

        ``notify`` queues the ``my_chat_member`` update Telegram sends.  The 403s count as
        injected faults, not as rejections.
        """
        with self._world.lock:
            who = self._user(user)
            self._world.blocked.add(who.id)
            if notify:
                self._member_update(who, "member", "kicked")

    def unblock_user(self, user: UserRef, notify: bool = True) -> None:
        with self._world.lock:
            who = self._user(user)
            self._world.blocked.discard(who.id)
            if notify:
                self._member_update(who, "kicked", "member")

    def queue_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (its ``update_id`` is assigned); an escape hatch for odd cases."""
        (kind, payload), *rest = [(k, v) for k, v in update.items() if k != "update_id"]
        if rest:
            raise ValueError("an update carries exactly one payload")
        with self._world.lock:
            return copy.deepcopy(self._world.queue_update(kind, copy.deepcopy(payload)))

    # -- internals --------------------------------------------------------------------------

    def _member_update(self, who: User, old: str, new: str) -> None:
        bot = dict(self._world.bot_user)
        chat = self._world.chats[who.id]
        new_member: dict[str, Any] = {"status": new, "user": bot}
        if new == "kicked":
            new_member["until_date"] = 0
        old_member: dict[str, Any] = {"status": old, "user": bot}
        if old == "kicked":
            old_member["until_date"] = 0
        self._world.queue_update(
            "my_chat_member",
            {
                "chat": chat.to_dict(),
                "from": who.to_dict(),
                "date": int(time.time()),
                "old_chat_member": old_member,
                "new_chat_member": new_member,
            },
        )

    def _user(self, user: UserRef) -> User:
        if isinstance(user, User):
            if user.id not in self._world.users:
                self._world.add_user(user)
            return self._world.users[user.id]
        if user not in self._world.users:
            raise AssertionError(f"unknown user {user}; create it with tg.user({user})")
        return self._world.users[user]

    def _chat(self, user: UserRef, chat: ChatRef | None) -> Chat:
        if chat is None:
            return self._world.chats[self._user(user).id]
        chat_id = chat.id if isinstance(chat, Chat | User) else chat
        if chat_id not in self._world.chats:
            raise AssertionError(f"unknown chat {chat_id}; create it with tg.group(...)")
        return self._world.chats[chat_id]

    def _message(self, message: MessageRef, chat: ChatRef | None) -> ChatMessage:
        if isinstance(message, ChatMessage):
            key = (message.chat_id, message.message_id)
        elif isinstance(message, dict):
            key = (int(message["chat"]["id"]), int(message["message_id"]))
        else:
            if chat is None:
                raise AssertionError("give chat= when referring to a message by its id")
            chat_id = chat.id if isinstance(chat, Chat | User) else chat
            key = (chat_id, message)
        found = self._world.messages.get(key)
        if found is None:
            raise AssertionError(f"no message {key[1]} in chat {key[0]}")
        if found.deleted:
            raise AssertionError(f"message {key[1]} in chat {key[0]} was deleted")
        return found

    def _user_message(
        self,
        user: UserRef,
        chat: ChatRef | None,
        fields: dict[str, Any],
        reply_to: MessageRef | None,
    ) -> dict[str, Any]:
        with self._world.lock:
            who = self._user(user)
            target = self._chat(who, chat)
            if target.type == "private":
                if target.id != who.id:
                    raise AssertionError("a user can only write in their own private chat")
                if who.id in self._world.blocked:
                    self.unblock_user(who)  # writing to the bot again unblocks it
                self._world.started.add(who.id)
            replied = self._message(reply_to, target) if reply_to is not None else None
            if replied is not None and replied.chat_id != target.id:
                raise AssertionError("reply_to must be a message of the same chat")
            message = self._world.new_message(target, fields, sender=who, reply_to=replied)
            self._mark_chat(target.id)
            self._deliver(target, "message", message.data, replied)
            return copy.deepcopy(message.data)

    def _deliver(
        self, chat: Chat, kind: str, data: dict[str, Any], replied: ChatMessage | None
    ) -> None:
        if self._bot_sees(chat, data, replied):
            self._world.queue_update(kind, copy.deepcopy(data))
        else:
            self._world.privacy_hidden.append(copy.deepcopy(data))

    def _bot_sees(self, chat: Chat, data: dict[str, Any], replied: ChatMessage | None) -> bool:
        """Group privacy mode: commands, mentions of the bot and replies to it only."""
        if chat.type == "private" or not self._world.group_privacy or chat.bot_is_admin:
            return True
        if replied is not None and replied.from_bot:
            return True
        username = str(self._world.bot_user["username"]).lower()
        text = str(data.get("text") or data.get("caption") or "")
        for match in _COMMAND.finditer(text):
            target = match.group().partition("@")[2].lower()
            if not target or target == username:
                return True
        return any(m.group()[1:].lower() == username for m in _MENTION.finditer(text))
