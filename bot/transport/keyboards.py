"""Inline keyboards and their callback data: short, versioned, at most 64 bytes.

Callback data names what a button opens, in the language of the message it sits on:

    v1|lv|p:<partner id>      open a partner's card (in Latvian)
    v1|lv|j:<project id>|p:<partner id>   open a project card; its Back leads to the partner
    v1|ru|pc:LT|+             open "partners in Lithuania" in a new message (a follow-up)
    v1|en|ek:camp             the camps (or the one camp's card)
    v1|en|up:42               👍 for the answer to logged question 42

The third part is the target, the optional fourth one either the screen Back returns to or
"+" (send a new message instead of editing this one). Anything that does not decode — an older
version, a forged or truncated string, an unknown screen — decodes to None and the user gets
"this button is out of date" and the current main menu.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answer import Action, Followup

VERSION = "v1"
CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data
NEW_MESSAGE = "+"
_ARG = re.compile(r"^[A-Za-z0-9_]{1,40}$")


class Op(StrEnum):
    """A screen a button opens, or an action it performs (the short code in callback data)."""

    MENU = "m"
    PARTNERS = "pl"
    COUNTRIES = "bc"
    COUNTRY = "pc"  # arg: ISO country code
    FIELDS = "bf"
    FIELD = "pf"  # arg: cooperation field id
    PARTNER = "p"  # arg: partner id
    PARTNER_PROJECTS = "pp"  # arg: partner id
    PROJECTS = "jl"
    PROJECT = "j"  # arg: project id
    EVENTS = "el"
    EVENT_KIND = "ek"  # arg: event kind (festival, camp, ...)
    EVENT = "e"  # arg: event id
    FILMS = "fl"  # every media item
    MEDIA_KIND = "mk"  # arg: media kind (film, photo_album, ...)
    FILM = "f"  # arg: media id
    LANGUAGES = "ll"
    ABOUT = "ab"
    HELP = "h"
    # Actions: they do something instead of opening a screen.
    MAP_PARTNER = "mp"  # arg: partner id; sends a venue
    MAP_EVENT = "me"  # arg: event id; sends a venue
    SET_LANGUAGE = "lang"  # arg: language code
    LIKE = "up"  # arg: question id
    DISLIKE = "dn"  # arg: question id


NEEDS_ARG = frozenset(
    {
        Op.COUNTRY,
        Op.FIELD,
        Op.PARTNER,
        Op.PARTNER_PROJECTS,
        Op.PROJECT,
        Op.EVENT,
        Op.EVENT_KIND,
        Op.FILM,
        Op.MEDIA_KIND,
        Op.MAP_PARTNER,
        Op.MAP_EVENT,
        Op.SET_LANGUAGE,
        Op.LIKE,
        Op.DISLIKE,
    }
)
ACTIONS = frozenset({Op.MAP_PARTNER, Op.MAP_EVENT, Op.SET_LANGUAGE, Op.LIKE, Op.DISLIKE})


@dataclass(frozen=True)
class Ref:
    """A screen or an action with its argument: Ref(Op.PARTNER, "<partner id>")."""

    op: Op
    arg: str = ""

    def token(self) -> str:
        return f"{self.op.value}:{self.arg}" if self.arg else self.op.value

    @classmethod
    def parse(cls, token: str) -> Ref | None:
        code, _, arg = token.partition(":")
        try:
            op = Op(code)
        except ValueError:
            return None
        if (op in NEEDS_ARG) != bool(arg) or (arg and not _ARG.match(arg)):
            return None
        if op in (Op.LIKE, Op.DISLIKE) and not arg.isdigit():
            return None
        return cls(op, arg)


MENU = Ref(Op.MENU)


@dataclass(frozen=True)
class Press:
    """What a pressed button asks for: the decoded callback data."""

    lang: str
    target: Ref
    back: Ref | None = None  # where Back leads from the target; None: its usual parent
    new_message: bool = False  # open the target in a new message (follow-ups under answers)


def encode(press: Press) -> str:
    """The callback data of a button; drops the Back hint if it would not fit in 64 bytes."""
    data = f"{VERSION}|{press.lang}|{press.target.token()}"
    if press.new_message:
        data += f"|{NEW_MESSAGE}"
    elif press.back is not None and press.back.op not in ACTIONS:
        with_back = f"{data}|{press.back.token()}"
        if len(with_back.encode()) <= CALLBACK_LIMIT:
            data = with_back
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data longer than {CALLBACK_LIMIT} bytes: {data!r}")
    return data


def decode(data: str | None, languages: Sequence[str]) -> Press | None:
    """The button's request, or None for anything stale, forged or malformed."""
    if not data or len(data.encode()) > CALLBACK_LIMIT:
        return None
    parts = data.split("|")
    if len(parts) not in (3, 4) or parts[0] != VERSION or parts[1] not in languages:
        return None
    target = Ref.parse(parts[2])
    if target is None:
        return None
    if len(parts) == 3:
        return Press(parts[1], target)
    if parts[3] == NEW_MESSAGE:
        return Press(parts[1], target, new_message=True)
    back = Ref.parse(parts[3])
    if back is None or back.op in ACTIONS:
        return None
    return Press(parts[1], target, back=back)


def followup_ref(followup: Followup) -> Ref:
    """The screen that shows what an engine follow-up offers."""
    return Ref(_FOLLOWUP_OPS[followup.action], followup.ref)


_FOLLOWUP_OPS: dict[Action, Op] = {
    Action.PARTNER: Op.PARTNER,
    Action.PARTNER_PROJECTS: Op.PARTNER_PROJECTS,
    Action.PARTNERS_IN_COUNTRY: Op.COUNTRY,
    Action.PARTNERS_WITH_FIELD: Op.FIELD,
    Action.PROJECT: Op.PROJECT,
    Action.EVENT: Op.EVENT,
    Action.MEDIA: Op.FILM,
    Action.ALL_PARTNERS: Op.PARTNERS,
    Action.ALL_PROJECTS: Op.PROJECTS,
}


def button(text: str, press: Press) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(press))


def in_rows(
    buttons: Iterable[InlineKeyboardButton], per_row: int
) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out `per_row` to a row."""
    flat = list(buttons)
    return [flat[i : i + per_row] for i in range(0, len(flat), per_row)]


def markup(rows: Iterable[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    """An inline keyboard of the non-empty rows, or None when there is no button at all."""
    kept = [list(row) for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None


def without_feedback(keyboard: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The same keyboard minus its 👍 / 👎 buttons (once the user has given feedback)."""
    if keyboard is None:
        return None
    rows = []
    for row in keyboard.inline_keyboard:
        kept = [b for b in row if not _is_feedback(b)]
        rows.append(kept)
    return markup(rows)


def _is_feedback(b: InlineKeyboardButton) -> bool:
    if not isinstance(b.callback_data, str):
        return False
    token = b.callback_data.split("|")[2:3]
    ref = Ref.parse(token[0]) if token else None
    return ref is not None and ref.op in (Op.LIKE, Op.DISLIKE)
