"""The console's pages as HTML, in the staff member's language (lv, ru, en).

Every value that comes from the knowledge base, a form or a request is escaped here (`esc`);
the only markup is this module's own. The pages work without JavaScript; console.js adds the
Mini App login, the test pane's answers without a reload, list filters and confirmations.
Never imports telegram.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from babel.dates import get_month_names

from bot.console.auth import Refusal
from bot.console.forms import KINDS, LANGS, FormField, FormValues, Input, Kind, input_names
from bot.knowledge.editing import Change, Version
from bot.knowledge.loader import Issue
from bot.render.formats import cldr_locale, country_name, flag
from bot.render.i18n import N_, t, tn

LANGUAGE_NAMES = {"lv": "Latviešu", "ru": "Русский", "en": "English"}
_EXCLUDED_REGIONS = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


# The pages' own words (msgids; N_ marks them for the catalogue, page.t translates).
_DRAFT_N_FILES = N_("Draft ({n} files)")
_DRAFT_NONE = N_("Draft (none)")
_LOG_OUT = N_("Log out")
_STAFF_CONSOLE = N_("Staff console")
_ASK_THE_BOT = N_("Ask the bot")
_HISTORY = N_("History")
_UNANSWERED = N_("Unanswered")
_LOGGING_YOU_IN = N_("Logging you in…")
_LOG_IN = N_("Log in")
_ADD = N_("Add")
_SEARCH_BY_NAME_OR = N_("Search by name or id")
_SEARCH = N_("Search")
_NOTHING_FOUND = N_("Nothing found.")
_SAVE_TO_THE_DRAFT = N_("Save to the draft")
_CANCEL = N_("Cancel")
_REMOVE_THIS_ENTRY_FROM = N_("Remove this entry from the draft?")
_REMOVE = N_("Remove")
_REQUIRED = N_("required")
_CHOOSE = N_("— choose —")
_MONTH = N_("— month —")
_DAY = N_("— day —")
_YEAR = N_("Year")
_MONTH_2 = N_("Month")
_DAY_2 = N_("Day")
_LATITUDE = N_("Latitude")
_LONGITUDE = N_("Longitude")
_NONE = N_("— none —")
_FILTER = N_("Filter")
_NONE_YET = N_("None yet.")
_THERE_IS_NO_DRAFT = N_(
    "There is no draft: the bot answers from the live knowledge base. Edit an entry to start one."
)
_NO_ENTRY_CHANGED = N_("No entry changed.")
_NOW = N_("now")
_AFTER_PUBLISHING = N_("after publishing")
_ANSWERS = N_("Answers")
_THE_KNOWLEDGE_FILES_WERE = N_(
    "The knowledge files were changed on the server after this draft was begun: it cannot be "
    "published. Discard it and make the edits again."
)
_PUBLISH = N_("Publish")
_DISCARD_EVERY_CHANGE_OF = N_("Discard every change of the draft?")
_DISCARD = N_("Discard")
_ENTRIES = N_("Entries")
_DETECT_FROM_THE_QUESTION = N_("detect from the question")
_THE_ANSWER_OF_THE = N_("The answer of the draft")
_THE_ANSWER_THERE_IS = N_("The answer (there is no draft: this is the live version)")
_QUESTION = N_("Question")
_LANGUAGE = N_("Language")
_ASK = N_("Ask")
_THE_LIVE_BOT_NOW = N_("The live bot now")
_REPLACED_AT = N_("Version from")
_FILE = N_("File")
_PUBLISHED_BY = N_("Published by")
_NO_EARLIER_VERSIONS_ARE = N_("No earlier versions are kept yet.")
_UNDO_THE_LAST_CHANGE = N_("Undo the last change?")
_UNDO_THE_LAST_CHANGE_2 = N_("Undo the last change")

_OPEN_FROM_TELEGRAM = N_(
    "Open the console from the bot in Telegram: the menu button of your chat with it, or the "
    "link /console sends you (it works once, for 10 minutes)."
)
_LOG_IN_AS = N_("Log in to the staff console as {name}.")
_TYPED_IS_KEPT = N_("Everything you typed is still here.")
_NOT_LIVE_YET = N_(
    "Not live yet: residents get the answers of the live version until you press Publish."
)
_SAVED_ON_SERVER = N_("saved on the server")
_UNDO_PUTS_BACK = N_("Undo the last change: puts back the version of {file} from {time} ({name}).")
_ADDED, _REMOVED, _CHANGED = N_("Added"), N_("Removed"), N_("Changed")
_CSS = {_ADDED: "added", _REMOVED: "removed", _CHANGED: "changed"}


def esc(value: object) -> str:
    return escape(str(value), quote=True)


@dataclass
class Page:
    """What every page knows: the language, the URL prefix, who is logged in."""

    lang: str
    prefix: str  # "" or like "/console"
    user_name: str = ""
    csrf: str = ""
    draft_files: int = 0  # files changed in the console's draft (0: none)
    notes: list[str] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        return f"{self.prefix}/{path.lstrip('/')}"

    def t(self, msgid: str, **kwargs: Any) -> str:
        """Translated and escaped (placeholders are escaped values)."""
        return esc(t(self.lang, msgid, **kwargs))

    def hidden_csrf(self) -> str:
        return f'<input type="hidden" name="csrf" value="{esc(self.csrf)}">'


def layout(page: Page, title: str, body: str, *, nav: bool = True) -> str:
    """The whole document around a page's body."""
    menu = _nav(page) if nav else ""
    notes = "".join(f'<p class="note" role="status">{esc(n)}</p>' for n in page.notes)
    return (
        f'<!doctype html><html lang="{esc(page.lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">'
        f"<title>{esc(title)} · {page.t(_STAFF_CONSOLE)}</title>"
        f'<link rel="stylesheet" href="{page.url("static/console.css")}">'
        f'<script src="{page.url("static/console.js")}" defer></script></head>'
        f"<body>{menu}<main><h1>{esc(title)}</h1>{notes}{body}</main></body></html>"
    )


