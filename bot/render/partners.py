"""Replies about partners: one partner's facts and card, filtered lists, counts."""

from __future__ import annotations

from bot.answer import Answer, Facet, Superlative
from bot.knowledge.schema import Partner
from bot.render import cards
from bot.render.cards import (
    Blocks,
    Ctx,
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
)
from bot.render.formats import format_date, join_list
from bot.render.i18n import t, tn
from bot.render.markup import esc
from bot.render.projects import partner_projects_sentence, project_list_reply


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


def _partner_headline(ctx: Ctx, p: Partner, facets: tuple[Facet, ...]) -> str:
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
)


def partner_reply(ctx: Ctx, answer: Answer) -> Blocks:
    partners = partners_of(ctx, answer.partners)
    facets = tuple(f for f in answer.facets if f in _PARTNER_FACETS) or (Facet.OVERVIEW,)
    headlines = "\n".join(_partner_headline(ctx, p, facets) for p in partners)
    with_map = Facet.LOCATION in facets
    # A focused question (when signed? which fields?) gets a compact card; the projects stay
    # one button away.
    with_projects = bool({Facet.OVERVIEW, Facet.PROJECTS, Facet.LOCATION} & set(facets))
    return [
        headlines,
        *(partner_card(ctx, p, with_map=with_map, with_projects=with_projects) for p in partners),
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
    """ "Rēzekne Municipality has 7 twinning partners in 5 countries." """
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


def _partner_list_headline(ctx: Ctx, answer: Answer, partners: list[Partner]) -> str:
    f, lang, n = answer.filters, ctx.lang, len(partners)
    listed = names(ctx, partners)
    if f.superlative:
        return _superlative_headline(ctx, answer, partners)
    single = sum(bool(x) for x in (f.countries, f.fields, f.signed_year, f.prolonged_year)) == 1
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
    lines = [t(ctx.lang, "All twinning partners:")]
    lines += [partner_line(ctx, p) for p in ctx.kb.partners.values()]
    return "\n".join(lines)


def partner_list_reply(ctx: Ctx, answer: Answer) -> Blocks:
    partners = partners_of(ctx, answer.partners)
    if not partners:
        nothing = t(ctx.lang, "No partner matches: {criteria}.", criteria=_criteria(ctx, answer))
        return [nothing, _all_partners_block(ctx)]
    headline = _partner_list_headline(ctx, answer, partners)
    if len(partners) == 1:  # one match: its whole card says more than a list line
        return [headline, partner_card(ctx, partners[0])]
    return [headline, capped(ctx, (partner_line(ctx, p) for p in partners))]


def count_reply(ctx: Ctx, answer: Answer) -> Blocks:
    if answer.count_of == "projects":
        return project_list_reply(ctx, answer)
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
        return [headline, capped(ctx, (partner_line(ctx, p) for p in partners))]
    if not partners and answer.filters:
        return partner_list_reply(ctx, answer)
    headline = (
        _partner_list_headline(ctx, answer, partners)
        if answer.filters
        else _count_sentence(ctx, partners)
    )
    return [headline, capped(ctx, (partner_line(ctx, p) for p in partners))]
