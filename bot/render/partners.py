"""Replies about partners: one partner's facts and card, filtered lists, counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.answer import Answer, Facet, Superlative, Verdict
from bot.knowledge.schema import PartialDate, Partner
from bot.render import cards
from bot.render.cards import (
    Blocks,
    Ctx,
    ago_sentence,
    capped,
    countries,
    country,
    field_name,
    lower_first,
    name,
    names,
    partner_card,
    partner_line,
    partners_of,
    quote,
    upper_first,
    when,
    with_verdict,
)
from bot.render.formats import EU_COUNTRIES, format_date, join_list, years_since
from bot.render.i18n import t, tn
from bot.render.markup import esc
from bot.render.projects import partner_projects_sentence, project_count_reply


def _signed_sentences(ctx: Ctx, p: Partner, facets: tuple[Facet, ...]) -> list[str]:
    """What the user asked about the agreement's dates (SIGNED and/or PROLONGED)."""
    lang, n = ctx.lang, name(ctx, p)
    signed, prolonged = p.agreement.signed, p.agreement.prolonged
    asked_signed, asked_prolonged = Facet.SIGNED in facets, Facet.PROLONGED in facets
    out: list[str] = []
    if signed and prolonged and asked_signed:
        out.append(
            t(
                lang,
                "The agreement with {name} was entered into {signed} and prolonged {prolonged}.",
                name=n,
                signed=when(ctx, signed),
                prolonged=when(ctx, prolonged),
            )
        )
    elif prolonged and asked_prolonged and not asked_signed:
        out.append(
            t(
                lang,
                "The agreement with {name} was prolonged {prolonged}.",
                name=n,
                prolonged=when(ctx, prolonged),
            )
        )
    elif signed and asked_prolonged:
        out.append(
            t(
                lang,
                "The municipality's page does not mention a prolongation of the agreement "
                "with {name}; it was entered into {signed}.",
                name=n,
                signed=when(ctx, signed),
            )
        )
    elif signed:
        out.append(
            t(
                lang,
                "The agreement with {name} was entered into {signed}.",
                name=n,
                signed=when(ctx, signed),
            )
        )
    else:
        if asked_signed:
            out.append(
                t(
                    lang,
                    "I don't know when the agreement with {name} was first entered into: "
                    "the municipality's page does not say.",
                    name=n,
                )
            )
        if prolonged:
            out.append(
                t(lang, "It was prolonged {prolonged}.", prolonged=when(ctx, prolonged))
                if asked_signed
                else t(
                    lang,
                    "The agreement with {name} was prolonged {prolonged}.",
                    name=n,
                    prolonged=when(ctx, prolonged),
                )
            )
        elif asked_prolonged:
            out.append(
                t(
                    lang,
                    "The municipality's page does not mention a prolongation of the agreement "
                    "with {name}.",
                    name=n,
                )
            )
    return out


def _overview_sentence(ctx: Ctx, p: Partner) -> str:
    lang = ctx.lang
    values = {
        "name": name(ctx, p),
        "country": country(ctx, p.country),
        "municipality": ctx.municipality,
    }
    signed, prolonged = p.agreement.signed, p.agreement.prolonged
    if signed and prolonged:
        return t(
            lang,
            "{name} ({country}) is a twinning partner of {municipality}: the agreement was "
            "entered into {signed} and prolonged {prolonged}.",
            signed=when(ctx, signed),
            prolonged=when(ctx, prolonged),
            **values,
        )
    if signed:
        return t(
            lang,
            "{name} ({country}) is a twinning partner of {municipality}: the agreement was "
            "entered into {signed}.",
            signed=when(ctx, signed),
            **values,
        )
    if prolonged:
        return t(
            lang,
            "{name} ({country}) is a twinning partner of {municipality}. The municipality's page "
            "does not say when the agreement was first entered into; it was prolonged "
            "{prolonged}.",
            prolonged=when(ctx, prolonged),
            **values,
        )
    return t(lang, "{name} ({country}) is a twinning partner of {municipality}.", **values)


def _location_sentence(ctx: Ctx, p: Partner) -> str:
    if p.region:
        return t(
            ctx.lang,
            "{name} is in {country}, {region}.",
            name=name(ctx, p),
            country=country(ctx, p.country),
            region=esc(p.region.get(ctx.lang)),
        )
    return t(
        ctx.lang, "{name} is in {country}.", name=name(ctx, p), country=country(ctx, p.country)
    )


