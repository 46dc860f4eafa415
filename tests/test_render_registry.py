"""The renderer's registries are complete (in the manner of sqlite-utils' "every command is
documented" test): every Kind has a renderer, every Facet is worded, every decline and small
talk is translated, events and media are worded by their kind, and no municipality's names
live in bot/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.answer import Answer, DeclineReason, Facet, Filters, Kind, SmallTalk, Superlative
from bot.config import Settings
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.render import render_html, render_text
from bot.render.formats import EU_COUNTRIES
from bot.render.html import RENDERERS
from bot.render.i18n import recording_missing
from bot.render.kinds import EVENT_WORDS, MEDIA_WORDS
from bot.transport.keyboards import MENU
from bot.transport.views import Page, main_menu_keyboard

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("lv", "ru", "en")
MUNICIPALITY = {"lv": "Testa novads", "ru": "Тестовый край", "en": "Test Municipality"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(ROOT / "knowledge")


def text(kb: KnowledgeBase, answer: Answer) -> str:
    return render_text(answer, kb, MUNICIPALITY)


# --------------------------------------------------------------------------- kinds


def test_every_kind_has_a_renderer() -> None:
    assert set(RENDERERS) == set(Kind)


def test_every_event_and_media_kind_has_words() -> None:
    schema = (ROOT / "bot/knowledge/schema.py").read_text()
    declared = re.findall(
        r'"([a-z_]+)"', schema[schema.index("EventKind") : schema.index("class Event(")]
    )
    events, media = declared[: declared.index("film")], declared[declared.index("film") :]
    assert set(events) <= set(EVENT_WORDS), set(events) - set(EVENT_WORDS)
    assert set(media) <= set(MEDIA_WORDS), set(media) - set(MEDIA_WORDS)


# --------------------------------------------------------------------------- facets

# One Answer per Facet about a real entry of the shipped knowledge base, and a word of the fact.
FACET_CASES: dict[Facet, tuple[Answer, str]] = {
    Facet.OVERVIEW: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "twinning partner"),
    Facet.SIGNED: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "entered into in 2000"),
    Facet.PROLONGED: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "prolonged in 2007"),
    Facet.SINCE: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "partners since 2000"),
    Facet.AGO: (Answer(Kind.EVENT, "en", events=("mayenne_festival_2011",)), "years ago"),
    Facet.APART: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "prolonged 7 years after"),
    Facet.FIELDS: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "Cooperation with"),
    Facet.PROJECTS: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "joint project"),
    Facet.CONTACT: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "contact person"),
    Facet.LOCATION: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "is in Poland"),
    Facet.DATES: (Answer(Kind.PROJECT, "en", projects=("cycling_net",)), "ran from"),
    Facet.START: (Answer(Kind.PROJECT, "en", projects=("cycling_net",)), "started"),
    Facet.END: (Answer(Kind.PROJECT, "en", projects=("cycling_net",)), "ended"),
    Facet.PARTNERS: (Answer(Kind.PROJECT, "en", projects=("cycling_net",)), "Partners of"),
    Facet.DURATION: (Answer(Kind.PROJECT, "en", projects=("cycling_net",)), "lasted"),
    Facet.WHEN: (Answer(Kind.EVENT, "en", events=("mayenne_festival_2011",)), "took place in 2011"),
    Facet.WHERE: (
        Answer(Kind.EVENT, "en", events=("mayenne_festival_2011",)),
        "took place in Mayenne",
    ),
    Facet.DELEGATION: (
        Answer(Kind.EVENT, "en", events=("mayenne_festival_2011",)),
        "delegation of 30",
    ),
    Facet.PARTICIPANTS: (
        Answer(Kind.EVENT, "en", events=("mayenne_festival_2011",)),
        "more than 800",
    ),
    Facet.COUNTRIES: (Answer(Kind.EVENT, "en", events=("mayenne_festival_2011",)), "came from 12"),
    Facet.ACTIVITIES: (Answer(Kind.EVENT, "en", events=("mayenne_festival_2011",)), "included"),
    Facet.PROGRAMME: (
        Answer(Kind.EVENT, "en", events=("mayenne_festival_2011",)),
        "framework of the programme",
    ),
    Facet.FUNDER: (Answer(Kind.MEDIA, "en", media=("film_friends",)), "funded with the support"),
    Facet.UNKNOWN: (Answer(Kind.PARTNER, "en", partners=("zgierz",)), "I don't know that"),
}


def test_every_facet_has_a_case() -> None:
    assert set(FACET_CASES) == set(Facet)


@pytest.mark.parametrize("facet", list(Facet))
def test_every_facet_is_worded(kb: KnowledgeBase, facet: Facet) -> None:
    base, fact = FACET_CASES[facet]
    from dataclasses import replace

    asked = text(kb, replace(base, facets=(facet,)))
    assert fact in asked.split("\n\n")[0], asked
    if facet is not Facet.OVERVIEW:
        assert asked != text(kb, replace(base, facets=(Facet.OVERVIEW,)))


# --------------------------------------------------------------------------- translations


def _every_answer(kb: KnowledgeBase, lang: str) -> list[Answer]:
    out = [Answer(Kind.DECLINE, lang, decline_reason=r, unknown_name="DE") for r in DeclineReason]
    out += [Answer(Kind.SMALLTALK, lang, smalltalk=s) for s in SmallTalk]
    for facet in Facet:
        base, _ = FACET_CASES[facet]
        out.append(
            Answer(
                base.kind,
                lang,
                facets=(facet,),
                partners=base.partners,
                projects=base.projects,
                events=base.events,
                media=base.media,
            )
        )
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_reply_is_translated(kb: KnowledgeBase, lang: str) -> None:
    with recording_missing() as missing:
        for answer in _every_answer(kb, lang):
            assert render_html(answer, kb, MUNICIPALITY).strip()
    assert not missing, sorted(missing)


def test_recording_missing_catches_a_missing_translation() -> None:
    from bot.render import t

    with recording_missing() as missing:
        t("lv", "Not in any catalogue")
        t("en", "Not in any catalogue either")
    assert missing == {("lv", "Not in any catalogue")}


# --------------------------------------------------------------------------- kinds of events


KB2 = ROOT / "tests/kb2/knowledge"

FIXTURE = {
    "fields.yaml": {
        "fields": [{"id": "youth", "name": {"en": "Youth", "lv": "Jaunatne", "ru": "Молодёжь"}}]
    },
    "partners.yaml": {
        "partners": [
            {
                "id": "batumi",
                "name": {"en": "Batumi", "lv": "Batumi", "ru": "Батуми"},
                "local_name": "ბათუმი",
                "country": "GE",
                "location": {"lat": 41.64, "lon": 41.63},
                "fields": ["youth"],
                "agreement": {"signed": "2014-05-20"},
            }
        ]
    },
    "projects.yaml": {
        "projects": [
            {
                "id": "bridges",
                "title": {"en": "Bridges", "lv": "Tilti", "ru": "Мосты"},
                "original_title": "Bridges",
                "partners": ["batumi"],
                "start": "2015-03",
                "end": "2016-02",
                "about": {
                    "en": "Youth exchanges.",
                    "lv": "Jauniešu apmaiņa.",
                    "ru": "Молодёжные обмены.",
                },
            }
        ]
    },
    "events.yaml": {
        "events": [
            {
                "id": "youth_camp",
                "kind": "camp",
                "name": {
                    "en": "Black Sea Youth Camp",
                    "lv": "Melnās jūras jauniešu nometne",
                    "ru": "Черноморский молодёжный лагерь",
                },
                "country": "GE",
                "place": {"en": "Batumi", "lv": "Batumi", "ru": "Батуми"},
                "date": "2016-07",
                "duration_days": 5,
                "participants": 64,
                "countries_count": 4,
                "about": {"en": "A summer camp.", "lv": "Vasaras nometne.", "ru": "Летний лагерь."},
            },
            {
                "id": "business_forum",
                "kind": "forum",
                "name": {"en": "Business Forum", "lv": "Biznesa forums", "ru": "Бизнес-форум"},
                "country": "GE",
                "place": {"en": "Tbilisi", "lv": "Tbilisi", "ru": "Тбилиси"},
                "date": 2017,
                "about": {"en": "A forum.", "lv": "Forums.", "ru": "Форум."},
            },
        ]
    },
    "media.yaml": {
        "media": [
            {
                "id": "album",
                "kind": "photo_album",
                "title": {
                    "en": "Faces of Friendship",
                    "lv": "Draudzības sejas",
                    "ru": "Лица дружбы",
                },
                "original_title": "Faces of Friendship",
                "project": "bridges",
                "funder": {
                    "en": "the city council",
                    "lv": "pilsētas dome",
                    "ru": "городской совет",
                },
                "about": {"en": "Photos.", "lv": "Fotogrāfijas.", "ru": "Фотографии."},
            }
        ]
    },
}


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """A camp and a forum in Georgia and a photo album, through the real loader."""
    root = tmp_path_factory.mktemp("knowledge")
    for name, content in FIXTURE.items():
        (root / name).write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return load_knowledge(root)


@pytest.fixture(scope="module")
def kinds_kb(small_kb: KnowledgeBase) -> KnowledgeBase:
    """A knowledge base with a camp and a forum outside the EU and a photo album: the
    invented municipality of tests/kb2 if it has them, else the small one above."""
    if KB2.is_dir():
        kb2 = load_knowledge(KB2)
        kinds = {e.kind for e in kb2.events.values()}
        outside = any(
            e.countries_count and e.country not in EU_COUNTRIES for e in kb2.events.values()
        )
        exact = any(e.participants for e in kb2.events.values())
        album = any(m.kind == "photo_album" and m.funder for m in kb2.media.values())
        if {"camp", "forum"} <= kinds and outside and exact and album:
            return kb2
    return small_kb


def _of_kind(kb: KnowledgeBase, kind: str) -> str:
    return next(e.id for e in kb.events.values() if e.kind == kind)


@pytest.mark.parametrize(
    ("lang", "lasted"),
    [("en", "The camp lasted"), ("lv", "Nometne ilga"), ("ru", "Лагерь длился")],
)
def test_a_camp_is_a_camp(kinds_kb: KnowledgeBase, lang: str, lasted: str) -> None:
    camp = _of_kind(kinds_kb, "camp")
    answer = Answer(Kind.EVENT, lang, events=(camp,), facets=(Facet.DURATION, Facet.COUNTRIES))
    with recording_missing() as missing:
        reply = text(kinds_kb, answer)
    assert not missing
    assert reply.startswith(lasted), reply
    for festival in ("festival", "festivāl", "фестивал"):
        assert festival not in reply.casefold()


def test_countries_of_an_event_outside_the_eu_are_not_eu_countries(kinds_kb: KnowledgeBase) -> None:
    event = next(
        e for e in kinds_kb.events.values() if e.countries_count and e.country not in EU_COUNTRIES
    )
    reply = text(kinds_kb, Answer(Kind.EVENT, "en", events=(event.id,), facets=(Facet.COUNTRIES,)))
    assert "EU" not in reply
    assert f"Countries: {event.countries_count}" in reply


def test_an_exact_participant_count_is_shown(kinds_kb: KnowledgeBase) -> None:
    event = next(e for e in kinds_kb.events.values() if e.participants)
    reply = text(
        kinds_kb, Answer(Kind.EVENT, "en", events=(event.id,), facets=(Facet.PARTICIPANTS,))
    )
    assert f"There were {event.participants} participants" in reply
    assert "more than" not in reply


@pytest.mark.parametrize(
    ("lang", "where"),
    [
        ("en", "The forum took place in"),
        ("lv", "Foruma norises vieta"),
        ("ru", "Место проведения форума"),
    ],
)
def test_a_forum_is_a_forum(kinds_kb: KnowledgeBase, lang: str, where: str) -> None:
    forum = _of_kind(kinds_kb, "forum")
    reply = text(kinds_kb, Answer(Kind.EVENT, lang, events=(forum,), facets=(Facet.WHERE,)))
    assert reply.startswith(where), reply


@pytest.mark.parametrize(
    ("lang", "funded"),
    [("en", "The photo album “"), ("lv", "Fotoalbums „"), ("ru", "Финансирование фотоальбома «")],
)
def test_a_photo_album_is_no_film(kinds_kb: KnowledgeBase, lang: str, funded: str) -> None:
    album = next(m.id for m in kinds_kb.media.values() if m.kind == "photo_album")
    answer = Answer(Kind.MEDIA, lang, media=(album,), facets=(Facet.FUNDER, Facet.PROJECTS))
    reply = text(kinds_kb, answer)
    assert reply.startswith(funded), reply
    assert "film" not in reply.casefold() and "фильм" not in reply.casefold()
    assert reply.split("\n\n")[1].startswith("📷")


def test_menu_has_a_button_per_kind(small_kb: KnowledgeBase) -> None:
    page = Page(small_kb, Settings(), "en", MENU, None)
    keyboard = main_menu_keyboard(page)
    assert keyboard is not None
    labels = [b.text for row in keyboard.inline_keyboard for b in row]
    assert "🏕 Camp" in labels and "💼 Forum" in labels and "📷 Photo album" in labels
    assert not any("Festival" in x or "Film" in x for x in labels)


def test_help_examples_come_from_the_knowledge_base(kinds_kb: KnowledgeBase) -> None:
    reply = text(kinds_kb, Answer(Kind.SMALLTALK, "en", smalltalk=SmallTalk.HELP))
    partner = next(iter(kinds_kb.partners.values()))
    assert partner.name.get("en") in reply
    assert "How long did the camp in" in reply
    assert "Who funded the photo album?" in reply


# --------------------------------------------------------------------------- no names in bot/


def _names() -> set[str]:
    """Every name of the shipped partners and event places, and the home municipality's."""
    names: set[str] = set()
    for p in yaml.safe_load((ROOT / "knowledge/partners.yaml").read_text())["partners"]:
        names |= set(p["name"].values()) | {p["local_name"]}
        for words in (p.get("aliases") or {}).values():
            names |= set(words)
    for e in yaml.safe_load((ROOT / "knowledge/events.yaml").read_text())["events"]:
        names |= set(e["place"].values())
    settings = yaml.safe_load((ROOT / "config/settings.yaml").read_text())
    names |= set(settings.get("municipality", {}).values())
    for stems in settings.get("home_names", {}).values():
        names |= {s.rstrip("*") + "*" for s in stems}
    return {n for n in names if len(n.strip("*")) >= 4}


