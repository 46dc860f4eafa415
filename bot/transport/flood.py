"""Flood protection: each user gets at most `rate_limit_messages` answers per
`rate_limit_seconds` (a sliding window); other users are answered as usual.

A user over the limit gets one polite "slow down" in their language; their further messages
are dropped until the window has room again. Pressed buttons count too: a throttled button
press is answered with the same notice as a small pop-up (a callback query must always be
answered, or the button keeps spinning). Inline queries do not count: Telegram sends one per
keystroke.

The decision is taken when an update *arrives* (`admit`, called by runtime.PerChatOrder before
the update waits for its chat), so a dropped message never queues behind the flood or does any
work; the notice is sent by `enforce`, the first handler of every update (group -1).
Memory stays bounded: a user is forgotten once the window has passed since their last
message, and at most `max_users` are remembered.
"""

from __future__ import annotations

import contextlib
import enum
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, filters

from bot.render import t
from bot.transport.context import BotContext
from bot.transport.handlers import ADDRESSED, language_of, reply
from bot.transport.views import Screen

MAX_USERS = 10_000
_COUNTED_MESSAGES = ADDRESSED | filters.COMMAND


class Verdict(enum.Enum):
    ANSWER = "answer"
    WARN = "warn"  # the first update over the limit: tell the user to slow down
    DROP = "drop"  # later ones: ignore (callback queries still get the notice)


@dataclass
class _Window:
    times: deque[float] = field(default_factory=deque)  # when answered updates arrived
    warned: bool = False
    last_seen: float = 0.0


class FloodGuard:
    """A sliding-window limit per user."""

    def __init__(
        self,
        limit: int,
        seconds: float,
        *,
        max_users: int = MAX_USERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.seconds, self.max_users = limit, seconds, max_users
        self._clock = clock
        self._users: OrderedDict[int, _Window] = OrderedDict()  # least recently seen first
        self._verdicts: dict[int, Verdict] = {}  # update_id -> verdict for `enforce`

    def __len__(self) -> int:
        """How many users are remembered."""
        return len(self._users)

    def check(self, user_id: int) -> Verdict:
        """Count one update of `user_id` now and say what to do with it."""
        now = self._clock()
        self._forget_idle(now)
        window = self._users.pop(user_id, None) or _Window()
        self._users[user_id] = window  # most recently seen last
        if len(self._users) > self.max_users:
            self._users.popitem(last=False)
        window.last_seen = now
        while window.times and window.times[0] <= now - self.seconds:
            window.times.popleft()
        if len(window.times) < self.limit:
            window.times.append(now)
            window.warned = False
            return Verdict.ANSWER
        if not window.warned:
            window.warned = True
            return Verdict.WARN
        return Verdict.DROP

    def _forget_idle(self, now: float) -> None:
        """Forget the users whose window is empty (they are answered anyway)."""
        while self._users:
            user_id, window = next(iter(self._users.items()))
            if window.last_seen > now - self.seconds:
                break
            del self._users[user_id]

    def admit(self, update: object) -> bool:
        """Called as each update arrives: False drops it unprocessed (a flood's messages)."""
        if not isinstance(update, Update) or not _counted(update):
            return True
        user = update.effective_user
        if user is None:
            return True
        verdict = self.check(user.id)
        if verdict is Verdict.ANSWER:
            return True
        if verdict is Verdict.DROP and update.callback_query is None:
            return False
        self._verdicts[update.update_id] = verdict
        if len(self._verdicts) > self.max_users:  # updates that were never handled
            del self._verdicts[next(iter(self._verdicts))]
        return True

    async def enforce(self, update: Update, context: BotContext) -> None:
        """Handler group -1: send the notice for a throttled update and stop handling it."""
        verdict = self._verdicts.pop(update.update_id, None)
        if verdict is None:
            return
        notice = t(
            language_of(update, context),
            "You are writing faster than I can read. Please wait a few seconds and ask again.",
        )
        query = update.callback_query
        if query is not None:
            with contextlib.suppress(BadRequest):  # too old: nothing to do
                await query.answer(notice)
        elif isinstance(update.effective_message, Message):
            await reply(update.effective_message, context, Screen(notice, None))
        raise ApplicationHandlerStop


def _counted(update: Update) -> bool:
    """Button presses, and the messages the bot would answer."""
    if update.callback_query is not None:
        return True
    message = update.message or update.edited_message
    if message is None:
        return False
    if message.chat.type == ChatType.PRIVATE:
        return True
    return bool(_COUNTED_MESSAGES.check_update(update))