def _fields_sentence(ctx: Ctx, p: Partner) -> str:
    fields = "; ".join(lower_first(field_name(ctx, f)) for f in p.fields)
    return t(
        ctx.lang, "Cooperation with {name} covers: {fields}.", name=name(ctx, p), fields=fields
    )


def _since_sentence(ctx: Ctx, p: Partner, today: dt.date) -> str:
    """ "<partner>: partners since 2000 — 26 years." (from the agreement's first date)."""
    signed = p.agreement.signed
    if signed is None:
        sentence = t(
            ctx.lang,
            "I don't know since when {name} has been a partner: the municipality's page does "
            "not say when the agreement was first entered into.",
            name=name(ctx, p),
        )
        prolonged = p.agreement.prolonged
        if prolonged:
            sentence += " " + t(
                ctx.lang, "It was prolonged {prolonged}.", prolonged=when(ctx, prolonged)
            )
        return sentence
    return tn(
        ctx.lang,
        "{name}: partners since {year} — {n} year.",
        "{name}: partners since {year} — {n} years.",
        years_since(signed, today),
        name=name(ctx, p),
        year=signed.year,
    )


def _contact_sentence(ctx: Ctx, p: Partner) -> str:
    if p.contact is None:
        return t(
            ctx.lang,
            "The municipality's page does not name a contact person for {name}.",
            name=name(ctx, p),
        )
    return t(
        ctx.lang,
        "Contact person for {name}: {contact}.",
        name=name(ctx, p),
        contact=esc(p.contact.get(ctx.lang)),
    )


def _partner_headline(
    ctx: Ctx, p: Partner, facets: tuple[Facet, ...], today: dt.date | None = None
) -> str:
    out: list[str] = []
    if Facet.LOCATION in facets:
        out.append(_location_sentence(ctx, p))
    if Facet.OVERVIEW in facets:
        out.append(_overview_sentence(ctx, p))
    if Facet.SIGNED in facets or Facet.PROLONGED in facets:
        out += _signed_sentences(ctx, p, facets)
    if Facet.FIELDS in facets:
        out.append(_fields_sentence(ctx, p))
    if Facet.PROJECTS in facets:
        count = len(ctx.kb.projects_of.get(p.id, ()))
        out.append(partner_projects_sentence(ctx, [p], count))
    if Facet.SINCE in facets:
        out.append(_since_sentence(ctx, p, today or dt.date.today()))
    if Facet.APART in facets and p.agreement.signed and p.agreement.prolonged:
        apart = p.agreement.prolonged.year - p.agreement.signed.year
        out.append(
            tn(
                ctx.lang,
                "It was prolonged {n} year after it was signed.",
                "It was prolonged {n} years after it was signed.",
                apart,
            )
        )
    dated = p.agreement.prolonged if Facet.PROLONGED in facets else p.agreement.signed
    if Facet.AGO in facets and dated is not None:
        out.append(ago_sentence(ctx, dated, today or dt.date.today()))
    if Facet.CONTACT in facets:
        out.append(_contact_sentence(ctx, p))
    if Facet.OVERVIEW in facets or Facet.SIGNED in facets:
        together = cards.listed_together(ctx, p)
        if together:
            out.append(together)
    return " ".join(out)


_PARTNER_FACETS = (
    Facet.OVERVIEW,
    Facet.LOCATION,
    Facet.SIGNED,
    Facet.PROLONGED,
    Facet.FIELDS,
    Facet.PROJECTS,
    Facet.SINCE,
    Facet.AGO,
    Facet.APART,
    Facet.CONTACT,
)


def _ranked(ctx: Ctx, partners: list[Partner], value: Callable[[Partner], str]) -> str:
    """ "A (4) and B (4)": the winners with the value they won by."""
    return join_list((f"{name(ctx, p)} ({value(p)})" for p in partners), ctx.lang)


