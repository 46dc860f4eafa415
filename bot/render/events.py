"""Replies about the festival and the film: the facets asked, then the card."""

from __future__ import annotations

from bot.answer import Answer, Facet
from bot.knowledge.schema import Event, Media
from bot.render import cards
from bot.render.cards import (
    Blocks,
    Ctx,
    country,
    quote,
    title,
    when,
)
from bot.render.i18n import t, tn
from bot.render.markup import esc


def _unknown(ctx: Ctx) -> str:
    return t(ctx.lang, "I don't know that: the municipality's page does not say.")


def _event_sentences(ctx: Ctx, e: Event, facets: tuple[Facet, ...]) -> list[str]:
    lang = ctx.lang
    out: list[str] = []
    for facet in facets:
        if facet is Facet.OVERVIEW:
            out.append(esc(e.about.get(lang)))
        elif facet is Facet.WHEN and Facet.WHERE in facets:
            out.append(
                t(
                    lang,
                    "The festival took place in {place} ({country}) {when}.",
                    place=esc(e.place.get(lang)),
                    country=country(ctx, e.country),
                    when=when(ctx, e.date),
                )
            )
        elif facet is Facet.WHEN:
            out.append(t(lang, "The festival took place {when}.", when=when(ctx, e.date)))
        elif facet is Facet.WHERE and Facet.WHEN not in facets:
            out.append(
                t(
                    lang,
                    "The festival took place in {place} ({country}).",
                    place=esc(e.place.get(lang)),
                    country=country(ctx, e.country),
                )
            )
        elif facet is Facet.DURATION:
            out.append(
                tn(
                    lang,
                    "The festival lasted {n} day.",
                    "The festival lasted {n} days.",
                    e.duration_days,
                )
                if e.duration_days
                else _unknown(ctx)
            )
        elif facet is Facet.DELEGATION:
            out.append(
                tn(
                    lang,
                    "A delegation of {n} person from {municipality} took part.",
                    "A delegation of {n} people from {municipality} took part.",
                    e.delegation_size,
                    municipality=ctx.municipality,
                )
                if e.delegation_size
                else _unknown(ctx)
            )
        elif facet is Facet.PARTICIPANTS:
            out.append(_participants_sentence(ctx, e))
        elif facet is Facet.COUNTRIES and Facet.PARTICIPANTS not in facets:
            out.append(
                tn(
                    lang,
                    "Participants came from {n} EU country.",
                    "Participants came from {n} EU countries.",
                    e.countries_count,
                )
                if e.countries_count
                else _unknown(ctx)
            )
        elif facet is Facet.ACTIVITIES:
            out.append(
                t(
                    lang,
                    "The festival included {activities}.",
                    activities=esc(e.activities.get(lang)),
                )
                if e.activities
                else _unknown(ctx)
            )
        elif facet is Facet.PROGRAMME:
            out.append(
                t(
                    lang,
                    "The festival was held in the framework of the programme {programme}.",
                    programme=esc(e.programme.get(lang)),
                )
                if e.programme
                else _unknown(ctx)
            )
    return out


def _participants_sentence(ctx: Ctx, e: Event) -> str:
    lang = ctx.lang
    if not e.participants_more_than:
        return _unknown(ctx)
    if not e.countries_count:
        return tn(
            lang,
            "There was more than {n} participant.",
            "There were more than {n} participants.",
            e.participants_more_than,
        )
    from_countries = tn(lang, "from {n} EU country", "from {n} EU countries", e.countries_count)
    return tn(
        lang,
        "There was more than {n} participant {from_countries}.",
        "There were more than {n} participants {from_countries}.",
        e.participants_more_than,
        from_countries=from_countries,
    )


_EVENT_FACETS = (
    Facet.OVERVIEW,
    Facet.WHEN,
    Facet.WHERE,
    Facet.DURATION,
    Facet.DELEGATION,
    Facet.PARTICIPANTS,
    Facet.COUNTRIES,
    Facet.ACTIVITIES,
    Facet.PROGRAMME,
)


def event_reply(ctx: Ctx, answer: Answer) -> Blocks:
    events = [ctx.kb.events[i] for i in answer.events if i in ctx.kb.events]
    facets = tuple(f for f in answer.facets if f in _EVENT_FACETS) or (Facet.OVERVIEW,)
    headlines = "\n".join(" ".join(_event_sentences(ctx, e, facets)) for e in events)
    with_about = Facet.OVERVIEW not in facets
    return [headlines, *(cards.event_card(ctx, e, with_about=with_about) for e in events)]


def _media_sentences(ctx: Ctx, m: Media, facets: tuple[Facet, ...]) -> list[str]:
    lang = ctx.lang
    q = quote(ctx, esc(m.title.get(lang)))
    out: list[str] = []
    if Facet.OVERVIEW in facets:
        out.append(esc(m.about.get(lang)))
    if Facet.FUNDER in facets:
        out.append(
            t(
                lang,
                "The film {title} is funded with the support of {funder}.",
                title=q,
                funder=esc(m.funder.get(lang)),
            )
            if m.funder
            else _unknown(ctx)
        )
    if Facet.PROJECTS in facets:
        project = ctx.kb.projects.get(m.project or "")
        out.append(
            _made_in(ctx, q, quote(ctx, title(ctx, project)), Facet.FUNDER in facets)
            if project
            else _unknown(ctx)
        )
    return out


def _made_in(ctx: Ctx, film: str, project: str, film_named: bool) -> str:
    if film_named:  # the sentence before already named the film
        return t(
            ctx.lang,
            "It was made in the framework of the project {project}.",
            project=project,
        )
    return t(
        ctx.lang,
        "The film {title} was made in the framework of the project {project}.",
        title=film,
        project=project,
    )


def media_reply(ctx: Ctx, answer: Answer) -> Blocks:
    items = [ctx.kb.media[i] for i in answer.media if i in ctx.kb.media]
    facets = tuple(
        f for f in answer.facets if f in (Facet.OVERVIEW, Facet.FUNDER, Facet.PROJECTS)
    ) or (Facet.OVERVIEW,)
    headlines = "\n".join(" ".join(_media_sentences(ctx, m, facets)) for m in items)
    with_about = Facet.OVERVIEW not in facets
    return [headlines, *(cards.media_card(ctx, m, with_about=with_about) for m in items)]
