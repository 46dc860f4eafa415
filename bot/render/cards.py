"""Building blocks of a reply in Telegram HTML: names, list lines and the context cards.

Every text from the knowledge base passes through `esc` here; translated templates hold
no markup, so the values put into them are already escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.answer import Verdict
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.schema import Event, Media, PartialDate, Partner, Project
from bot.render.formats import (
    EU_COUNTRIES,
    country_name,
    flag,
    format_date,
    format_period,
    format_when,
    join_list,
    years_since,
)
from bot.render.i18n import t, tn
from bot.render.kinds import media_words
from bot.render.markup import esc

Blocks = list[str]
"""A reply as blocks: separated by a blank line (a headline, a card, a list)."""

BULLET = "•"
MAP_URL = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=11/{lat}/{lon}"


@dataclass(frozen=True)
class Ctx:
    """What every piece of a reply needs: the knowledge base and the reply language."""

    kb: KnowledgeBase
    lang: str
    municipality: str  # the municipality's name in the reply language, escaped


def make_ctx(kb: KnowledgeBase, lang: str, municipality: dict[str, str]) -> Ctx:
    name = municipality.get(lang) or municipality.get("en") or next(iter(municipality.values()), "")
    return Ctx(kb, lang, esc(name))


def bullets(lines: Iterable[str]) -> list[str]:
    return [f"{BULLET} {line}" for line in lines]


def lower_first(text: str) -> str:
    """'Lake management' -> 'lake management', but 'EU projects' stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def verdict_word(ctx: Ctx, verdict: Verdict) -> str:
    """ "Yes." or "No.", the opening of the reply to a yes/no question."""
    return t(ctx.lang, "Yes.") if verdict is Verdict.YES else t(ctx.lang, "No.")


def with_verdict(ctx: Ctx, verdict: Verdict | None, text: str) -> str:
    """`text` opened by the verdict, if there is one: "Yes. 2 partners in Lithuania: ..."."""
    if verdict is None:
        return text
    return f"{verdict_word(ctx, verdict)} {text}".rstrip()


def quote(ctx: Ctx, text: str) -> str:
    """A title in the language's quotation marks (`text` is already escaped)."""
    return t(ctx.lang, "“{text}”", text=text)


# ------------------------------------------------------------------------- names


def partners_of(ctx: Ctx, ids: Iterable[str]) -> list[Partner]:
    return [ctx.kb.partners[i] for i in ids if i in ctx.kb.partners]


def projects_of(ctx: Ctx, ids: Iterable[str]) -> list[Project]:
    return [ctx.kb.projects[i] for i in ids if i in ctx.kb.projects]


def name(ctx: Ctx, partner: Partner) -> str:
    return esc(partner.name.get(ctx.lang))


# A knowledge base may hold thousands of partners: a reply lists this many, then counts the rest.
MAX_NAMES = 12
MAX_LINES = 30
# ... and shows the cards (and the sentences) of this many entries, then counts the rest: "the
# festival" among 1,500 festivals is a reply of a few messages, not of a hundred.
MAX_CARDS = 6


def some(ctx: Ctx, items: list[str]) -> str:
    if len(items) <= MAX_NAMES:
        return join_list(items, ctx.lang)
    rest = len(items) - MAX_NAMES
    shown = ", ".join(items[:MAX_NAMES])
    return tn(ctx.lang, "{shown} and {n} more", "{shown} and {n} more", rest, shown=shown)


def capped(ctx: Ctx, lines: Iterable[str]) -> str:
    """Lines of a list, at most MAX_LINES of them, then how many more there are."""
    items = list(lines)
    if len(items) <= MAX_LINES:
        return "\n".join(items)
    rest = len(items) - MAX_LINES
    more = tn(ctx.lang, "… and {n} more", "… and {n} more", rest)
    return "\n".join([*items[:MAX_LINES], more])


def more_cards(ctx: Ctx, items: Sequence[object]) -> list[str]:
    """ "… and 1,494 more (1,500 in all)" after the first MAX_CARDS of `items` ([] if no more)."""
    rest = len(items) - MAX_CARDS
    if rest <= 0:
        return []
    more = tn(
        ctx.lang,
        "… and {n} more ({total} in all)",
        "… and {n} more ({total} in all)",
        rest,
        total=len(items),
    )
    return [more]


def names(ctx: Ctx, partners: Iterable[Partner]) -> str:
    return some(ctx, [name(ctx, p) for p in partners])