def _nav(page: Page) -> str:
    kinds = "".join(
        f'<a href="{page.url("entries/" + k.section)}">{page.t(k.plural)}</a>'
        for k in KINDS.values()
    )
    draft = page.t(_DRAFT_N_FILES, n=page.draft_files) if page.draft_files else page.t(_DRAFT_NONE)
    languages = "".join(
        f'<a href="?lang={code}" lang="{code}"'
        + (' aria-current="true"' if code == page.lang else "")
        + f">{code.upper()}</a>"
        for code in LANGS
    )
    logout = (
        f'<form method="post" action="{page.url("logout")}" class="inline">{page.hidden_csrf()}'
        f'<button type="submit" class="link">{page.t(_LOG_OUT)}</button></form>'
    )
    return (
        f'<header><nav><a href="{page.url()}" class="home">{page.t(_STAFF_CONSOLE)}</a>'
        f'<span class="kinds">{kinds}</span>'
        f'<a href="{page.url("draft")}" class="draft">{draft}</a>'
        f'<a href="{page.url("test")}">{page.t(_ASK_THE_BOT)}</a>'
        f'<a href="{page.url("history")}">{page.t(_HISTORY)}</a>'
        f'<a href="{page.url("inbox")}">{page.t(_UNANSWERED)}</a>'
        f'<span class="who">{esc(page.user_name)} {logout}</span>'
        f'<span class="langs">{languages}</span></nav></header>'
    )


# --------------------------------------------------------------------------- logging in


def login_page(page: Page) -> str:
    body = (
        f'<div id="webapp-login" data-auth="{page.url("auth/webapp")}" data-next="{page.url()}">'
        f'<p class="waiting" hidden>{page.t(_LOGGING_YOU_IN)}</p>'
        f'<p class="failed" role="alert" hidden></p></div>'
        f"<p>{page.t(_OPEN_FROM_TELEGRAM)}</p>"
    )
    return layout(page, t(page.lang, "Staff console"), body, nav=False)