def _ranked_headline(ctx: Ctx, answer: Answer, partners: list[Partner]) -> str | None:
    """The headline of a superlative over partners: "Most cooperation fields: X (4)."."""
    f, lang = answer.filters, ctx.lang
    if f.superlative is None or not partners:
        return None
    top = f.superlative in (Superlative.MOST, Superlative.NEWEST)
    if f.rank_by in (None, Facet.SIGNED, Facet.SINCE):
        return _superlative_headline(ctx, answer, partners)
    if f.rank_by is Facet.FIELDS:
        listed = _ranked(ctx, partners, lambda p: str(len(p.fields)))
        if top:
            return t(lang, "Most cooperation fields: {partners}.", partners=listed)
        return t(lang, "Fewest cooperation fields: {partners}.", partners=listed)
    if f.rank_by is Facet.PROJECTS:
        listed = _ranked(ctx, partners, lambda p: str(len(ctx.kb.projects_of.get(p.id, ()))))
        if top:
            return t(lang, "Most joint projects: {partners}.", partners=listed)
        return t(lang, "Fewest joint projects: {partners}.", partners=listed)
    if f.rank_by is Facet.PROLONGED:
        dated = [p for p in partners if p.agreement.prolonged]
        listed = _ranked(
            ctx, dated, lambda p: esc(format_date(p.agreement.prolonged or _NEVER, lang))
        )
        if top:
            return t(lang, "Prolonged most recently: {partners}.", partners=listed)
        return t(lang, "Prolonged earliest: {partners}.", partners=listed)
    return None


_NEVER = PartialDate(1900)  # never shown: only partners with a date are listed


def partner_reply(ctx: Ctx, answer: Answer) -> Blocks:
    every = partners_of(ctx, answer.partners)
    partners = every[: cards.MAX_CARDS]
    facets = tuple(f for f in answer.facets if f in _PARTNER_FACETS) or (Facet.OVERVIEW,)
    headlines = "\n".join(_partner_headline(ctx, p, facets, answer.today) for p in partners)
    ranked = _ranked_headline(ctx, answer, every)
    if ranked:
        headlines = f"{ranked}\n{headlines}"
    with_map = Facet.LOCATION in facets
    # A focused question (when signed? which fields?) gets a compact card; the projects stay
    # one button away.
    with_projects = bool({Facet.OVERVIEW, Facet.PROJECTS, Facet.LOCATION} & set(facets))
    return [
        headlines,
        *(partner_card(ctx, p, with_map=with_map, with_projects=with_projects) for p in partners),
        *cards.more_cards(ctx, every),
    ]


def _fields(ctx: Ctx, ids: tuple[str, ...]) -> str:
    """Field names in quotes, joined with "or" (a partner list takes any of them)."""
    return join_list((quote(ctx, field_name(ctx, x)) for x in ids), ctx.lang, "or")


def _criteria(ctx: Ctx, answer: Answer) -> str:
    """The filters of a list in a few words, for combined filters and empty results."""
    f, lang = answer.filters, ctx.lang
    out: list[str] = []
    if f.countries:
        out.append(countries(ctx, f.countries))
    if f.fields:
        fields = _fields(ctx, f.fields)
        if len(f.fields) > 1:
            out.append(t(lang, "cooperation fields {fields}", fields=fields))
        else:
            out.append(t(lang, "cooperation field {fields}", fields=fields))
    if f.signed_year:
        out.append(t(lang, "agreement entered into in {year}", year=f.signed_year))
    if f.prolonged_year:
        out.append(t(lang, "agreement prolonged in {year}", year=f.prolonged_year))
    if f.superlative is Superlative.OLDEST:
        out.append(t(lang, "the oldest agreement"))
    elif f.superlative is Superlative.NEWEST:
        out.append(t(lang, "the newest agreement"))
    return "; ".join(out)


def _superlative_headline(ctx: Ctx, answer: Answer, partners: list[Partner]) -> str:
    dates = dict.fromkeys(
        format_date(p.agreement.signed, ctx.lang) for p in partners if p.agreement.signed
    )
    values = {"names": names(ctx, partners), "date": esc(join_list(dates, ctx.lang))}
    # Grammatical number, not a count: no number is shown, so plain t() for one or several.
    several = len(partners) > 1
    if answer.filters.superlative is Superlative.OLDEST:
        if several:
            return t(ctx.lang, "The oldest agreements are with {names}: {date}.", **values)
        return t(ctx.lang, "The oldest agreement is with {names}: {date}.", **values)
    if several:
        return t(ctx.lang, "The newest agreements are with {names}: {date}.", **values)
    return t(ctx.lang, "The newest agreement is with {names}: {date}.", **values)


