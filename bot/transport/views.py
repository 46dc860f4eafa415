"""The bot's screens: menus and cards, each an HTML text with an inline keyboard.

Cards and lists are engine Answers built here by hand and rendered by the same renderer as
the answers to free-text questions, so no wording lives in two places; the buttons come
from the Answer's follow-ups. Only the menu captions and titles are written here, through
the translation catalogue.

`screen(ref, ...)` returns None when the ref names nothing the knowledge base has (an old
button after an edit of the knowledge files): the caller says "this button is out of date".
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answer import Action, Answer, Facet, Filters, Followup, Kind, SmallTalk
from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.render import button_label, render_html, render_topics, t
from bot.render.formats import country_name, flag
from bot.render.kinds import event_words, media_words
from bot.transport.commands import command_lines
from bot.transport.keyboards import (
    MENU,
    Op,
    Press,
    Ref,
    button,
    followup_ref,
    in_rows,
    markup,
)
from bot.transport.language import language_name


@dataclass(frozen=True)
class Screen:
    """A message the bot shows: Telegram HTML and an inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Page:
    """What building a screen needs: the knowledge, the language and where Back leads."""

    kb: KnowledgeBase
    settings: Settings
    lang: str
    here: Ref
    back: Ref | None

    def render(self, answer: Answer) -> str:
        return render_html(answer, self.kb, self.settings.municipality)

    def press(self, target: Ref) -> Press:
        """A button to `target` whose Back returns here."""
        return Press(self.lang, target, back=self.here)

    def go(self, text: str, target: Ref) -> InlineKeyboardButton:
        return button(text, self.press(target))

    def back_row(self) -> list[InlineKeyboardButton]:
        if self.back is None:
            return []
        label = "🏠 " + t(self.lang, "Main menu") if self.back == MENU else None
        return [button(label or "⬅️ " + t(self.lang, "Back"), Press(self.lang, self.back))]

    def followup_buttons(self, followups: Iterable[Followup]) -> list[InlineKeyboardButton]:
        return [self.go(label(f, self.kb, self.lang), followup_ref(f)) for f in followups]


def label(followup: Followup, kb: KnowledgeBase, lang: str) -> str:
    """A follow-up's button label; partners are shown with their flag."""
    partner = kb.partners.get(followup.ref) if followup.action is Action.PARTNER else None
    if partner is not None:
        return f"{flag(partner.country)} {partner.name.get(lang)}"
    return button_label(followup, kb, lang)


def parent(ref: Ref, kb: KnowledgeBase) -> Ref | None:
    """Where Back leads from a screen when the button did not say."""
    if ref.op is Op.MENU:
        return None
    if ref.op in (Op.COUNTRIES, Op.FIELDS, Op.PARTNER):
        return Ref(Op.PARTNERS)
    if ref.op is Op.COUNTRY:
        return Ref(Op.COUNTRIES)
    if ref.op is Op.FIELD:
        return Ref(Op.FIELDS)
    if ref.op is Op.PARTNER_PROJECTS:
        return Ref(Op.PARTNER, ref.arg)
    if ref.op is Op.PROJECT:
        return Ref(Op.PROJECTS)
    if ref.op is Op.EVENT and ref.arg in kb.events:
        kind = kb.events[ref.arg].kind
        return Ref(Op.EVENT_KIND, kind) if len(_events_of(kb, kind)) > 1 else MENU
    if ref.op is Op.FILM and ref.arg in kb.media:
        media_kind = kb.media[ref.arg].kind
        return Ref(Op.MEDIA_KIND, media_kind) if len(_media_of(kb, media_kind)) > 1 else MENU
    return MENU


def screen(
    ref: Ref, lang: str, kb: KnowledgeBase, settings: Settings, back: Ref | None = None
) -> Screen | None:
    """The screen `ref` names, in `lang`; None if it names nothing the knowledge base has."""
    build = _SCREENS.get(ref.op)
    if build is None:
        return None
    page = Page(kb, settings, lang, ref, back if back is not None else parent(ref, kb))
    return build(page)


# ------------------------------------------------------------------------- menus


