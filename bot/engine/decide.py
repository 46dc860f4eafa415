"""From meaning to an Answer: choose what kind of reply fits what was read.

The order of the checks is the policy: nonsense and out-of-scope topics are declined first,
then events, the film, projects and partners are answered, and anything the engine is not
sure about becomes "did you mean ...?" or a kind decline. A wrong answer is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.answer import (
    Action,
    Answer,
    DeclineReason,
    Facet,
    Filters,
    Followup,
    Kind,
    Match,
    SmallTalk,
    Superlative,
)
from bot.engine.text import fold
from bot.engine.understand import Parsed
from bot.knowledge import KnowledgeBase

# Kinds of entries named by their names (the rest by keywords), for the minimum scores.
NAME_KINDS = ("partner", "country")
KEYWORD_KINDS = ("field", "project", "event", "media")

TOPIC_CUES = frozenset({
    "signed", "prolonged", "fields", "projects", "partners", "countries", "count", "oldest",
    "newest", "festival", "film", "duration", "delegation", "participants", "programme",
    "funder", "activities", "dates", "start", "end", "where",
})  # fmt: skip

# What a question may ask about the film that the source never says.
MEDIA_UNKNOWN = frozenset(
    {
        "duration",
        "when",
        "where",
        "start",
        "end",
        "dates",
        "participants",
        "delegation",
        "exact_date",
    }
)

# Cues that make a question about the knowledge base even when no entry is named ("who are
# the partners?"); weaker cues (people, where, how long) do not outweigh "who are you?".
STRONG_CUES = frozenset({
    "signed", "prolonged", "fields", "projects", "partners", "countries", "count", "oldest",
    "newest", "festival", "film",
})  # fmt: skip

PARTNER_FACETS = (
    ("signed", Facet.SIGNED), ("when", Facet.SIGNED), ("prolonged", Facet.PROLONGED),
    ("fields", Facet.FIELDS), ("projects", Facet.PROJECTS), ("where", Facet.LOCATION),
)  # fmt: skip

EVENT_FACETS = (
    ("when", Facet.WHEN), ("where", Facet.WHERE), ("duration", Facet.DURATION),
    ("delegation", Facet.DELEGATION), ("participants", Facet.PARTICIPANTS),
    ("countries", Facet.COUNTRIES), ("activities", Facet.ACTIVITIES),
    ("programme", Facet.PROGRAMME), ("funder", Facet.PROGRAMME),
)  # fmt: skip

PROJECT_FACETS = (
    ("start", Facet.START), ("end", Facet.END), ("dates", Facet.DATES), ("when", Facet.DATES),
    ("duration", Facet.DATES), ("partners", Facet.PARTNERS), ("funder", Facet.UNKNOWN),
    ("participants", Facet.UNKNOWN), ("delegation", Facet.UNKNOWN),
)  # fmt: skip


@dataclass(frozen=True)
class ChatContext:
    """What the previous question in a chat was about, for follow-ups."""

    kind: Kind
    partners: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    facets: tuple[Facet, ...] = ()
    at: float = 0.0


@dataclass(frozen=True)
class Limits:
    entity_min_score: float = 80.0  # a partner or country counts as named from this score
    keyword_min_score: float = 62.0  # a project, event, film or field, matched by keywords
    suggest_min_score: float = 65.0
    max_suggestions: int = 3

    def min_score(self, kind: str) -> float:
        return self.entity_min_score if kind in NAME_KINDS else self.keyword_min_score


def decide(p: Parsed, kb: KnowledgeBase, ctx: ChatContext | None, limits: Limits) -> Answer:
    """The Answer for a parsed question (ctx: the chat's previous question, if recent)."""
    lang = p.lang
    named = {kind: p.ids(kind, limits.min_score(kind)) for kind in NAME_KINDS + KEYWORD_KINDS}
    matched = tuple(
        Match(kind, id_, round(p.entities[kind][id_], 1))
        for kind, ids in named.items()
        for id_ in ids
    )
    score = max((m.score for m in matched), default=0.0)
    base = Answer(kind=Kind.DECLINE, lang=lang, matched=matched, score=score)

    if not any(ch.isalpha() for ch in p.text):
        return replace(base, decline_reason=DeclineReason.NONSENSE, followups=_menu(kb))
    if p.out_of_scope:
        return replace(base, decline_reason=DeclineReason.OUT_OF_SCOPE, followups=_menu(kb))

    things = named["partner"] or named["project"] or named["event"] or named["media"]
    if p.general and not (named["project"] or named["event"] or named["media"]):
        # "population of Norway", "how far is Arendal from Oslo": not the KB's subject.
        return replace(base, decline_reason=DeclineReason.OUT_OF_SCOPE, followups=_menu(kb))
    topic = (p.cues & STRONG_CUES) or things or named["country"] or named["field"]
    if not topic:
        talk = _smalltalk(p)
        if talk is not None:
            return replace(base, kind=Kind.SMALLTALK, smalltalk=talk, followups=_menu(kb))
    if p.places and not named["partner"]:
        return replace(
            base,
            decline_reason=DeclineReason.UNKNOWN_PLACE,
            unknown_name=p.places[0],
            followups=_menu(kb),
        )

    named, p_cues = _with_context(p, named, ctx)
    if p.general:
        p_cues.add("unknown")  # "how many kilometres long is the cycling network?"
    things = named["partner"] or named["project"] or named["event"] or named["media"]
    content = [t for t in p.unknown if len(t.folded) >= 4]
    if named["country"] and not things and not (p_cues & TOPIC_CUES) and content:
        # "population of Norway", "what currency does Turkey use": about the country, not
        # about our partners there.
        return replace(base, decline_reason=DeclineReason.OUT_OF_SCOPE, followups=_menu(kb))
    place = next((t.raw for t in content if t.capitalised and not t.starts_sentence), None)
    if place and not things and not named["country"] and not named["field"] and not p.years:
        # "Города-побратимы Гродно": a place we do not know is not one of our partners.
        return replace(
            base,
            decline_reason=DeclineReason.UNKNOWN_PLACE,
            unknown_name=place,
            followups=_menu(kb),
        )
    answer = (
        _event(p, p_cues, named, kb, base)
        or _media(p, p_cues, named, kb, base)
        or _projects(p, p_cues, named, kb, base)
        or _partners(p, p_cues, named, kb, base)
        or _faq(p, kb, base)
    )
    if answer is not None:
        unknown_asked = "unknown" in p_cues and Facet.UNKNOWN not in answer.facets
        if unknown_asked and answer.kind in (Kind.PARTNER_LIST, Kind.PROJECT_LIST, Kind.COUNT):
            # "Who is the contact person for twinning?": say it is not known, then what is.
            answer = replace(answer, facets=(Facet.UNKNOWN, *answer.facets))
        return answer
    suggestions = _suggestions(p, kb, limits)
    if suggestions:
        return replace(
            base,
            kind=Kind.CLARIFY,
            suggestions=suggestions,
            followups=tuple(_open(m) for m in suggestions),
        )
    reason = (
        DeclineReason.NONSENSE if not p.cues and not p.lang_sure else (DeclineReason.OUT_OF_SCOPE)
    )
    return replace(base, decline_reason=reason, followups=_menu(kb))


# --------------------------------------------------------------------------- helpers


def _smalltalk(p: Parsed) -> SmallTalk | None:
    for cue, talk in (
        ("identity", SmallTalk.WHO),
        ("capabilities", SmallTalk.HELP),
        ("thanks", SmallTalk.THANKS),
        ("greeting", SmallTalk.GREETING),
        ("bye", SmallTalk.BYE),
    ):
        if cue in p.cues:
            return talk
    return None


def _menu(kb: KnowledgeBase) -> tuple[Followup, ...]:
    items = [Followup(Action.ALL_PARTNERS), Followup(Action.ALL_PROJECTS)]
    items += [Followup(Action.EVENT, e) for e in kb.events]
    items += [Followup(Action.MEDIA, m) for m in kb.media]
    return tuple(items)


def _open(m: Match) -> Followup:
    action = {
        "partner": Action.PARTNER,
        "project": Action.PROJECT,
        "event": Action.EVENT,
        "media": Action.MEDIA,
        "country": Action.PARTNERS_IN_COUNTRY,
        "field": Action.PARTNERS_WITH_FIELD,
    }[m.kind]
    return Followup(action, m.id)


def _with_context(
    p: Parsed, named: dict[str, list[str]], ctx: ChatContext | None
) -> tuple[dict[str, list[str]], set[str]]:
    """Fill in what a follow-up leaves out ("and Biržai?", "what projects?")."""
    cues = set(p.cues)
    if ctx is None:
        return named, cues
    has_thing = any(named[k] for k in ("partner", "project", "event", "media"))
    facet_cues = cues & {
        "signed",
        "when",
        "prolonged",
        "fields",
        "projects",
        "where",
        "duration",
        "delegation",
        "participants",
        "activities",
        "programme",
        "funder",
        "start",
        "end",
        "dates",
    }
    if ctx.events:
        facet_cues |= cues & {"countries", "count"}
    filters = named["country"] or named["field"] or p.years
    if not has_thing and facet_cues and not filters and p.content_words <= 6:
        named = dict(named)
        named["partner"] = list(ctx.partners)
        named["project"] = list(ctx.projects) if not ctx.partners else []
        named["event"] = list(ctx.events)
        named["media"] = list(ctx.media)
    elif (
        has_thing
        and not facet_cues
        and ctx.facets
        and named["partner"]
        and ctx.partners
        and (p.opener or p.content_words <= 3)
    ):
        cues |= {c for c, f in PARTNER_FACETS if f in ctx.facets}
    return named, cues


def _facets(cues: set[str], table: tuple[tuple[str, Facet], ...]) -> tuple[Facet, ...]:
    out: list[Facet] = [Facet.UNKNOWN] if "unknown" in cues else []
    for cue, facet in table:
        if cue in cues and facet not in out:
            out.append(facet)
    return tuple(out)


def _event(
    p: Parsed, cues: set[str], named: dict[str, list[str]], kb: KnowledgeBase, base: Answer
) -> Answer | None:
    events = named["event"]
    if not events and "festival" in cues and kb.events:
        events = list(kb.events)
    if not events and not named["partner"]:
        # "What did Rēzekne do in France?": a country with an event and no partner.
        events = [
            e.id
            for e in kb.events.values()
            if e.country in named["country"] and not kb.partners_in(e.country)
        ]
    if not events or (named["partner"] and "festival" not in cues):
        return None
    facets = _facets(cues, EVENT_FACETS) or (Facet.OVERVIEW,)
    if "count" in cues and "countries" in cues:
        facets = (Facet.COUNTRIES,)
    elif "list" in cues and Facet.COUNTRIES in facets:
        facets = (Facet.UNKNOWN, Facet.COUNTRIES)  # which 12 countries: the page only counts
    if "exact_date" in cues and any(kb.events[e].date.precision == "year" for e in events):
        facets = (Facet.UNKNOWN, *(f for f in facets if f is not Facet.UNKNOWN))
    return replace(
        base,
        kind=Kind.EVENT,
        events=tuple(events),
        facets=facets,
        followups=(Followup(Action.ALL_PARTNERS), Followup(Action.ALL_PROJECTS)),
    )


def _media(
    p: Parsed, cues: set[str], named: dict[str, list[str]], kb: KnowledgeBase, base: Answer
) -> Answer | None:
    media = named["media"]
    if not media and "film" in cues and kb.media:
        media = list(kb.media)
    if not media or named["partner"]:
        return None
    facets = _facets(cues, (("funder", Facet.FUNDER), ("projects", Facet.PROJECTS)))
    if cues & MEDIA_UNKNOWN and Facet.UNKNOWN not in facets:
        facets = (Facet.UNKNOWN, *facets)  # when, where, how long: the page does not say
    followups = tuple(
        Followup(Action.PROJECT, m.project) for m in (kb.media[i] for i in media) if m.project
    )
    return replace(
        base,
        kind=Kind.MEDIA,
        media=tuple(media),
        facets=facets or (Facet.OVERVIEW,),
        followups=followups,
    )


def _projects(
    p: Parsed, cues: set[str], named: dict[str, list[str]], kb: KnowledgeBase, base: Answer
) -> Answer | None:
    asked = "projects" in cues
    projects = named["project"]
    if not asked and not projects:
        return None
    if asked and not projects and named["field"] and not named["partner"] and not named["country"]:
        return None  # "who do we work with on EU projects": partners by field
    if named["partner"] and cues & {"fields", "signed", "prolonged", "where"}:
        return None  # "Postavy: fields and projects?": the partner card answers both
    if not asked and (named["partner"] or ("partners" in cues and named["field"])):
        return None  # "tourism partners", "Kupiškis lake": about partners, not projects
    partners = named["partner"] or [
        pid for code in named["country"] for pid in (x.id for x in kb.partners_in(code))
    ]
    if asked and named["country"] and not partners:
        return replace(
            base,
            decline_reason=DeclineReason.NO_PARTNER_IN_COUNTRY,
            unknown_name=named["country"][0],
            followups=_menu(kb),
        )
    facets = _facets(cues, PROJECT_FACETS)
    if partners and (asked or not projects):
        selected = [pr for pid in partners for pr in kb.projects_of.get(pid, ())]
        selected = list(dict.fromkeys(selected))
        if len(selected) == 1 and facets:
            # "When did the Postavy project end?": the one project, and the fact asked.
            return replace(
                base,
                kind=Kind.PROJECT,
                projects=tuple(selected),
                facets=facets,
                followups=tuple(Followup(Action.PARTNER, x) for x in partners),
            )
        return replace(
            base,
            kind=Kind.PROJECT_LIST,
            projects=tuple(selected),
            partners=tuple(partners),
            filters=Filters(countries=tuple(named["country"])),
            followups=tuple(Followup(Action.PROJECT, x) for x in selected)
            + tuple(Followup(Action.PARTNER, x) for x in partners),
        )
    if projects:
        # The project that explains most words of the question leads, then the best score.
        # (Projects from the chat's context have no words in this question.)
        tokens, scores = p.entity_tokens.get("project", {}), p.entities.get("project", {})
        top = {x: (len(tokens.get(x, ())), scores.get(x, 100.0)) for x in projects}
        best_cover, best = max(top.values())
        leaders = [x for x in projects if top[x][0] == best_cover and top[x][1] >= best - 0.5]
        if len(leaders) == 1 or (facets and len(leaders) <= 2 and best >= 90):
            chosen = tuple(leaders)
            return replace(
                base,
                kind=Kind.PROJECT,
                projects=chosen,
                facets=facets or (Facet.OVERVIEW,),
                followups=tuple(
                    Followup(Action.PARTNER, x) for pr in chosen for x in kb.projects[pr].partners
                ),
            )
        themes = tuple(dict.fromkeys(p.tokens[i].raw for x in leaders for i in tokens.get(x, ())))
        return replace(
            base,
            kind=Kind.PROJECT_LIST,
            projects=tuple(leaders),
            filters=Filters(themes=themes),
            followups=tuple(Followup(Action.PROJECT, x) for x in leaders),
        )
    year = p.years[0] if p.years else None
    selected = list(kb.projects)
    if year:
        selected = [x for x in selected if _active(kb, x, year)]
    if "count" in cues:
        return replace(base, kind=Kind.COUNT, count_of="projects", projects=tuple(selected))
    return replace(
        base,
        kind=Kind.PROJECT_LIST,
        projects=tuple(selected),
        filters=Filters(active_year=year),
        followups=tuple(Followup(Action.PROJECT, x) for x in selected),
    )


def _active(kb: KnowledgeBase, project_id: str, year: int) -> bool:
    pr = kb.projects[project_id]
    if pr.start is None:
        return False
    end = pr.end or pr.start
    return pr.start.year <= year <= end.year


def _partners(
    p: Parsed, cues: set[str], named: dict[str, list[str]], kb: KnowledgeBase, base: Answer
) -> Answer | None:
    partners = named["partner"]
    if partners:
        facets = _facets(cues, PARTNER_FACETS) or (Facet.OVERVIEW,)
        if Facet.PROJECTS in facets and len(facets) == 1:
            return None  # handled as a project list
        if "count" in cues and not set(facets) & {Facet.FIELDS, Facet.PROJECTS}:
            # "How many pupils from Zgierz visited us?": the page counts nothing of the kind.
            facets = (Facet.UNKNOWN, *(f for f in facets if f is not Facet.OVERVIEW))
        followups: list[Followup] = []
        for pid in partners[:3]:
            if kb.projects_of.get(pid):
                followups.append(Followup(Action.PARTNER_PROJECTS, pid))
            followups += [
                Followup(Action.PARTNER, x) for x in kb.partners[pid].agreement.listed_with
            ]
            followups.append(Followup(Action.PARTNERS_IN_COUNTRY, kb.partners[pid].country))
        return replace(
            base,
            kind=Kind.PARTNER,
            partners=tuple(partners),
            facets=facets,
            followups=tuple(dict.fromkeys(followups)),
        )

    countries = named["country"]
    fields = _fields(p, named)
    year = p.years[0] if p.years else None
    if countries and "fields" in cues and not fields and not year:
        in_countries = tuple(x.id for c in countries for x in kb.partners_in(c))
        if in_countries:
            return replace(
                base,
                kind=Kind.PARTNER,
                partners=in_countries,
                facets=_facets(cues, PARTNER_FACETS) or (Facet.FIELDS,),
                followups=tuple(Followup(Action.PARTNER, x) for x in in_countries),
            )
    list_cues = cues & {
        "partners",
        "countries",
        "count",
        "oldest",
        "newest",
        "signed",
        "prolonged",
        "fields",
    }
    if not (countries or fields or year or list_cues):
        return None
    if ("count" in cues and not countries and not fields and not year) or (
        "countries" in cues and not countries and not fields
    ):
        count_of = "countries" if "countries" in cues else "partners"
        return replace(
            base,
            kind=Kind.COUNT,
            count_of=count_of,
            partners=tuple(kb.partners),
            followups=tuple(Followup(Action.PARTNERS_IN_COUNTRY, c) for c in kb.countries),
        )
    selected = list(kb.partners.values())
    filters = Filters()
    if countries:
        missing = [c for c in countries if not kb.partners_in(c)]
        if missing and len(missing) == len(countries):
            return replace(
                base,
                decline_reason=DeclineReason.NO_PARTNER_IN_COUNTRY,
                unknown_name=missing[0],
                followups=_menu(kb),
            )
        selected = [x for x in selected if x.country in countries]
        filters = replace(filters, countries=tuple(countries))
    if fields:
        selected = [x for x in selected if set(x.fields) & set(fields)]
        filters = replace(filters, fields=tuple(fields))
    if year:
        signed = [x for x in selected if x.agreement.signed and x.agreement.signed.year == year]
        prolonged = [
            x for x in selected if x.agreement.prolonged and x.agreement.prolonged.year == year
        ]
        if "prolonged" in cues or (not signed and prolonged):
            selected, filters = prolonged, replace(filters, prolonged_year=year)
        else:
            selected, filters = signed, replace(filters, signed_year=year)
    superlative = (
        Superlative.OLDEST if "oldest" in cues else Superlative.NEWEST if "newest" in cues else None
    )
    if superlative and "prolonged" in cues:
        # "Which agreement was renewed most recently?": compare the prolongations.
        renewed = [x for x in selected if x.agreement.prolonged]
        if renewed:
            pick = min if superlative is Superlative.OLDEST else max
            key = pick(x.agreement.prolonged.as_date() for x in renewed if x.agreement.prolonged)
            ids = tuple(
                x.id
                for x in renewed
                if x.agreement.prolonged and x.agreement.prolonged.as_date() == key
            )
            return replace(
                base,
                kind=Kind.PARTNER,
                partners=ids,
                facets=(Facet.PROLONGED,),
                followups=tuple(Followup(Action.PARTNER, x) for x in ids),
            )
    if superlative:
        dated = [x for x in selected if x.agreement.signed]
        if dated:
            key = (min if superlative is Superlative.OLDEST else max)(
                x.agreement.signed.as_date() for x in dated if x.agreement.signed
            )
            selected = [
                x for x in dated if x.agreement.signed and x.agreement.signed.as_date() == key
            ]
        filters = replace(filters, superlative=superlative)
    ids = tuple(x.id for x in selected)
    kind = Kind.COUNT if "count" in cues else Kind.PARTNER_LIST
    return replace(
        base,
        kind=kind,
        partners=ids,
        filters=filters,
        count_of="partners" if kind is Kind.COUNT else None,
        followups=tuple(Followup(Action.PARTNER, x) for x in ids),
    )


def _fields(p: Parsed, named: dict[str, list[str]]) -> list[str]:
    """Fields asked about; a word that is also a project theme counts only for partners."""
    fields = named["field"]
    if not fields:
        return []
    # The field that explains most words of the question wins ("skolu pieredzes apmaiņa" is
    # the school exchange, not every field with "exchange" or "school" in it).
    cover = {f: len(p.entity_tokens.get("field", {}).get(f, ())) for f in fields}
    most = max(cover.values())
    return [f for f in fields if cover[f] == most]


def _faq(p: Parsed, kb: KnowledgeBase, base: Answer) -> Answer | None:
    if not kb.faq:
        return None
    text = fold(p.text)
    best: tuple[float, str] = (0.0, "")
    for entry in kb.faq.values():
        for q in entry.questions.all():
            score = fuzz.token_set_ratio(text, fold(q))
            if score > best[0]:
                best = (score, entry.id)
    if best[0] >= 85 and p.content_words >= 2:
        return replace(base, kind=Kind.FAQ, faq=(best[1],), score=best[0], followups=_menu(kb))
    return None


_NAMES_CACHE: dict[tuple[int, str], dict[str, tuple[list[str], list[str]]]] = {}


def _partner_names(kb: KnowledgeBase) -> dict[str, tuple[list[str], list[str]]]:
    """Partner names and aliases, folded, by first letter, with the partner ids (once per KB
    version: a misspelt name rarely gets its first letter wrong, and the buckets keep the
    search short with thousands of partners)."""
    key = (id(kb), kb.version)
    if key not in _NAMES_CACHE:
        buckets: dict[str, tuple[list[str], list[str]]] = {}
        for partner in kb.partners.values():
            for name in (*partner.name.values(), partner.local_name, *partner.aliases.all()):
                folded = fold(name)
                if folded:
                    names, ids = buckets.setdefault(folded[0], ([], []))
                    names.append(folded)
                    ids.append(partner.id)
        if len(_NAMES_CACHE) > 4:
            _NAMES_CACHE.clear()
        _NAMES_CACHE[key] = buckets
    return _NAMES_CACHE[key]


def _suggestions(p: Parsed, kb: KnowledgeBase, limits: Limits) -> tuple[Match, ...]:
    """Partners whose names weakly resemble the question's unexplained words."""
    buckets = _partner_names(kb)
    if not buckets or limits.max_suggestions == 0:
        return ()
    found: dict[tuple[str, str], float] = {}
    for token in p.unknown:
        word = token.folded
        if len(word) < 4:
            continue
        names, ids = buckets.get(word[0], ([], []))
        for name, score, idx in process.extract(
            word, names, scorer=fuzz.ratio, score_cutoff=limits.suggest_min_score, limit=6
        ):
            if abs(len(name) - len(word)) > max(2, len(word) // 3):
                continue  # "real" is not a misspelt "Arendal"
            key = ("partner", ids[idx])
            found[key] = max(found.get(key, 0.0), float(score))
    ranked = sorted(found.items(), key=lambda kv: -kv[1])[: limits.max_suggestions]
    return tuple(Match(kind, id_, round(score, 1)) for (kind, id_), score in ranked)