def _count_sentence(ctx: Ctx, partners: list[Partner]) -> str:
    """ "<municipality> has 7 twinning partners in 5 countries." """
    n_countries = len({p.country for p in partners})
    in_countries = tn(ctx.lang, "in {n} country", "in {n} countries", n_countries)
    return tn(
        ctx.lang,
        "{municipality} has {n} twinning partner {in_countries}.",
        "{municipality} has {n} twinning partners {in_countries}.",
        len(partners),
        municipality=ctx.municipality,
        in_countries=in_countries,
    )


def selection(ctx: Ctx, answer: Answer) -> str | None:
    """What a negated or "having" filter selected, as a list's title: "Partners without joint
    projects", "Partners outside the EU" (None for the plain filters)."""
    f, lang = answer.filters, ctx.lang
    if Facet.PROJECTS in f.having:
        if f.negated:
            return t(lang, "Partners without joint projects")
        return t(lang, "Partners with joint projects")
    if Facet.PROLONGED in f.having:
        if f.negated:
            return t(lang, "Agreements never prolonged (as far as the municipality's page says)")
        return t(lang, "Agreements that were prolonged")
    if f.negated and Facet.SIGNED in f.having:
        return t(lang, "Partners whose agreement date the municipality's page does not give")
    if f.negated and Facet.CONTACT in f.having:
        return t(lang, "Partners without a contact person on the municipality's page")
    if f.negated and f.having:
        return t(lang, "Partners for which the municipality's page does not say this")
    if f.signed_before and f.signed_after:
        return t(lang, "Agreements entered into in the {decade}s", decade=f.signed_after + 1)
    if f.signed_before:
        return t(lang, "Agreements entered into before {year}", year=f.signed_before)
    if f.signed_after:
        return t(lang, "Agreements entered into after {year}", year=f.signed_after)
    if f.negated and f.signed_year:
        return t(lang, "Agreements not entered into in {year}", year=f.signed_year)
    if f.outside_eu:
        if f.negated:
            return t(lang, "Partners in the EU")
        return t(lang, "Partners outside the EU")
    if f.negated and f.fields:
        return t(lang, "Partners that do not cooperate in {fields}", fields=_fields(ctx, f.fields))
    if f.negated and f.countries:
        return t(
            lang,
            "Partners whose country is not {countries}",
            countries=join_list((country(ctx, c) for c in f.countries), lang, "or"),
        )
    return None


def selected_line(ctx: Ctx, title: str, items: list[str]) -> str:
    """ "Partners without joint projects (3): A, B and C." — or ": none." when empty."""
    if not items:
        return t(ctx.lang, "{title}: none.", title=title)
    return t(
        ctx.lang,
        "{title} ({n}): {names}.",
        title=title,
        n=len(items),
        names=cards.some(ctx, items),
    )