def about_knowledge(lang: str, kb: KnowledgeBase, settings: Settings) -> str:
    """Two lines: what the bot knows (from the knowledge base) and how to ask."""
    municipality = escape(settings.municipality.get(lang) or settings.municipality.get("en", ""))
    knows = t(
        lang,
        "I can tell you about the twinning partners of {municipality}: the agreements, "
        "cooperation fields and joint projects.",
        municipality=municipality,
    )
    more = render_topics(kb, lang, settings.municipality)
    return "\n".join(
        [
            f"{knows} {more}" if more else knows,
            t(lang, "Write your question in Latvian, Russian or English, or choose a topic below."),
        ]
    )


def greeting(lang: str, kb: KnowledgeBase, settings: Settings, first_name: str) -> str:
    hello = t(lang, "Hello, {name}!", name=escape(first_name)) if first_name else None
    hello = hello or t(lang, "Hello!")
    return f"<b>{hello}</b>\n{about_knowledge(lang, kb, settings)}"


# More kinds than this get one "Events" and one "Media" button instead of one per kind.
MAX_KIND_BUTTONS = 4


def _events_of(kb: KnowledgeBase, kind: str) -> list[str]:
    return [e.id for e in kb.events.values() if e.kind == kind]


def _media_of(kb: KnowledgeBase, kind: str) -> list[str]:
    return [m.id for m in kb.media.values() if m.kind == kind]


def topic_buttons(page: Page) -> list[InlineKeyboardButton]:
    """One button per kind of event and media the knowledge base has ("🏕 Camp", "📷 Photo
    albums"); a kind of one entry opens its card. Many kinds: one Events and one Media button."""
    kb, lang = page.kb, page.lang
    event_kinds = list(dict.fromkeys(e.kind for e in kb.events.values()))
    media_kinds = list(dict.fromkeys(m.kind for m in kb.media.values()))
    if len(event_kinds) + len(media_kinds) > MAX_KIND_BUTTONS:
        out = []
        if kb.events:
            out.append(page.go("📅 " + t(lang, "Events"), Ref(Op.EVENTS)))
        if kb.media:
            out.append(page.go("🎬 " + t(lang, "Media"), Ref(Op.FILMS)))
        return out
    buttons = []
    for kind in event_kinds:
        ids, words = _events_of(kb, kind), event_words(kind)
        target = Ref(Op.EVENT, ids[0]) if len(ids) == 1 else Ref(Op.EVENT_KIND, kind)
        label = t(lang, words.label[0] if len(ids) == 1 else words.label[1])
        buttons.append(page.go(f"{words.emoji} {label}", target))
    for media_kind in media_kinds:
        ids, mwords = _media_of(kb, media_kind), media_words(media_kind)
        target = Ref(Op.FILM, ids[0]) if len(ids) == 1 else Ref(Op.MEDIA_KIND, media_kind)
        label = t(lang, mwords.label[0] if len(ids) == 1 else mwords.label[1])
        buttons.append(page.go(f"{mwords.emoji} {label}", target))
    return buttons


def main_menu_keyboard(page: Page) -> InlineKeyboardMarkup | None:
    lang = page.lang
    return markup(
        [
            [
                page.go("🤝 " + t(lang, "Partners"), Ref(Op.PARTNERS)),
                page.go("📂 " + t(lang, "Projects"), Ref(Op.PROJECTS)),
            ],
            *in_rows(topic_buttons(page), 2),  # only what the knowledge base has
            [
                page.go("🌐 " + t(lang, "Language"), Ref(Op.LANGUAGES)),
                page.go("ℹ️ " + t(lang, "About"), Ref(Op.ABOUT)),
            ],
        ]
    )


def _menu(page: Page) -> Screen:
    return Screen(about_knowledge(page.lang, page.kb, page.settings), main_menu_keyboard(page))


def start_screen(lang: str, kb: KnowledgeBase, settings: Settings, first_name: str) -> Screen:
    """The /start greeting with the main menu."""
    page = Page(kb, settings, lang, MENU, None)
    return Screen(greeting(lang, kb, settings, first_name), main_menu_keyboard(page))