REFUSALS: dict[Refusal, str] = {
    Refusal.MALFORMED: N_(
        "Telegram's login data could not be read. Close the console and open it again from the bot."
    ),
    Refusal.MISSING: N_(
        "Telegram's login data is incomplete. Close the console and open it again from the bot."
    ),
    Refusal.BAD_HASH: N_(
        "Telegram's login data is not signed for this bot. Open the console from the bot's own "
        "menu button."
    ),
    Refusal.STALE: N_("This login has expired. Close the console and open it again from the bot."),
    Refusal.NOT_ADMIN: N_(
        "This console is for the municipality's staff only. Your Telegram account is not on the "
        "list of admins; the operator can add it."
    ),
    Refusal.LINK_UNKNOWN: N_(
        "This login link is not valid. Send /console to the bot for a new one."
    ),
    Refusal.LINK_USED: N_(
        "This login link has already been used: each link works once. Send /console to the bot "
        "for a new one."
    ),
    Refusal.LINK_EXPIRED: N_(
        "This login link has expired: a link works for 10 minutes. Send /console to the bot for a "
        "new one."
    ),
}


def refused_page(page: Page, reason: Refusal) -> str:
    body = f'<p class="refused" role="alert">{page.t(REFUSALS[reason])}</p>'
    return layout(page, t(page.lang, "You are not logged in"), body, nav=False)


def link_page(page: Page, name: str, token: str) -> str:
    """The page a login link opens: a button, so that a link preview cannot use it up."""
    body = (
        f'<form method="post" action="{page.url("login")}">'
        f'<input type="hidden" name="token" value="{esc(token)}">'
        f"<p>{page.t(_LOG_IN_AS, name=name)}</p>"
        f'<button type="submit" class="primary">{page.t(_LOG_IN)}</button></form>'
    )
    return layout(page, t(page.lang, "Staff console"), body, nav=False)


def message_page(page: Page, title: str, text: str, status_class: str = "note") -> str:
    return layout(page, title, f'<p class="{status_class}">{esc(text)}</p>')


# --------------------------------------------------------------------------- names


def display_name(kind: Kind, item: Mapping[str, Any], lang: str) -> str:
    """An entry's name in `lang` as the list shows it."""
    if kind.section == "countries":
        code = str(item.get("code", ""))
        return f"{flag(code)} {country_name(code, lang)}".strip()
    if kind.section == "faq":
        asked = item.get("questions")
        words = asked.get(lang) or asked.get("en") if isinstance(asked, Mapping) else None
        return str(words[0]) if words else str(item.get("id", ""))
    for key in ("name", "title"):
        text = item.get(key)
        if isinstance(text, Mapping):
            value = text.get(lang) or text.get("en") or next(iter(text.values()), "")
            name = str(value)
            if kind.section == "partners" and item.get("country"):
                name = f"{flag(str(item['country']))} {name}"
            return name
    return str(item.get(kind.id_key, ""))


