"""The renderer's reasoning replies: verdicts, negations, superlatives, comparisons, durations
from today's date, a year's events, two-part answers and declines of requests to act."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.answer import (
    Answer,
    DeclineReason,
    Facet,
    Filters,
    Kind,
    Superlative,
    Verdict,
)
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.render import render_text

ROOT = Path(__file__).resolve().parent.parent
MUNICIPALITY = {"lv": "Testa novads", "ru": "Тестовый край", "en": "Test Municipality"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(ROOT / "knowledge")


def text(kb: KnowledgeBase, answer: Answer) -> str:
    return render_text(answer, kb, MUNICIPALITY)


@pytest.mark.parametrize(("lang", "word"), [("en", "Yes. "), ("lv", "Jā. "), ("ru", "Да. ")])
def test_a_yes_opens_the_reply(kb: KnowledgeBase, lang: str, word: str) -> None:
    answer = Answer(
        Kind.PARTNER, lang, partners=("zgierz",), facets=(Facet.PROLONGED,), verdict=Verdict.YES
    )
    assert text(kb, answer).startswith(word)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "No, Riga is not one of the twinning partners of Test Municipality."),
        ("lv", "Nē, Riga nav starp sadraudzības partneriem"),
        ("ru", "Нет, Riga не входит в число партнёров-побратимов"),
    ],
)
def test_an_unknown_place_gets_a_clear_no(kb: KnowledgeBase, lang: str, expected: str) -> None:
    answer = Answer(
        Kind.DECLINE,
        lang,
        decline_reason=DeclineReason.UNKNOWN_PLACE,
        unknown_name="Riga",
        verdict=Verdict.NO,
    )
    reply = text(kb, answer)
    assert reply.startswith(expected)
    assert kb.partners["zgierz"].name.get(lang) in reply  # then the partner list


@pytest.mark.parametrize("kind", [Kind.PARTNER_LIST, Kind.COUNT])
def test_no_partner_in_a_country_is_a_no(kb: KnowledgeBase, kind: Kind) -> None:
    answer = Answer(
        kind,
        "en",
        filters=Filters(countries=("DE",)),
        verdict=Verdict.NO,
        count_of="partners" if kind is Kind.COUNT else None,
    )
    assert text(kb, answer).startswith("No, Test Municipality has no twinning partner in Germany.")


@pytest.mark.parametrize(
    ("filters", "ids", "expected"),
    [
        (
            Filters(having=(Facet.PROJECTS,), negated=True),
            ("arendal",),
            "Partners without joint projects (1): Arendal and the Aust-Agder region.",
        ),
        (
            Filters(having=(Facet.PROLONGED,), negated=True),
            ("golbasi", "kahta"),
            "Agreements never prolonged (as far as the municipality's page says) (2): "
            "Gölbaşı and Kahta.",
        ),
        (
            Filters(fields=("school_exchange",), negated=True),
            ("postavy",),
            "Partners that do not cooperate in “Experience exchange between schools and "
            "institutions” (1): Postavy.",
        ),
        (
            Filters(countries=("LT",), negated=True),
            ("zgierz", "postavy"),
            "Partners whose country is not Lithuania (2): Zgierz and Postavy.",
        ),
        (Filters(outside_eu=True), ("arendal",), "Partners outside the EU (1):"),
        (
            Filters(having=(Facet.PROJECTS,), negated=True),
            (),
            "Partners without joint projects: none.",
        ),
    ],
)
def test_negated_lists_say_what_they_hold(
    kb: KnowledgeBase, filters: Filters, ids: tuple[str, ...], expected: str
) -> None:
    reply = text(kb, Answer(Kind.PARTNER_LIST, "en", partners=ids, filters=filters))
    assert reply.startswith(expected), reply


def test_projects_without_partners_from_a_country(kb: KnowledgeBase) -> None:
    filters = Filters(countries=("LT",), negated=True)
    answer = Answer(Kind.PROJECT_LIST, "en", projects=("cycling_net",), filters=filters)
    assert text(kb, answer).startswith("Joint projects without partners from Lithuania (1):")


def test_superlatives_over_facts(kb: KnowledgeBase) -> None:
    most_fields = max(kb.partners.values(), key=lambda p: len(p.fields))
    answer = Answer(
        Kind.PARTNER,
        "en",
        partners=(most_fields.id,),
        facets=(Facet.FIELDS,),
        filters=Filters(superlative=Superlative.MOST, rank_by=Facet.FIELDS),
    )
    assert text(kb, answer).startswith(
        f"Most cooperation fields: {most_fields.name.get('en')} ({len(most_fields.fields)})."
    )
    dated = [p for p in kb.projects.values() if p.start and p.end]
    longest = max(dated, key=lambda p: p.end.as_date(last=True) - p.start.as_date())  # type: ignore[union-attr]
    answer = Answer(
        Kind.PROJECT,
        "en",
        projects=(longest.id,),
        facets=(Facet.DATES,),
        filters=Filters(superlative=Superlative.MOST, rank_by=Facet.DURATION),
    )
    reply = text(kb, answer)
    assert reply.startswith(f"The longest project: “{longest.title.get('en')}” (")
    assert "year" in reply.split("\n")[0] or "month" in reply.split("\n")[0]


def test_a_comparison_with_a_verdict(kb: KnowledgeBase) -> None:
    answer = Answer(
        Kind.COMPARE,
        "en",
        partners=("arendal", "zgierz"),
        compared=Facet.SIGNED,
        verdict=Verdict.YES,
    )
    assert text(kb, answer).startswith(
        "Yes. The agreement with Arendal and the Aust-Agder region (1995) is older than the "
        "one with Zgierz (2000)."
    )


def test_a_neutral_comparison_and_an_unknown_value(kb: KnowledgeBase) -> None:
    neutral = Answer(Kind.COMPARE, "en", partners=("arendal", "zgierz"), compared=Facet.SIGNED)
    assert text(kb, neutral).startswith(
        "Arendal and the Aust-Agder region: 1995; Zgierz: 2000 — Arendal and the Aust-Agder "
        "region first."
    )
    unknown = Answer(
        Kind.COMPARE,
        "en",
        partners=("zgierz", "kupiskis"),
        compared=Facet.SIGNED,
        facets=(Facet.UNKNOWN,),
    )
    reply = text(kb, unknown)
    assert reply.startswith(
        "I can't compare them: the municipality's page does not give the date for Kupiškis."
    )
    assert "I don't know that" not in reply


@pytest.mark.parametrize(
    ("today", "lang", "expected"),
    [
        (dt.date(2026, 1, 1), "en", "Zgierz: partners since 2000 — 26 years."),
        (dt.date(2026, 1, 1), "lv", "Zgeža: partneri kopš 2000. gada — 26 gadi."),
        (dt.date(2021, 1, 1), "ru", "Згеж: партнёры с 2000 года — 21 год."),
    ],
)
def test_since_counts_years_from_today(
    kb: KnowledgeBase, today: dt.date, lang: str, expected: str
) -> None:
    answer = Answer(Kind.PARTNER, lang, partners=("zgierz",), facets=(Facet.SINCE,), today=today)
    assert text(kb, answer).startswith(expected)


def test_since_before_the_anniversary_and_unknown(kb: KnowledgeBase) -> None:
    before = Answer(
        Kind.PARTNER, "en", partners=("golbasi",), facets=(Facet.SINCE,), today=dt.date(2026, 9, 1)
    )
    assert text(kb, before).startswith("Gölbaşı: partners since 2011 — 14 years.")
    unknown = Answer(Kind.PARTNER, "en", partners=("kupiskis",), facets=(Facet.SINCE,))
    assert text(kb, unknown).startswith("I don't know since when Kupiškis has been a partner")


def test_contact_person_not_named(kb: KnowledgeBase) -> None:
    answer = Answer(Kind.PARTNER, "en", partners=("zgierz",), facets=(Facet.CONTACT,))
    assert text(kb, answer).startswith(
        "The municipality's page does not name a contact person for Zgierz."
    )


def test_a_year(kb: KnowledgeBase) -> None:
    answer = Answer(
        Kind.YEAR,
        "en",
        partners=("golbasi", "kahta", "birzai"),
        events=("mayenne_festival_2011",),
        filters=Filters(year=2011),
    )
    reply = text(kb, answer)
    assert reply.startswith("In 2011:\n• agreements entered into: Gölbaşı, Kahta, and Biržai")
    assert "events: European Festival in Mayenne" in reply
    nothing = Answer(Kind.YEAR, "en", filters=Filters(year=1990))
    assert text(kb, nothing) == "The municipality's page mentions nothing for 1990."


def test_two_parts_are_both_answered(kb: KnowledgeBase) -> None:
    parts = (
        Answer(Kind.PARTNER, "en", partners=("zgierz",), facets=(Facet.SIGNED,)),
        Answer(Kind.PARTNER, "lv", partners=("birzai",), facets=(Facet.SIGNED,)),
    )
    reply = text(kb, Answer(Kind.MULTI, "en", parts=parts))
    assert reply.startswith("The agreement with Zgierz was entered into in 2000")
    assert "Birži" in reply


def test_a_request_to_act_shows_what_is_known(kb: KnowledgeBase) -> None:
    answer = Answer(Kind.DECLINE, "en", decline_reason=DeclineReason.ACTION, partners=("birzai",))
    reply = text(kb, answer)
    assert reply.startswith("I can't do that (I only answer questions), but here is what I know:")
    assert "Biržai" in reply
    bare = text(kb, Answer(Kind.DECLINE, "en", decline_reason=DeclineReason.ACTION))
    assert bare.startswith("I can't do that: I only answer questions.")
    assert "You can ask me, for example:" in bare


def test_an_injection_gets_a_short_kind_answer(kb: KnowledgeBase) -> None:
    reply = text(kb, Answer(Kind.DECLINE, "en", decline_reason=DeclineReason.INJECTION))
    assert reply.startswith(
        "I only answer questions about the international cooperation of Test Municipality."
    )


def test_a_project_count_states_what_it_counted(kb: KnowledgeBase) -> None:
    with_partners = tuple(x for x, p in kb.projects.items() if p.partners)
    answer = Answer(Kind.COUNT, "en", count_of="projects", projects=with_partners)
    assert text(kb, answer).startswith(
        f"The municipality's page lists {len(with_partners)} joint projects, all with twinning "
        "partners."
    )
    lithuania = Answer(
        Kind.COUNT,
        "en",
        count_of="projects",
        projects=with_partners[:1],
        filters=Filters(countries=("LT",)),
    )
    assert text(kb, lithuania).startswith("1 joint project with partners in Lithuania.")