def _languages(page: Page) -> Screen:
    buttons = []
    for code in page.settings.languages:
        mark = "✅ " if code == page.lang else ""
        buttons.append(
            button(mark + language_name(code), Press(page.lang, Ref(Op.SET_LANGUAGE, code)))
        )
    text = "🌐 " + t(page.lang, "Choose your language:")
    return Screen(text, markup([buttons, page.back_row()]))


def _about(page: Page) -> Screen:
    lang = page.lang
    who = page.render(Answer(Kind.SMALLTALK, lang, smalltalk=SmallTalk.WHO))
    privacy = t(
        lang,
        "Your language choice is stored with your Telegram user id. Questions are logged "
        "without it, to improve the answers.",
    )
    code = f"<code>{escape(page.kb.version or '-')}</code>"
    version = t(lang, "Knowledge base version: {version}", version=code)
    title = t(lang, "About this bot")
    text = "\n\n".join([f"ℹ️ <b>{title}</b>", who, privacy, version])
    return Screen(text, markup([page.back_row()]))


def _help(page: Page) -> Screen:
    lang = page.lang
    examples = page.render(Answer(Kind.SMALLTALK, lang, smalltalk=SmallTalk.HELP))
    commands = "\n".join(escape(line) for line in command_lines(lang))
    title = t(lang, "Commands:")
    text = f"{examples}\n\n<b>{title}</b>\n{commands}"
    return Screen(text, markup([page.back_row()]))


# ------------------------------------------------------------------------- partners


def _partner_buttons(page: Page, ids: Iterable[str]) -> list[list[InlineKeyboardButton]]:
    followups = [Followup(Action.PARTNER, pid) for pid in ids if pid in page.kb.partners]
    return in_rows(page.followup_buttons(followups), 2)


def _partners(page: Page) -> Screen:
    kb, lang = page.kb, page.lang
    text = page.render(Answer(Kind.PARTNER_LIST, lang, partners=tuple(kb.partners)))
    browse = [
        page.go("🌍 " + t(lang, "By country"), Ref(Op.COUNTRIES)),
        page.go("🎯 " + t(lang, "By cooperation field"), Ref(Op.FIELDS)),
    ]
    keyboard = markup([*_partner_buttons(page, kb.partners), browse, page.back_row()])
    return Screen(text, keyboard)


def _countries(page: Page) -> Screen:
    kb, lang = page.kb, page.lang
    answer = Answer(Kind.COUNT, lang, count_of="countries", partners=tuple(kb.partners))
    buttons = [
        page.go(f"{flag(code)} {country_name(code, lang)}", Ref(Op.COUNTRY, code))
        for code in kb.countries
    ]
    return Screen(page.render(answer), markup([*in_rows(buttons, 2), page.back_row()]))


def _country(page: Page) -> Screen | None:
    code = page.here.arg
    ids = tuple(p.id for p in page.kb.partners_in(code))
    if not ids:
        return None
    answer = Answer(Kind.PARTNER_LIST, page.lang, partners=ids, filters=Filters(countries=(code,)))
    return Screen(page.render(answer), markup([*_partner_buttons(page, ids), page.back_row()]))


def _fields(page: Page) -> Screen:
    kb, lang = page.kb, page.lang
    used = {f for p in kb.partners.values() for f in p.fields}
    buttons = [
        [page.go("🎯 " + field.name.get(lang), Ref(Op.FIELD, field.id))]
        for field in kb.fields.values()
        if field.id in used
    ]
    text = "🎯 " + t(lang, "Choose a cooperation field to see the partners who work in it:")
    return Screen(text, markup([*buttons, page.back_row()]))


def _field(page: Page) -> Screen | None:
    field_id = page.here.arg
    if field_id not in page.kb.fields:
        return None
    ids = tuple(p.id for p in page.kb.partners.values() if field_id in p.fields)
    answer = Answer(Kind.PARTNER_LIST, page.lang, partners=ids, filters=Filters(fields=(field_id,)))
    return Screen(page.render(answer), markup([*_partner_buttons(page, ids), page.back_row()]))