@functools.cache
def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country CLDR names, sorted by the name in `lang`."""
    names = cldr_locale(lang).territories
    found = [
        (code, str(name))
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _EXCLUDED_REGIONS
    ]
    return tuple(sorted(found, key=lambda pair: pair[1].casefold()))


# --------------------------------------------------------------------------- the home page


def home_page(
    page: Page, counts: Mapping[str, int], query: str, found: Sequence[tuple[Kind, str, str]]
) -> str:
    tiles = "".join(
        f'<li><a href="{page.url("entries/" + k.section)}">{page.t(k.plural)}</a> '
        f'<span class="count">{counts.get(k.section, 0)}</span> '
        f'<a class="add" href="{page.url("entries/" + k.section + "/new")}">+ '
        f"{page.t(_ADD)}</a></li>"
        for k in KINDS.values()
    )
    body = _search_form(page, page.url(), query) + f'<ul class="tiles">{tiles}</ul>'
    if query:
        body += _results(page, found)
    return layout(page, t(page.lang, "Staff console"), body)


def _search_form(page: Page, action: str, query: str) -> str:
    return (
        f'<form method="get" action="{action}" class="search" role="search">'
        f'<input type="search" name="q" value="{esc(query)}" maxlength="200" '
        f'placeholder="{page.t(_SEARCH_BY_NAME_OR)}" aria-label="{page.t(_SEARCH)}">'
        f'<button type="submit">{page.t(_SEARCH)}</button></form>'
    )


def _results(page: Page, found: Sequence[tuple[Kind, str, str]]) -> str:
    if not found:
        return f'<p class="empty">{page.t(_NOTHING_FOUND)}</p>'
    rows = "".join(
        f"<tr><td>{page.t(k.singular)}</td><td><a "
        f'href="{page.url(f"entries/{k.section}/{entry_id}")}">'
        f"{esc(name)}</a></td><td><code>{esc(entry_id)}</code></td></tr>"
        for k, entry_id, name in found
    )
    return f'<table class="entries"><tbody>{rows}</tbody></table>'


def list_page(page: Page, kind: Kind, items: Sequence[tuple[str, str]], query: str) -> str:
    add = (
        f'<p><a class="button primary" href="{page.url("entries/" + kind.section + "/new")}">'
        f"+ {page.t(_ADD)}: {page.t(kind.singular)}</a></p>"
    )
    found = [(kind, entry_id, name) for entry_id, name in items]
    body = (
        add + _search_form(page, page.url("entries/" + kind.section), query) + _results(page, found)
    )
    return layout(page, t(page.lang, kind.plural), body)


# --------------------------------------------------------------------------- the forms


@dataclass
class FormPage:
    kind: Kind
    values: FormValues
    is_new: bool
    choices: Mapping[str, Sequence[tuple[str, str]]]  # target section -> (id, name)
    problems: Mapping[str, Sequence[str]] = field(default_factory=dict)  # by field key
    other_issues: Sequence[Issue] = ()
    entry_id: str = ""


def form_page(page: Page, form: FormPage) -> str:
    kind = form.kind
    action = page.url(f"entries/{kind.section}/{form.entry_id if not form.is_new else 'new'}")
    has_problems = bool(form.problems or form.other_issues)
    summary = ""
    if has_problems:
        count = sum(len(v) for v in form.problems.values()) + len(form.other_issues)
        head = tn(
            page.lang,
            "Nothing was saved: {n} problem to fix.",
            "Nothing was saved: {n} problems to fix.",
            count,
        )
        listed = "".join(f"<li>{esc(_issue_text(page, i))}</li>" for i in form.other_issues)
        summary = (
            f'<div class="problems" role="alert"><p><strong>{esc(head)}</strong> '
            f"{page.t(_TYPED_IS_KEPT)}</p>" + (f"<ul>{listed}</ul>" if listed else "") + "</div>"
        )
    fields = "".join(_field(page, form, f) for f in kind.fields)
    buttons = (
        '<div class="actions"><button type="submit" '
        f'class="primary">{page.t(_SAVE_TO_THE_DRAFT)}</button> '
        f'<a href="{page.url("entries/" + kind.section)}">{page.t(_CANCEL)}</a></div>'
    )
    body = (
        f'{summary}<form method="post" action="{action}" class="entry" novalidate>'
        f"{page.hidden_csrf()}{fields}{buttons}</form>"
    )
    if not form.is_new:
        body += (
            '<form method="post" '
            f'action="{page.url(f"entries/{kind.section}/{form.entry_id}/delete")}" '
            f'class="delete" data-confirm="{page.t(_REMOVE_THIS_ENTRY_FROM)}">'
            f'{page.hidden_csrf()}<button type="submit" '
            f'class="danger">{page.t(_REMOVE)}</button></form>'
        )
    title = t(page.lang, kind.singular) + (
        ": " + t(page.lang, "new") if form.is_new else f": {form.entry_id}"
    )
    return layout(page, title, body)


def _issue_text(page: Page, issue: Issue) -> str:
    what = ": ".join(part for part in (issue.entry, issue.key) if part)
    return f"{what}: {issue.message}" if what else issue.message


def _field(page: Page, form: FormPage, f: FormField) -> str:
    problems = form.problems.get(f.key, ())
    required = f' <span class="required">({page.t(_REQUIRED)})</span>' if f.required else ""
    hint = f'<p class="hint">{page.t(f.hint)}</p>' if f.hint else ""
    errors = "".join(f'<p class="error">{esc(p)}</p>' for p in problems)
    control = _control(page, form, f)
    css = "field has-error" if problems else "field"
    return (
        f'<fieldset class="{css}" '
        f'id="field-{esc(f.key)}"><legend>{page.t(f.label)}{required}</legend>'
        f"{hint}{control}{errors}</fieldset>"
    )


def _option(value: str, label_html: str, selected: bool) -> str:
    chosen = " selected" if selected else ""
    return f'<option value="{esc(value)}"{chosen}>{label_html}</option>'


def _value(form: FormPage, name: str) -> str:
    value = form.values.get(name, "")
    return value if isinstance(value, str) else ""


def _control(page: Page, form: FormPage, f: FormField) -> str:
    kind = f.input
    if kind in (Input.TEXT, Input.LONG_TEXT, Input.WORDS, Input.WORDS_OTHER):
        cells = []
        for name in input_names(f):
            lang = name.rsplit(".", 1)[1]
            label = LANGUAGE_NAMES.get(lang) or t(page.lang, "Other spellings (any language)")
            value = esc(_value(form, name))
            if kind is Input.TEXT:
                box = f'<input type="text" name="{esc(name)}" value="{value}" maxlength="2000">'
            else:
                rows = 4 if kind is Input.LONG_TEXT else 3
                box = (
                    f'<textarea name="{esc(name)}" rows="{rows}" '
                    f'maxlength="30000">{value}</textarea>'
                )
            cells.append(
                '<label class="lang" '
                f'lang="{esc(lang if lang in LANGS else page.lang)}"><span>{esc(label)}'
                f"</span>{box}</label>"
            )
        return f'<div class="side-by-side">{"".join(cells)}</div>'
    if kind is Input.ID:
        if not form.is_new:
            return (
                f'<input type="text" name="{esc(f.key)}" value="{esc(_value(form, f.key))}" '
                "readonly>"
            )
        return (
            f'<input type="text" name="{esc(f.key)}" value="{esc(_value(form, f.key))}" '
            'maxlength="40" pattern="[a-z][a-z0-9_]*" autocomplete="off">'
        )
    if kind is Input.LINE:
        return (
            f'<input type="text" name="{esc(f.key)}" value="{esc(_value(form, f.key))}" '
            'maxlength="300">'
        )
    if kind is Input.NUMBER:
        return (
            f'<input type="number" name="{esc(f.key)}" value="{esc(_value(form, f.key))}" '
            'min="1" step="1">'
        )
    if kind is Input.DATE:
        return f'<input type="date" name="{esc(f.key)}" value="{esc(_value(form, f.key))}">'
    if kind is Input.COUNTRY:
        chosen = _value(form, f.key)
        readonly = f.key == "code" and not form.is_new
        options = [f'<option value="">{page.t(_CHOOSE)}</option>']
        known = {code for code, _ in countries(page.lang)}
        if chosen and chosen not in known:  # typed by hand: shown, the loader says why
            options.append(f'<option value="{esc(chosen)}" selected>{esc(chosen)}</option>')
        for code, name in countries(page.lang):
            selected = " selected" if code == chosen else ""
            if readonly and code != chosen:
                continue
            options.append(
                f'<option value="{code}"{selected}>{esc(flag(code))} {esc(name)} ({code})</option>'
            )
        return f'<select name="{esc(f.key)}">{"".join(options)}</select>'
    if kind is Input.PARTIAL_DATE:
        year, month, day = input_names(f)
        months = get_month_names("wide", locale=cldr_locale(page.lang), context="stand-alone")
        month_options = [f'<option value="">{page.t(_MONTH)}</option>'] + [
            _option(str(m), esc(months[m]), _value(form, month) == str(m)) for m in range(1, 13)
        ]
        if _value(form, month) and not _value(form, month).isdigit():
            month_options.append(
                f'<option value="{esc(_value(form, month))}" '
                f"selected>{esc(_value(form, month))}</option>"
            )
        day_options = [f'<option value="">{page.t(_DAY)}</option>'] + [
            f'<option value="{d}"{" selected" if _value(form, day) == str(d) else ""}>{d}</option>'
            for d in range(1, 32)
        ]
        return (
            '<div class="date-parts">'
            f'<label><span>{page.t(_YEAR)}</span><input type="text" inputmode="numeric" '
            f'name="{esc(year)}" '
            f'value="{esc(_value(form, year))}" maxlength="4" size="5" placeholder="2011"></label>'
            f"<label><span>{page.t(_MONTH_2)}</span><select "
            f'name="{esc(month)}">{"".join(month_options)}</select></label>'
            f"<label><span>{page.t(_DAY_2)}</span><select "
            f'name="{esc(day)}">{"".join(day_options)}</select></label>'
            "</div>"
        )
    if kind is Input.LOCATION:
        lat, lon = input_names(f)
        return (
            '<div class="date-parts">'
            f'<label><span>{page.t(_LATITUDE)}</span><input type="text" inputmode="decimal" '
            f'name="{esc(lat)}" value="{esc(_value(form, lat))}" maxlength="20" '
            'placeholder="56.51"></label>'
            f'<label><span>{page.t(_LONGITUDE)}</span><input type="text" inputmode="decimal" '
            f'name="{esc(lon)}" value="{esc(_value(form, lon))}" maxlength="20" '
            'placeholder="27.33"></label>'
            "</div>"
        )
    if kind is Input.CHOICE:
        chosen = _value(form, f.key) or f.default
        options = (
            [] if f.required or f.default else [f'<option value="">{page.t(_CHOOSE)}</option>']
        )
        if f.required and not chosen:
            options.append(f'<option value="">{page.t(_CHOOSE)}</option>')
        for choice in f.choices:
            selected = " selected" if choice == chosen else ""
            options.append(
                _option(choice, page.t(CHOICE_LABELS.get(choice, choice)), bool(selected))
            )
        return f'<select name="{esc(f.key)}">{"".join(options)}</select>'
    if kind is Input.REF:
        chosen = _value(form, f.key)
        options = [f'<option value="">{page.t(_NONE)}</option>'] + [
            f'<option value="{esc(i)}"{" selected" if i == chosen else ""}>{esc(n)} '
            f"({esc(i)})</option>"
            for i, n in form.choices.get(f.target, ())
        ]
        return f'<select name="{esc(f.key)}">{"".join(options)}</select>'
    if kind is Input.REFS:
        picked = form.values.get(f.key, [])
        picked_ids = picked if isinstance(picked, list) else []
        own = form.entry_id if f.target == form.kind.section else None
        boxes = [
            f'<label class="check"><input type="checkbox" name="{esc(f.key)}" value="{esc(i)}"'
            f"{' checked' if i in picked_ids else ''}> {esc(n)} <code>{esc(i)}</code></label>"
            for i, n in form.choices.get(f.target, ())
            if i != own
        ]
        known = {i for i, _ in form.choices.get(f.target, ())}
        boxes += [  # picked but gone from the list: kept, so nothing typed is lost
            f'<label class="check"><input type="checkbox" name="{esc(f.key)}" value="{esc(i)}" '
            f"checked> <code>{esc(i)}</code></label>"
            for i in picked_ids
            if i not in known
        ]
        list_id = f"refs-{f.key.replace('.', '-')}"
        filter_box = (
            f'<input type="search" class="filter" data-for="{list_id}" '
            f'placeholder="{page.t(_FILTER)}" aria-label="{page.t(_FILTER)}">'
            if len(boxes) > 12
            else ""
        )
        link = ""
        if f.target:
            link = (
                f' <a class="add" href="{page.url("entries/" + f.target + "/new")}" '
                f'target="_blank">+ {page.t(_ADD)}: {page.t(KINDS[f.target].singular)}</a>'
            )
        return (
            f'{filter_box}<div class="checks" '
            f'id="{list_id}">{"".join(boxes) or page.t(_NONE_YET)}</div>{link}'
        )
    raise AssertionError(kind)


CHOICE_LABELS: dict[str, str] = {}
"""How a value of a choice is shown; values not listed are shown as they are written."""


# --------------------------------------------------------------------------- draft, test pane


def draft_page(
    page: Page,
    changes: Sequence[Change] | None,
    changed_answers: Sequence[tuple[str, str, str, str]],
    asked: int,
    stale: bool,
    names: Mapping[str, str],
) -> str:
    """The draft: entries added, removed, changed; the answers that change; Publish/Discard."""
    if changes is None:
        body = f'<p class="empty">{page.t(_THERE_IS_NO_DRAFT)}</p>'
        return layout(page, t(page.lang, "Draft"), body)
    rows = []
    for change in changes:
        for label, ids in (
            (_ADDED, change.added),
            (_REMOVED, change.removed),
            (_CHANGED, change.changed),
        ):
            for entry_id in ids:
                name = names.get(f"{change.file}:{entry_id}", entry_id)
                rows.append(
                    f'<tr class="{_CSS[label]}"><td>{page.t(label)}</td>'
                    f"<td>{esc(name)}</td><td><code>{esc(entry_id)}</code></td></tr>"
                )
    entries_table = (
        f'<table class="diff"><tbody>{"".join(rows)}</tbody></table>'
        if rows
        else f"<p>{page.t(_NO_ENTRY_CHANGED)}</p>"
    )
    if changed_answers:
        head = tn(
            page.lang,
            "{n} answer changes among the {total} questions tried:",
            "{n} answers change among the {total} questions tried:",
            len(changed_answers),
            total=asked,
        )
        items = "".join(
            f'<li><p class="q">{esc(q)} <span class="lang">({esc(lang)})</span></p>'
            f'<p class="old"><span>{page.t(_NOW)}</span> {esc(old)}</p>'
            f'<p class="new"><span>{page.t(_AFTER_PUBLISHING)}</span> {esc(new)}</p></li>'
            for q, lang, old, new in changed_answers[:50]
        )
        more = len(changed_answers) - 50
        tail = ""
        if more > 0:
            hidden = tn(
                page.lang, "… and {n} more changed answer", "… and {n} more changed answers", more
            )
            tail = f"<p>{esc(hidden)}</p>"
        answers = (
            f'<h2>{page.t(_ANSWERS)}</h2><p>{esc(head)}</p><ul class="answers">{items}</ul>{tail}'
        )
    else:
        answers = (
            f"<h2>{page.t(_ANSWERS)}</h2><p>"
            + esc(
                tn(
                    page.lang,
                    "No answer changes among the {n} question tried.",
                    "No answer changes among the {n} questions tried.",
                    asked,
                )
            )
            + "</p>"
        )
    warning = (
        f'<p class="problems" role="alert">{page.t(_THE_KNOWLEDGE_FILES_WERE)}</p>' if stale else ""
    )
    buttons = (
        f'<div class="actions"><form method="post" action="{page.url("draft/publish")}" '
        'class="inline">'
        f'{page.hidden_csrf()}<button type="submit" '
        f'class="primary"{" disabled" if stale else ""}>✅ {page.t(_PUBLISH)}</button></form> '
        f'<form method="post" action="{page.url("draft/discard")}" class="inline" '
        f'data-confirm="{page.t(_DISCARD_EVERY_CHANGE_OF)}">'
        f'{page.hidden_csrf()}<button type="submit" class="danger">🗑 '
        f"{page.t(_DISCARD)}</button></form> "
        f'<a href="{page.url("test")}">{page.t(_ASK_THE_BOT)}</a></div>'
    )
    intro = f"<p>{page.t(_NOT_LIVE_YET)}</p>"
    body = f"{warning}{intro}<h2>{page.t(_ENTRIES)}</h2>{entries_table}{answers}{buttons}"
    return layout(page, t(page.lang, "Draft"), body)


def test_page(
    page: Page,
    question: str,
    language: str,
    draft_answer: str | None,
    live_answer: str | None,
    has_draft: bool,
) -> str:
    """The test pane: ask the draft (and see what the live bot says)."""
    options = [f'<option value="">{page.t(_DETECT_FROM_THE_QUESTION)}</option>'] + [
        f'<option value="{code}"{" selected" if code == language else ""}>{esc(name)}</option>'
        for code, name in LANGUAGE_NAMES.items()
    ]
    which = page.t(_THE_ANSWER_OF_THE) if has_draft else page.t(_THE_ANSWER_THERE_IS)
    shown_draft = "" if draft_answer is None else esc(draft_answer)
    shown_live = "" if live_answer is None else esc(live_answer)
    body = (
        f'<form method="post" action="{page.url("test")}" id="ask">{page.hidden_csrf()}'
        f'<label for="question">{page.t(_QUESTION)}</label>'
        '<textarea id="question" name="question" rows="2" maxlength="1000" '
        f"required>{esc(question)}</textarea>"
        f'<label>{page.t(_LANGUAGE)} <select name="language">{"".join(options)}</select></label> '
        f'<button type="submit" class="primary">{page.t(_ASK)}</button></form>'
        f'<section class="answers"><div><h2>{which}</h2><div class="answer" id="answer-draft" '
        f'aria-live="polite">{shown_draft}</div></div>'
        + (
            f'<div><h2>{page.t(_THE_LIVE_BOT_NOW)}</h2><div class="answer" '
            f'id="answer-live">{shown_live}</div></div>'
            if has_draft
            else ""
        )
        + "</section>"
    )
    return layout(page, t(page.lang, "Ask the bot"), body)


# --------------------------------------------------------------------------- history, inbox


def history_page(page: Page, versions: Sequence[Version], next_rollback: Version | None) -> str:
    rows = "".join(
        f"<tr><td>{esc(_when(v.written_at))}</td><td>{esc(v.file)}</td>"
        f"<td>{esc(v.author.name) if v.author else page.t(_SAVED_ON_SERVER)}</td></tr>"
        for v in versions
    )
    table = (
        f'<table class="history"><thead><tr><th>{page.t(_REPLACED_AT)}</th><th>{page.t(_FILE)}</th>'
        f"<th>{page.t(_PUBLISHED_BY)}</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else f'<p class="empty">{page.t(_NO_EARLIER_VERSIONS_ARE)}</p>'
    )
    undo = ""
    if next_rollback is not None:
        who = (
            next_rollback.author.name
            if next_rollback.author
            else t(page.lang, "saved on the server")
        )
        undo = (
            f'<form method="post" action="{page.url("history/rollback")}" '
            f'data-confirm="{page.t(_UNDO_THE_LAST_CHANGE)}">'
            f"{page.hidden_csrf()}<p>"
            + page.t(
                _UNDO_PUTS_BACK,
                file=next_rollback.file,
                time=_when(next_rollback.written_at),
                name=who,
            )
            + (
                '</p><button type="submit" class="danger">↩️ '
                f"{page.t(_UNDO_THE_LAST_CHANGE_2)}</button></form>"
            )
        )
    return layout(page, t(page.lang, "History"), undo + table)


def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def choice_list(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(items, key=lambda pair: pair[1].casefold())


_INBOX_INTRO = N_(
    "Questions people asked that the bot could not answer, similar ones together, the most "
    "frequent first. Teach the bot what one means, answer it in the FAQ, or hide it."
)
_INBOX_EMPTY = N_("No unanswered questions: the bot answered everything asked lately.")
_MEANS = N_("It means")
_TEACH = N_("Add to the draft")
_TO_FAQ = N_("Answer it in the FAQ")
_OUT_OF_SCOPE = N_("Out of scope: hide it")
_ASKED_TIMES = N_("asked {n}×")


@dataclass(frozen=True)
class InboxGroup:
    id: str
    example: str
    count: int
    language: str


def inbox_page(
    page: Page, groups: Sequence[InboxGroup], targets: Sequence[tuple[str, str, str]]
) -> str:
    """The unanswered questions, each with its actions; `targets`: (kind label, value, name)."""
    if not groups:
        body = f'<p class="empty">{page.t(_INBOX_EMPTY)}</p>'
        return layout(page, t(page.lang, "Unanswered"), body)
    options = "".join(
        f'<option value="{esc(value)}">{esc(label)}: {esc(name)}</option>'
        for label, value, name in targets
    )
    items = []
    for group in groups:
        base = page.url(f"inbox/{group.id}")
        means = (
            f'<form method="post" action="{base}/teach" class="inline">{page.hidden_csrf()}'
            f'<label>{page.t(_MEANS)} <select name="target">{options}</select></label> '
            f'<button type="submit">{page.t(_TEACH)}</button></form>'
        )
        faq = f'<a class="button" href="{page.url("entries/faq/new")}?from={esc(group.id)}">'
        faq += f"{page.t(_TO_FAQ)}</a>"
        hide = (
            f'<form method="post" action="{base}/hide" class="inline">{page.hidden_csrf()}'
            f'<button type="submit" class="danger">{page.t(_OUT_OF_SCOPE)}</button></form>'
        )
        asked = page.t(_ASKED_TIMES, n=group.count)
        items.append(
            f'<li><p class="q">{esc(group.example)} <span class="lang">({esc(group.language)},'
            f' {asked})</span></p><div class="actions">{means} {faq} {hide}</div></li>'
        )
    body = f'<p>{page.t(_INBOX_INTRO)}</p><ul class="answers inbox">{"".join(items)}</ul>'
    return layout(page, t(page.lang, "Unanswered"), body)
