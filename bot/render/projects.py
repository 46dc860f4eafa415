"""Replies about joint projects: one project's dates and partners, selected lists."""

from __future__ import annotations

from bot.answer import Answer, Facet, Superlative
from bot.knowledge.schema import Partner, Project
from bot.render.cards import (
    MAX_CARDS,
    Blocks,
    Ctx,
    bullets,
    capped,
    countries,
    flagged_names,
    more_cards,
    names,
    partners_of,
    period,
    project_card,
    project_line,
    projects_of,
    quote,
    title,
    when,
    with_verdict,
)
from bot.render.formats import EU_COUNTRIES, format_date, format_duration, join_list
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
    if Facet.DURATION in facets:
        days = project_days(pr)
        if days is None:
            out.append(
                t(
                    lang,
                    "I don't know how long the project {title} lasted: "
                    "the municipality's page does not give both dates.",
                    title=q,
                )
            )
        else:
            out.append(
                t(
                    lang,
                    "The project {title} lasted {duration} ({period}).",
                    title=q,
                    duration=esc(format_duration(days, lang)),
                    period=period(ctx, pr),
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


def project_days(pr: Project) -> int | None:
    """How many days a project ran (from its first possible day to its last one)."""
    if pr.start is None or pr.end is None:
        return None
    return (pr.end.as_date(last=True) - pr.start.as_date()).days + 1


_PROJECT_FACETS = (
    Facet.OVERVIEW,
    Facet.DATES,
    Facet.START,
    Facet.END,
    Facet.DURATION,
    Facet.PARTNERS,
)


def _ranked_entry(ctx: Ctx, pr: Project, with_duration: bool) -> str:
    """ "“X” (16 January 2006 – 31 October 2007, 1 year 9 months)"."""
    details = [period(ctx, pr)] if pr.start or pr.end else []
    days = project_days(pr)
    if with_duration and days is not None:
        details.append(esc(format_duration(days, ctx.lang)))
    shown = quote(ctx, title(ctx, pr))
    return f"{shown} ({', '.join(details)})" if details else shown


def _ranked_headline(ctx: Ctx, answer: Answer, projects: list[Project]) -> str | None:
    """The headline of a superlative over projects: "The longest project: X (...)."."""
    f, lang = answer.filters, ctx.lang
    if f.superlative is None or f.rank_by is None or not projects:
        return None
    top = f.superlative in (Superlative.MOST, Superlative.NEWEST)
    listed = join_list(
        (_ranked_entry(ctx, pr, f.rank_by is Facet.DURATION) for pr in projects), lang
    )
    if f.rank_by is Facet.DURATION:
        if top:
            return t(lang, "The longest project: {projects}.", projects=listed)
        return t(lang, "The shortest project: {projects}.", projects=listed)
    if f.rank_by in (Facet.START, Facet.DATES):
        if top:
            return t(lang, "The most recent project: {projects}.", projects=listed)
        return t(lang, "The earliest project: {projects}.", projects=listed)
    if f.rank_by is Facet.END:
        if top:
            return t(lang, "The project that ended last: {projects}.", projects=listed)
        return t(lang, "The project that ended first: {projects}.", projects=listed)
    if f.rank_by is Facet.PARTNERS:
        if top:
            return t(lang, "The project with the most partners: {projects}.", projects=listed)
        return t(lang, "The project with the fewest partners: {projects}.", projects=listed)
    return None


def project_reply(ctx: Ctx, answer: Answer) -> Blocks:
    every = projects_of(ctx, answer.projects)
    projects = every[:MAX_CARDS]
    facets = tuple(f for f in answer.facets if f in _PROJECT_FACETS) or (Facet.OVERVIEW,)
    ranked = _ranked_headline(ctx, answer, every)
    if ranked:  # the headline gave the dates: the cards follow
        facets = tuple(f for f in facets if f not in (Facet.DATES, Facet.DURATION))
    sentences = (" ".join(_project_sentences(ctx, pr, facets)) for pr in projects)
    headlines = "\n".join(s for s in (ranked, *sentences) if s)
    with_about = Facet.OVERVIEW not in facets
    cards = (project_card(ctx, pr, with_about=with_about) for pr in projects)
    return [headlines, *cards, *more_cards(ctx, every)]


def project_selection(ctx: Ctx, answer: Answer) -> str | None:
    """The title of a negated selection of projects ("Projects without partners from X")."""
    f, lang = answer.filters, ctx.lang
    if f.negated and f.countries:
        return t(
            lang,
            "Joint projects without partners from {countries}",
            countries=join_list((countries(ctx, [c]) for c in f.countries), lang, "or"),
        )
    if f.outside_eu:
        return t(lang, "Joint projects with partners outside the EU")
    return None


def _themes(ctx: Ctx, answer: Answer) -> str:
    return join_list((quote(ctx, esc(x)) for x in answer.filters.themes), ctx.lang, "or")


def _project_list_headline(ctx: Ctx, answer: Answer, n: int) -> str:
    f, lang = answer.filters, ctx.lang
    partners = partners_of(ctx, answer.partners)
    if f.countries and set(f.countries) <= EU_COUNTRIES and len(f.countries) > 1:
        return tn(
            lang,
            "{n} joint project with partners in the EU ({countries}).",
            "{n} joint projects with partners in the EU ({countries}).",
            n,
            countries=countries(ctx, f.countries),
        )
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
    if f.ongoing:
        if n == 0:
            return t(lang, "No joint project is running now.")
        return tn(
            lang, "{n} joint project is running now.", "{n} joint projects are running now.", n
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


def _selected_projects(ctx: Ctx, answer: Answer, chosen: str) -> Blocks:
    projects = projects_of(ctx, answer.projects)
    items = [quote(ctx, title(ctx, pr)) for pr in projects]
    if not items:
        headline = t(ctx.lang, "{title}: none.", title=chosen)
    else:
        headline = t(
            ctx.lang, "{title} ({n}): {names}.", title=chosen, n=len(items), names=", ".join(items)
        )
    headline = with_verdict(ctx, answer.verdict, headline)
    if not projects:
        return [headline]
    return [headline, capped(ctx, bullets(project_line(ctx, p) for p in projects))]


def project_count_reply(ctx: Ctx, answer: Answer) -> Blocks:
    """How many projects, saying what was counted: all of them with partners, or not."""
    chosen = project_selection(ctx, answer)
    if chosen is not None or answer.filters or answer.partners:
        return project_list_reply(ctx, answer)
    projects = projects_of(ctx, answer.projects)
    with_partners = [pr for pr in projects if partners_of(ctx, pr.partners)]
    lang = ctx.lang
    if projects and len(with_partners) == len(projects):
        headline = tn(
            lang,
            "The municipality's page lists {n} joint project, with a twinning partner.",
            "The municipality's page lists {n} joint projects, all with twinning partners.",
            len(projects),
        )
    else:
        headline = _project_list_headline(ctx, answer, len(projects))
        if projects:
            headline += " " + tn(
                lang,
                "{n} of them has twinning partners.",
                "{n} of them have twinning partners.",
                len(with_partners),
            )
    headline = with_verdict(ctx, answer.verdict, headline)
    if not projects:
        return [headline]
    return [headline, capped(ctx, bullets(project_line(ctx, p) for p in projects))]


def project_list_reply(ctx: Ctx, answer: Answer) -> Blocks:
    chosen = project_selection(ctx, answer)
    if chosen is not None:
        return _selected_projects(ctx, answer, chosen)
    projects = projects_of(ctx, answer.projects)
    headline = with_verdict(ctx, answer.verdict, _project_list_headline(ctx, answer, len(projects)))
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
    lines = capped(ctx, bullets(project_line(ctx, p) for p in everything))
    return [headline, "\n".join([t(ctx.lang, "All joint projects:"), lines])]