def _partner(page: Page) -> Screen | None:
    kb, lang = page.kb, page.lang
    partner = kb.partners.get(page.here.arg)
    if partner is None:
        return None
    followups = [Followup(Action.PROJECT, pid) for pid in kb.projects_of.get(partner.id, ())]
    if len(kb.partners_in(partner.country)) > 1:
        followups.append(Followup(Action.PARTNERS_IN_COUNTRY, partner.country))
    answer = Answer(
        Kind.PARTNER,
        lang,
        partners=(partner.id,),
        facets=(Facet.OVERVIEW,),
        followups=tuple(followups),
    )
    rows = [[b] for b in page.followup_buttons(answer.followups)]
    if partner.location is not None:
        pin = Press(lang, Ref(Op.MAP_PARTNER, partner.id))
        rows.append([button("📍 " + t(lang, "Map"), pin)])
    return Screen(page.render(answer), markup([*rows, page.back_row()]))


def _partner_projects(page: Page) -> Screen | None:
    kb = page.kb
    if page.here.arg not in kb.partners:
        return None
    ids = kb.projects_of.get(page.here.arg, ())
    answer = Answer(
        Kind.PROJECT_LIST,
        page.lang,
        partners=(page.here.arg,),
        projects=ids,
        followups=tuple(Followup(Action.PROJECT, pid) for pid in ids),
    )
    rows = [[b] for b in page.followup_buttons(answer.followups)]
    return Screen(page.render(answer), markup([*rows, page.back_row()]))


# ------------------------------------------------------------------------- projects


def _projects(page: Page) -> Screen:
    ids = tuple(page.kb.projects)
    answer = Answer(
        Kind.PROJECT_LIST,
        page.lang,
        projects=ids,
        followups=tuple(Followup(Action.PROJECT, pid) for pid in ids),
    )
    rows = [[b] for b in page.followup_buttons(answer.followups)]
    return Screen(page.render(answer), markup([*rows, page.back_row()]))


def _project(page: Page) -> Screen | None:
    kb = page.kb
    project = kb.projects.get(page.here.arg)
    if project is None:
        return None
    followups = [Followup(Action.PARTNER, pid) for pid in project.partners if pid in kb.partners]
    followups += [
        Followup(Action.MEDIA, m.id) for m in kb.media.values() if m.project == project.id
    ]
    answer = Answer(
        Kind.PROJECT,
        page.lang,
        projects=(project.id,),
        facets=(Facet.OVERVIEW,),
        followups=tuple(followups),
    )
    rows = [[b] for b in page.followup_buttons(answer.followups)]
    return Screen(page.render(answer), markup([*rows, page.back_row()]))


# ------------------------------------------------------------------------- events and media


def _events(page: Page) -> Screen | None:
    return _event_list(page, tuple(page.kb.events))


def _event_kind(page: Page) -> Screen | None:
    return _event_list(page, tuple(_events_of(page.kb, page.here.arg)))


def _event_list(page: Page, ids: tuple[str, ...]) -> Screen | None:
    kb = page.kb
    if not ids:
        return None
    if len(ids) == 1:  # one event: the list would only hold a button to its card
        return _event(Page(kb, page.settings, page.lang, Ref(Op.EVENT, ids[0]), page.back))
    answer = Answer(
        Kind.EVENT,
        page.lang,
        events=ids,
        facets=(Facet.WHEN, Facet.WHERE),
        followups=tuple(Followup(Action.EVENT, eid) for eid in ids),
    )
    rows = [[b] for b in page.followup_buttons(answer.followups)]
    return Screen(page.render(answer), markup([*rows, page.back_row()]))


def _event(page: Page) -> Screen | None:
    event = page.kb.events.get(page.here.arg)
    if event is None:
        return None
    answer = Answer(Kind.EVENT, page.lang, events=(event.id,), facets=(Facet.OVERVIEW,))
    rows: list[list[InlineKeyboardButton]] = []
    if event.location is not None:
        pin = Press(page.lang, Ref(Op.MAP_EVENT, event.id))
        rows.append([button("📍 " + t(page.lang, "Map"), pin)])
    return Screen(page.render(answer), markup([*rows, page.back_row()]))