def flagged(ctx: Ctx, partner: Partner) -> str:
    return f"{flag(partner.country)} {name(ctx, partner)}"


def flagged_names(ctx: Ctx, partners: Iterable[Partner]) -> str:
    return some(ctx, [flagged(ctx, p) for p in partners])


def country(ctx: Ctx, code: str) -> str:
    return esc(country_name(code, ctx.lang))


def countries(ctx: Ctx, codes: Iterable[str], flags: bool = False) -> str:
    codes = list(dict.fromkeys(codes))
    if flags:
        return join_list((f"{flag(c)} {country(ctx, c)}" for c in codes), ctx.lang)
    return join_list((country(ctx, c) for c in codes), ctx.lang)


def field_name(ctx: Ctx, field_id: str) -> str:
    field = ctx.kb.fields.get(field_id)
    return esc(field.name.get(ctx.lang)) if field else esc(field_id)


def title(ctx: Ctx, project: Project) -> str:
    return esc(project.title.get(ctx.lang))


def when(ctx: Ctx, value: PartialDate) -> str:
    """A date as an adverbial ("in 2000", "2000. gadā", "в 2000 году"), escaped."""
    return esc(format_when(value, ctx.lang))


def ago_sentence(ctx: Ctx, value: PartialDate, today: dt.date) -> str:
    """ "That was 18 years ago." (whole years to `today`)."""
    n = years_since(value, today)
    return tn(ctx.lang, "That was {n} year ago.", "That was {n} years ago.", n)


def period(ctx: Ctx, project: Project) -> str:
    return esc(format_period(project.start, project.end, ctx.lang))


# ------------------------------------------------------------------------- partners


def agreement_summary(ctx: Ctx, partner: Partner) -> str:
    """The agreement in a few words, for a list line: "2000, prolonged in 2007"."""
    signed, prolonged = partner.agreement.signed, partner.agreement.prolonged
    lang = ctx.lang
    if signed and prolonged:
        return t(
            lang,
            "{signed}, prolonged {prolonged}",
            signed=esc(format_date(signed, lang)),
            prolonged=when(ctx, prolonged),
        )
    if signed:
        return esc(format_date(signed, lang))
    if prolonged:
        return t(lang, "date not stated, prolonged {prolonged}", prolonged=when(ctx, prolonged))
    return t(lang, "date not stated")


def agreement_line(ctx: Ctx, partner: Partner) -> str:
    """The card's agreement line."""
    if partner.agreement.signed:
        return t(ctx.lang, "Agreement: {agreement}", agreement=agreement_summary(ctx, partner))
    if partner.agreement.prolonged:
        return t(
            ctx.lang,
            "Agreement: entered into: not stated on the municipality's page; prolonged {prolonged}",
            prolonged=when(ctx, partner.agreement.prolonged),
        )
    return t(ctx.lang, "Agreement: entered into: not stated on the municipality's page")


def listed_together(ctx: Ctx, partner: Partner) -> str | None:
    """ "A and B are listed together under the same agreement date." (or None)."""
    others = partners_of(ctx, partner.agreement.listed_with)
    if not others:
        return None
    return t(
        ctx.lang,
        "{names} are listed together under the same agreement date.",
        names=names(ctx, [partner, *others]),
    )


def partner_line(ctx: Ctx, partner: Partner) -> str:
    """One partner in a list: flag, name, country, agreement."""
    shown = f"{flag(partner.country)} <b>{name(ctx, partner)}</b>"
    return t(
        ctx.lang,
        "{name}, {country} — {agreement}",
        name=shown,
        country=country(ctx, partner.country),
        agreement=agreement_summary(ctx, partner),
    )