def _partner_list_headline(ctx: Ctx, answer: Answer, partners: list[Partner]) -> str:
    f, lang, n = answer.filters, ctx.lang, len(partners)
    listed = names(ctx, partners)
    chosen = selection(ctx, answer)
    if chosen:
        return selected_line(ctx, chosen, [name(ctx, p) for p in partners])
    if f.superlative:
        return _ranked_headline(ctx, answer, partners) or _superlative_headline(
            ctx, answer, partners
        )
    single = sum(bool(x) for x in (f.countries, f.fields, f.signed_year, f.prolonged_year)) == 1
    if single and f.countries and set(f.countries) <= EU_COUNTRIES and len(f.countries) > 1:
        return tn(
            lang,
            "{n} partner in the EU ({countries}): {names}.",
            "{n} partners in the EU ({countries}): {names}.",
            n,
            countries=countries(ctx, f.countries),
            names=listed,
        )
    if single and f.countries:
        return tn(
            lang,
            "{n} partner in {countries}: {names}.",
            "{n} partners in {countries}: {names}.",
            n,
            countries=countries(ctx, f.countries),
            names=listed,
        )
    if single and len(f.fields) > 1:
        return tn(
            lang,
            "{n} partner cooperates in one of the fields {fields}: {names}.",
            "{n} partners cooperate in one of the fields {fields}: {names}.",
            n,
            fields=_fields(ctx, f.fields),
            names=listed,
        )
    if single and f.fields:
        return tn(
            lang,
            "{n} partner cooperates in {fields}: {names}.",
            "{n} partners cooperate in {fields}: {names}.",
            n,
            fields=_fields(ctx, f.fields),
            names=listed,
        )
    if single and f.signed_year:
        return tn(
            lang,
            "{n} agreement entered into in {year}: {names}.",
            "{n} agreements entered into in {year}: {names}.",
            n,
            year=f.signed_year,
            names=listed,
        )
    if single and f.prolonged_year:
        return tn(
            lang,
            "{n} agreement prolonged in {year}: {names}.",
            "{n} agreements prolonged in {year}: {names}.",
            n,
            year=f.prolonged_year,
            names=listed,
        )
    if f.countries or f.fields or f.signed_year or f.prolonged_year:
        partners_n = tn(lang, "{n} partner", "{n} partners", n)
        return t(
            lang,
            "{criteria}: {partners} — {names}.",
            criteria=upper_first(_criteria(ctx, answer)),
            partners=partners_n,
            names=listed,
        )
    return _count_sentence(ctx, partners)


def _all_partners_block(ctx: Ctx) -> str:
    lines = (partner_line(ctx, p) for p in ctx.kb.partners.values())
    return "\n".join([t(ctx.lang, "All twinning partners:"), capped(ctx, lines)])


def _none_found(ctx: Ctx, answer: Answer) -> Blocks:
    """An empty list: "No, X has no partner in Germany." or "No partner matches: ...", then
    what there is."""
    f, lang = answer.filters, ctx.lang
    if f.countries and not f.negated and not (f.fields or f.signed_year or f.prolonged_year):
        where = countries(ctx, f.countries)
        if answer.verdict is Verdict.NO:
            line = t(
                lang,
                "No, {municipality} has no twinning partner in {country}.",
                municipality=ctx.municipality,
                country=where,
            )
        else:
            line = t(
                lang,
                "{municipality} has no twinning partner in {country}.",
                municipality=ctx.municipality,
                country=where,
            )
        hint = t(
            lang,
            "The partners are in: {countries}.",
            countries=countries(ctx, ctx.kb.countries, flags=True),
        )
        return [f"{line} {hint}"]
    nothing = t(lang, "No partner matches: {criteria}.", criteria=_criteria(ctx, answer))
    return [with_verdict(ctx, answer.verdict, nothing), _all_partners_block(ctx)]


def partner_list_reply(ctx: Ctx, answer: Answer) -> Blocks:
    """A list of partners (its renderer words the verdict itself)."""
    partners = partners_of(ctx, answer.partners)
    if selection(ctx, answer) is None and not partners:
        return _none_found(ctx, answer)
    headline = with_verdict(ctx, answer.verdict, _partner_list_headline(ctx, answer, partners))
    if not partners:
        return [headline]
    if len(partners) == 1:  # one match: its whole card says more than a list line
        return [headline, partner_card(ctx, partners[0])]
    return [headline, capped(ctx, (partner_line(ctx, p) for p in partners))]


def count_reply(ctx: Ctx, answer: Answer) -> Blocks:
    """How many partners, countries or projects (its renderer words the verdict itself)."""
    if answer.count_of == "projects":
        return project_count_reply(ctx, answer)
    partners = partners_of(ctx, answer.partners)
    if answer.count_of == "countries":
        codes = list(dict.fromkeys(p.country for p in partners))
        headline = tn(
            ctx.lang,
            "The partners are in {n} country: {countries}.",
            "The partners are in {n} countries: {countries}.",
            len(codes),
            countries=countries(ctx, codes),
        )
        headline = with_verdict(ctx, answer.verdict, headline)
        return [headline, capped(ctx, (partner_line(ctx, p) for p in partners))]
    if answer.filters:
        return partner_list_reply(ctx, answer)
    headline = with_verdict(ctx, answer.verdict, _count_sentence(ctx, partners))
    return [headline, capped(ctx, (partner_line(ctx, p) for p in partners))]