def _films(page: Page) -> Screen | None:
    return _media_list(page, tuple(page.kb.media))


def _media_kind(page: Page) -> Screen | None:
    return _media_list(page, tuple(_media_of(page.kb, page.here.arg)))


def _media_list(page: Page, ids: tuple[str, ...]) -> Screen | None:
    kb = page.kb
    if not ids:
        return None
    if len(ids) == 1:
        return _film(Page(kb, page.settings, page.lang, Ref(Op.FILM, ids[0]), page.back))
    answer = Answer(
        Kind.MEDIA,
        page.lang,
        media=ids,
        facets=(Facet.OVERVIEW,),
        followups=tuple(Followup(Action.MEDIA, mid) for mid in ids),
    )
    rows = [[b] for b in page.followup_buttons(answer.followups)]
    return Screen(page.render(answer), markup([*rows, page.back_row()]))


def _film(page: Page) -> Screen | None:
    media = page.kb.media.get(page.here.arg)
    if media is None:
        return None
    followups = (
        (Followup(Action.PROJECT, media.project),) if media.project in page.kb.projects else ()
    )
    answer = Answer(
        Kind.MEDIA, page.lang, media=(media.id,), facets=(Facet.OVERVIEW,), followups=followups
    )
    rows = [[b] for b in page.followup_buttons(answer.followups)]
    return Screen(page.render(answer), markup([*rows, page.back_row()]))


_SCREENS: dict[Op, Callable[[Page], Screen | None]] = {
    Op.MENU: _menu,
    Op.PARTNERS: _partners,
    Op.COUNTRIES: _countries,
    Op.COUNTRY: _country,
    Op.FIELDS: _fields,
    Op.FIELD: _field,
    Op.PARTNER: _partner,
    Op.PARTNER_PROJECTS: _partner_projects,
    Op.PROJECTS: _projects,
    Op.PROJECT: _project,
    Op.EVENTS: _events,
    Op.EVENT_KIND: _event_kind,
    Op.EVENT: _event,
    Op.FILMS: _films,
    Op.MEDIA_KIND: _media_kind,
    Op.FILM: _film,
    Op.LANGUAGES: _languages,
    Op.ABOUT: _about,
    Op.HELP: _help,
}


# ------------------------------------------------------------------------- answers and links


def answer_keyboard(
    answer: Answer, kb: KnowledgeBase, question_id: int
) -> InlineKeyboardMarkup | None:
    """The buttons under an answer: its follow-ups (each opens a new message), then 👍 / 👎."""
    lang = answer.lang
    rows = []
    for followup in answer.followups:
        try:
            rows.append(
                [
                    _followup_button(
                        label(followup, kb, lang),
                        Press(lang, followup_ref(followup), new_message=True),
                    )
                ]
            )
        except ValueError:  # an id too long for callback data: better no button than an error
            continue
    feedback = [
        button("👍", Press(lang, Ref(Op.LIKE, str(question_id)))),
        button("👎", Press(lang, Ref(Op.DISLIKE, str(question_id)))),
    ]
    return markup([*rows, feedback])


# The same follow-ups come under many answers: their buttons (frozen, so shareable) are made
# once; the 👍 / 👎 of each answer are its own.
_followup_button = functools.lru_cache(maxsize=2048)(button)


# "film_<id>" opens any media item (the links printed before media had kinds keep working).
DEEP_LINKS = {
    "partner": Op.PARTNER,
    "project": Op.PROJECT,
    "event": Op.EVENT,
    "film": Op.FILM,
    "media": Op.FILM,
}


def deep_link(payload: str) -> Ref | None:
    """The card a /start payload opens: partner_<id>, project_<id>, event_<id>, film_<id>."""
    kind, _, arg = payload.partition("_")
    op = DEEP_LINKS.get(kind)
    return Ref.parse(f"{op.value}:{arg}") if op is not None and arg else None