def _pattern() -> re.Pattern[str]:
    parts = [
        re.escape(n[:-1]) + r"\w*" if n.endswith("*") else re.escape(n)
        for n in sorted(_names(), key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


# Files of other areas that still name the shipped municipality: a ratchet, not a licence.
# Remove a file from here when it is cleaned; a clean file listed here fails the test.
NOT_YET_CLEAN: set[str] = set()

SOURCES = sorted(
    str(p.relative_to(ROOT)) for p in ROOT.glob("bot/**/*") if p.suffix in (".py", ".po")
)


@pytest.mark.parametrize("path", SOURCES)
def test_no_municipality_or_partner_names_in_bot(path: str) -> None:
    hits = sorted({m.group(0) for m in _pattern().finditer((ROOT / path).read_text())})
    if path in NOT_YET_CLEAN:
        if not hits:
            pytest.fail(f"{path} is clean now: remove it from NOT_YET_CLEAN")
        pytest.xfail(f"not yet clean: {hits[:5]}")
    assert not hits, f"{path} names {hits}: take them from the knowledge base or the settings"


def test_the_name_list_is_read_from_the_knowledge_base() -> None:
    names = {n.casefold() for n in _names()}
    kb = load_knowledge(ROOT / "knowledge")
    for partner in kb.partners.values():
        assert partner.name.get("en").casefold() in names


def test_superlative_without_rank_by_keeps_the_agreement_date(kb: KnowledgeBase) -> None:
    answer = Answer(
        Kind.PARTNER_LIST,
        "en",
        partners=("arendal",),
        filters=Filters(superlative=Superlative.OLDEST),
    )
    assert text(kb, answer).startswith("The oldest agreement is with Arendal")