def partner_card(
    ctx: Ctx, partner: Partner, with_map: bool = False, with_projects: bool = True
) -> str:
    lang = ctx.lang
    shown = partner.name.get(lang)
    heading = f"{flag(partner.country)} <b>{esc(shown)}</b>"
    local = partner.local_name
    if local and local.casefold() != shown.casefold():
        heading += f" ({esc(local)})" if "(" not in local else f" — {esc(local)}"
    lines = [heading]
    if partner.region:
        lines.append(
            t(
                lang,
                "Country: {country}, {region}",
                country=country(ctx, partner.country),
                region=esc(partner.region.get(lang)),
            )
        )
    else:
        lines.append(t(lang, "Country: {country}", country=country(ctx, partner.country)))
    lines.append(agreement_line(ctx, partner))
    together = listed_together(ctx, partner)
    if together:
        lines.append(together)
    if partner.contact:
        lines.append(t(lang, "Contact: {contact}", contact=esc(partner.contact.get(lang))))
    if partner.fields:
        # "Cooperation fields (6):" — the count answers "how many fields?" at a glance.
        lines.append(t(lang, "Cooperation fields:").rstrip(":") + f" ({len(partner.fields)}):")
        lines += bullets(field_name(ctx, f) for f in partner.fields)
    projects = projects_of(ctx, ctx.kb.projects_of.get(partner.id, ())) if with_projects else []
    if projects:
        lines.append(t(lang, "Projects:"))
        lines += bullets(project_line(ctx, p, with_partners=False) for p in projects)
    if with_map and partner.location is not None:
        lat, lon = partner.location.lat, partner.location.lon
        url = esc(MAP_URL.format(lat=lat, lon=lon)).replace('"', "&quot;")
        label = t(lang, "Map")
        lines.append(f'🗺 <a href="{url}">{label}</a>')
    return "\n".join(lines)


# ------------------------------------------------------------------------- projects


def project_line(ctx: Ctx, project: Project, with_partners: bool = True) -> str:
    """One project in a list: title, period, partners."""
    line = f"<b>{title(ctx, project)}</b>"
    when_ = period(ctx, project)
    if when_:
        line += f" ({when_})"
    partners = partners_of(ctx, project.partners)
    if with_partners and partners:
        line += f" — {flagged_names(ctx, partners)}"
    return line


def project_card(ctx: Ctx, project: Project, with_about: bool = True) -> str:
    lang = ctx.lang
    lines = [f"📁 <b>{title(ctx, project)}</b>"]
    if project.original_title.casefold() != project.title.get(lang).casefold():
        lines.append(f"<i>{esc(project.original_title)}</i>")
    when_ = period(ctx, project)
    if when_:
        lines.append(t(lang, "Period: {period}", period=when_))
    else:
        lines.append(t(lang, "Period: not stated on the municipality's page"))
    partners = partners_of(ctx, project.partners)
    if partners:
        lines.append(t(lang, "Partners: {names}", names=flagged_names(ctx, partners)))
    if with_about:
        lines.append(esc(project.about.get(lang)))
    return "\n".join(lines)


# ------------------------------------------------------------------------- event, media


def event_card(ctx: Ctx, event: Event, with_about: bool = True) -> str:
    lang = ctx.lang
    lines = [f"{flag(event.country)} <b>{esc(event.name.get(lang))}</b>"]
    lines.append(
        t(
            lang,
            "Place: {place}, {country}",
            place=esc(event.place.get(lang)),
            country=country(ctx, event.country),
        )
    )
    lines.append(t(lang, "When: {date}", date=esc(format_date(event.date, lang))))
    if event.duration_days:
        lines.append(tn(lang, "Duration: {n} day", "Duration: {n} days", event.duration_days))
    if event.delegation_size:
        lines.append(
            tn(lang, "Delegation: {n} person", "Delegation: {n} people", event.delegation_size)
        )
    if event.participants:
        lines.append(t(lang, "Participants: {n}", n=event.participants))
    elif event.participants_more_than:
        lines.append(t(lang, "Participants: more than {n}", n=event.participants_more_than))
    if event.countries_count and event.country in EU_COUNTRIES:
        lines.append(t(lang, "EU countries: {n}", n=event.countries_count))
    elif event.countries_count:
        lines.append(t(lang, "Countries: {n}", n=event.countries_count))
    if event.activities:
        lines.append(t(lang, "Activities: {text}", text=esc(event.activities.get(lang))))
    if event.programme:
        lines.append(t(lang, "Programme: {text}", text=esc(event.programme.get(lang))))
    if with_about:
        lines.append(esc(event.about.get(lang)))
    return "\n".join(lines)


def media_card(ctx: Ctx, media: Media, with_about: bool = True) -> str:
    lang = ctx.lang
    lines = [f"{media_words(media.kind).emoji} <b>{esc(media.title.get(lang))}</b>"]
    if media.original_title.casefold() != media.title.get(lang).casefold():
        lines.append(f"<i>{esc(media.original_title)}</i>")
    if with_about:
        lines.append(esc(media.about.get(lang)))
    project = ctx.kb.projects.get(media.project or "")
    if project:
        lines.append(t(lang, "Project: {title}", title=quote(ctx, title(ctx, project))))
    if media.funder:
        lines.append(
            t(lang, "Funded with the support of {funder}", funder=esc(media.funder.get(lang)))
        )
    return "\n".join(lines)
