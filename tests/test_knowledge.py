"""The shipped knowledge base: it validates, and it holds every fact of the source page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge import KnowledgeBase, PartialDate, load_knowledge
from bot.knowledge.schema import FILE_MODELS

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE)


def test_shipped_knowledge_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(KNOWLEDGE)]) == 0
    assert "the knowledge base is valid" in capsys.readouterr().out


def test_every_file_points_editors_to_its_schema() -> None:
    for name in FILE_MODELS:
        first = (KNOWLEDGE / name).read_text(encoding="utf-8").splitlines()[0]
        stem = Path(name).stem
        assert first == f"# yaml-language-server: $schema=./schema/{stem}.schema.json"
        assert (KNOWLEDGE / "schema" / f"{stem}.schema.json").is_file()


def test_committed_schema_matches_the_models(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    for path in tmp_path.iterdir():
        committed = KNOWLEDGE / "schema" / path.name
        assert json.loads(path.read_text()) == json.loads(committed.read_text()), (
            f"{committed} is stale: run 'twinning-bot schema'"
        )


def test_every_schema_property_has_a_description() -> None:
    for name in FILE_MODELS:
        schema = json.loads((KNOWLEDGE / "schema" / f"{Path(name).stem}.schema.json").read_text())
        for model_name, model in schema.get("$defs", {}).items():
            for prop, spec in model.get("properties", {}).items():
                assert "description" in spec, f"{model_name}.{prop} has no description"


# --------------------------------------------------------------------------- the source's facts

PARTNER_FACTS = [
    # id, country, signed, prolonged, fields
    ("arendal", "NO", PartialDate(1995), PartialDate(2008),
     {"school_exchange", "official_delegations"}),
    ("zgierz", "PL", PartialDate(2000), PartialDate(2007),
     {"school_exchange", "official_delegations"}),
    ("kupiskis", "LT", None, PartialDate(2007), {"school_exchange", "official_delegations"}),
    ("postavy", "BY", None, PartialDate(2007), {"folk_art_exchange", "official_delegations"}),
    ("golbasi", "TR", PartialDate(2011, 9, 23), None,
     {"tourism_culture", "lake_management", "ecological_agriculture", "education",
      "municipal_services", "eu_projects"}),
    ("kahta", "TR", PartialDate(2011, 9, 23), None,
     {"tourism_culture", "lake_management", "ecological_agriculture", "education",
      "municipal_services", "eu_projects"}),
    ("birzai", "LT", PartialDate(2011, 9, 23), None,
     {"tourism_culture", "lake_management", "ecological_agriculture", "education",
      "municipal_services", "eu_projects"}),
]  # fmt: skip


@pytest.mark.parametrize(("pid", "country", "signed", "prolonged", "fields"), PARTNER_FACTS)
def test_partner_facts(
    kb: KnowledgeBase,
    pid: str,
    country: str,
    signed: PartialDate | None,
    prolonged: PartialDate | None,
    fields: set[str],
) -> None:
    partner = kb.partners[pid]
    assert partner.country == country
    assert partner.agreement.signed == signed
    assert partner.agreement.prolonged == prolonged
    assert set(partner.fields) == fields
    assert partner.location is not None  # every partner of the page has coordinates
    assert -90 <= partner.location.lat <= 90 and -180 <= partner.location.lon <= 180


def test_exactly_the_source_partners(kb: KnowledgeBase) -> None:
    assert set(kb.partners) == {p[0] for p in PARTNER_FACTS}


@pytest.mark.parametrize(
    ("pid", "lv", "ru"),
    [("zgierz", "Zgeža", "Згеж"), ("kupiskis", "Kupišķi", "Купишкис"),
     ("postavy", "Pastavi", "Поставы"), ("birzai", "Birži", "Биржай"),
     ("golbasi", "Gelbaši", "Гёльбаши"), ("kahta", "Kahta", "Кяхта")],
)  # fmt: skip
def test_names_in_latvian_and_russian(kb: KnowledgeBase, pid: str, lv: str, ru: str) -> None:
    assert kb.partners[pid].name.lv == lv
    assert kb.partners[pid].name.ru == ru


def test_regions_and_shared_agreement(kb: KnowledgeBase) -> None:
    assert kb.partners["golbasi"].region is not None
    assert "Ankara" in (kb.partners["golbasi"].region.en or "")
    assert kb.partners["kahta"].region is not None
    assert "Adıyaman" in (kb.partners["kahta"].region.en or "")
    assert kb.partners["golbasi"].agreement.listed_with == ["kahta"]
    assert kb.partners["kahta"].agreement.listed_with == ["golbasi"]
    arendal = kb.partners["arendal"]
    assert "Aust-Agder" in (arendal.name.en or "") and "Arendal" in (arendal.name.en or "")


@pytest.mark.parametrize(
    ("project", "partners", "start", "end", "source_title"),
    [
        ("kupiskis_lagoon_tourism", ["kupiskis"], PartialDate(2009, 3, 20), PartialDate(2011, 3),
         "SUSTAINABLE TOURISM DEVELOPMENT AT KUPISKIS LAGOON (LITHUANIA) AND LAKE LUBAN (LATVIA)"),
        ("kupiskis_water_tourism", ["kupiskis"], PartialDate(2007, 7, 1),
         PartialDate(2007, 12, 31),
         "SUSTAINABLE WATER TOURISM DEVELOPMENT IN KUPISKIS (LITHUANIA) AND REZEKNE (LATVIA) "
         "REGIONS"),
        ("cycling_net", ["postavy"], PartialDate(2006, 1, 16), PartialDate(2007, 10, 31),
         "EXCITING CYCLING NET IN THE BALTIC COUNTRY OF LAKES"),
        ("neighbors_twinning", [], None, None, "Neighbors: Enlarging Twinning Community"),
    ],
)  # fmt: skip
def test_project_facts(
    kb: KnowledgeBase,
    project: str,
    partners: list[str],
    start: PartialDate | None,
    end: PartialDate | None,
    source_title: str,
) -> None:
    pr = kb.projects[project]
    assert pr.partners == partners
    assert pr.start == start and pr.end == end
    assert pr.original_title == source_title
    source = (ROOT / "tests" / "data" / "source.txt").read_text(encoding="utf-8")
    assert source_title in source


def test_month_precision_is_kept(kb: KnowledgeBase) -> None:
    end = kb.projects["kupiskis_lagoon_tourism"].end
    assert end is not None and end.precision == "month"
    start = kb.projects["kupiskis_lagoon_tourism"].start
    assert start is not None and start.precision == "day"
    assert kb.partners["zgierz"].agreement.signed is not None
    assert kb.partners["zgierz"].agreement.signed.precision == "year"


def test_partner_projects_are_linked(kb: KnowledgeBase) -> None:
    assert kb.projects_of["kupiskis"] == ("kupiskis_lagoon_tourism", "kupiskis_water_tourism")
    assert kb.projects_of["postavy"] == ("cycling_net",)
    assert kb.projects_of["zgierz"] == ()


def test_festival_facts(kb: KnowledgeBase) -> None:
    (festival,) = kb.events.values()
    assert festival.country == "FR" and festival.place.en == "Mayenne"
    assert festival.date == PartialDate(2011)
    assert festival.delegation_size == 30
    assert festival.participants_more_than == 800
    assert festival.countries_count == 12
    assert festival.duration_days == 2
    assert festival.programme is not None and festival.programme.en == "Europe for Citizens"
    assert festival.activities is not None
    assert "sport competitions" in (festival.activities.en or "")
    assert "culture" in (festival.activities.en or "")


def test_film_facts(kb: KnowledgeBase) -> None:
    (film,) = kb.media.values()
    assert film.kind == "film"
    assert film.original_title == "Friends. Infinite Story on Twinning"
    assert film.project == "neighbors_twinning"
    assert film.funder is not None and film.funder.en == "the European Commission"
    assert "twinning relationships" in (film.about.en or "")


def test_every_text_exists_in_each_language(kb: KnowledgeBase) -> None:
    for partner in kb.partners.values():
        for lang in ("lv", "ru", "en"):
            assert getattr(partner.name, lang)
    for field in kb.fields.values():
        assert field.name.lv and field.name.ru and field.name.en
