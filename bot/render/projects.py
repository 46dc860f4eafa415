"""Replies about joint projects: one project's dates and partners, selected lists."""

from __future__ import annotations

from bot.answer import Answer, Facet
from bot.knowledge.schema import Partner, Project
from bot.render.cards import (
    Blocks,
    Ctx,
    bullets,
    capped,
    countries,
    flagged_names,
    names,
    partners_of,
    project_card,
    project_line,
    projects_of,
    quote,
    title,
    when,
)
from bot.render.formats import format_date, join_list
from bot.render.i18n import t, tn
from bot.render.markup import esc


def partner_projects_sentence(ctx: Ctx, partners: list[Partner], count: int) -> str:
    if count == 0:
        return t(
            ctx.lang,
            "The municipality's page lists no joint projects with {names}.",
            names=names(ctx, partners),
        )
    return tn(
        ctx.lang,
        "The municipality's page lists {n} joint project with {names}.",
        "The municipality's page lists {n} joint projects with {names}.",
        count,
        names=names(ctx, partners),
    )


def _project_sentences(ctx: Ctx, pr: Project, facets: tuple[Facet, ...]) -> list[str]:
    lang, q = ctx.lang, quote(ctx, title(ctx, pr))
    out: list[str] = []
    if Facet.OVERVIEW in facets:
        out.append(esc(pr.about.get(lang)))
    if Facet.DATES in facets:
        out.append(_dates_sentence(ctx, pr, q))
    if Facet.START in facets and Facet.DATES not in facets:
        if pr.start:
            out.append(
                t(lang, "The project {title} started {when}.", title=q, when=when(ctx, pr.start))
            )
        else:
            out.append(
                t(
                    lang,
                    "I don't know when the project {title} started: "
                    "the municipality's page does not say.",
                    title=q,
                )
            )
    if Facet.END in facets and Facet.DATES not in facets:
        if pr.end:
            out.append(
                t(lang, "The project {title} ended {when}.", title=q, when=when(ctx, pr.end))
            )
        else:
            out.append(
                t(
                    lang,
                    "I don't know when the project {title} ended: "
                    "the municipality's page does not say.",
                    title=q,
                )
            )
    if Facet.PARTNERS in facets:
        partners = partners_of(ctx, pr.partners)
        if partners:
            out.append(
                t(
                    lang,
                    "Partners of the project {title}: {names}.",
                    title=q,
                    names=flagged_names(ctx, partners),
                )
            )
        else:
            out.append(
                t(
                    lang,
                    "The municipality's page names no twinning partner in the project {title}.",
                    title=q,
                )
            )
    return out


def _dates_sentence(ctx: Ctx, pr: Project, q: str) -> str:
    lang = ctx.lang
    if pr.start and pr.end:
        return t(
            lang,
            "The project {title} ran from {start} to {end}.",
            title=q,
            start=esc(format_date(pr.start, lang)),
            end=esc(format_date(pr.end, lang)),
        )
    if pr.start:
        return t(
            lang,
            "The project {title} started {when}; the municipality's page gives no end date.",
            title=q,
            when=when(ctx, pr.start),
        )
    if pr.end:
        return t(
            lang,
            "The project {title} ended {when}; the municipality's page gives no start date.",
            title=q,
            when=when(ctx, pr.end),
        )
    return t(
        lang,
        "I don't know when the project {title} ran: the municipality's page gives no dates.",
        title=q,
    )


_PROJECT_FACETS = (Facet.OVERVIEW, Facet.DATES, Facet.START, Facet.END, Facet.PARTNERS)


def project_reply(ctx: Ctx, answer: Answer) -> Blocks:
    projects = projects_of(ctx, answer.projects)
    facets = tuple(f for f in answer.facets if f in _PROJECT_FACETS) or (Facet.OVERVIEW,)
    headlines = "\n".join(" ".join(_project_sentences(ctx, pr, facets)) for pr in projects)
    with_about = Facet.OVERVIEW not in facets
    return [headlines, *(project_card(ctx, pr, with_about=with_about) for pr in projects)]


def _themes(ctx: Ctx, answer: Answer) -> str:
    return join_list((quote(ctx, esc(x)) for x in answer.filters.themes), ctx.lang, "or")


def _project_list_headline(ctx: Ctx, answer: Answer, n: int) -> str:
    f, lang = answer.filters, ctx.lang
    partners = partners_of(ctx, answer.partners)
    if f.countries:
        where = countries(ctx, f.countries)
        if n == 0:
            return t(
                lang,
                "The municipality's page lists no joint projects with partners in {countries}.",
                countries=where,
            )
        return tn(
            lang,
            "{n} joint project with partners in {countries}.",
            "{n} joint projects with partners in {countries}.",
            n,
            countries=where,
        )
    if partners:
        return partner_projects_sentence(ctx, partners, n)
    if f.themes:
        if n == 0:
            return t(lang, "I found no joint project for {themes}.", themes=_themes(ctx, answer))
        return tn(
            lang,
            "{n} joint project found for {themes}.",
            "{n} joint projects found for {themes}.",
            n,
            themes=_themes(ctx, answer),
        )
    if f.active_year:
        if n == 0:
            return t(lang, "No joint project was running in {year}.", year=f.active_year)
        return tn(
            lang,
            "{n} joint project was running in {year}.",
            "{n} joint projects were running in {year}.",
            n,
            year=f.active_year,
        )
    if n == 0:
        return t(lang, "The municipality's page lists no joint projects.")
    return tn(
        lang,
        "The municipality's page lists {n} joint project.",
        "The municipality's page lists {n} joint projects.",
        n,
    )


def project_list_reply(ctx: Ctx, answer: Answer) -> Blocks:
    projects = projects_of(ctx, answer.projects)
    headline = _project_list_headline(ctx, answer, len(projects))
    # Partners asked about that have no project are named, so none seems forgotten.
    without = [p for p in partners_of(ctx, answer.partners) if not ctx.kb.projects_of.get(p.id)]
    tail = [partner_projects_sentence(ctx, without, 0)] if without and projects else []
    if len(projects) == 1:  # one match: its whole card says more than a list line
        return [headline, project_card(ctx, projects[0]), *tail]
    if projects:
        return [headline, capped(ctx, bullets(project_line(ctx, p) for p in projects)), *tail]
    everything = projects_of(ctx, ctx.kb.projects)
    if not everything:
        return [headline]
    lines = [t(ctx.lang, "All joint projects:"), *bullets(project_line(ctx, p) for p in everything)]
    return [headline, "\n".join(lines)]
