"""Round-trip editing of the knowledge files: what staff wrote by hand (comments, order,
quoting, flow lists, blank lines) survives an edit, and the result still validates."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import load_knowledge
from bot.knowledge.yamledit import (
    SECTIONS,
    YamlEditError,
    add_phrase,
    entry,
    id_key,
    remove_entry,
    sections,
    upsert_entry,
)

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    return tmp_path / "knowledge"


def shipped(name: str) -> bytes:
    return (KNOWLEDGE / name).read_bytes()


def validate(folder: Path, name: str, content: bytes) -> None:
    """Write the edited file into the copy and load the whole knowledge base from it."""
    (folder / name).write_bytes(content)
    load_knowledge(folder)


def added_lines(before: bytes, after: bytes) -> list[str]:
    old = before.decode().splitlines()
    return [line for line in after.decode().splitlines() if line not in old]


def removed_lines(before: bytes, after: bytes) -> list[str]:
    new = after.decode().splitlines()
    return [line for line in before.decode().splitlines() if line not in new]


@pytest.mark.parametrize("section", list(SECTIONS))
def test_writing_back_every_entry_unchanged_gives_the_same_bytes(section: str) -> None:
    content = shipped(SECTIONS[section])
    ids = sections(content)[section]
    assert ids, section
    for entry_id in ids:
        data = entry(content, section, entry_id)
        assert data is not None and data[id_key(section)] == entry_id
        assert upsert_entry(content, section, data) == content, entry_id


def test_a_changed_value_is_replaced_in_place_and_the_comments_stay(folder: Path) -> None:
    content = shipped("countries.yaml")
    data = entry(content, "countries", "NO")
    assert data is not None
    data["keywords"]["en"].append("Norge")
    out = upsert_entry(content, "countries", data)
    assert removed_lines(content, out) == ["      en: [Norway, Norwegian]"]
    assert added_lines(content, out) == ["      en: [Norway, Norwegian, Norge]"]
    text = out.decode()
    assert text.startswith("# yaml-language-server: $schema=./schema/countries.schema.json\n")
    assert '  - code: "NO"   # quoted: a bare NO would be read as "false"\n' in text
    validate(folder, "countries.yaml", out)


def test_keys_absent_from_the_data_are_removed_and_new_ones_go_where_the_schema_lists_them(
    folder: Path,
) -> None:
    content = shipped("partners.yaml")
    data = entry(content, "partners", "arendal")
    assert data is not None
    del data["region"]
    data["contact"] = {"en": "Kari Nordmann: head", "lv": "Kari Nordmane", "ru": "Кари Нордман"}
    data["summary"] = {"en": "Schools, since 1995", "lv": "Skolas", "ru": "Школы"}
    out = upsert_entry(content, "partners", data)
    text = out.decode()
    arendal = text[text.index("  - id: arendal") : text.index("  - id: zgierz")]
    assert "region:" not in arendal
    # summary and contact come after the agreement, as in the schema; the texts keep the
    # file's order of languages (en, lv, ru) and a colon followed by a space is quoted
    assert arendal.endswith(
        "    agreement:\n      signed: 1995\n      prolonged: 2008\n"
        "    summary:\n      en: Schools, since 1995\n      lv: Skolas\n      ru: Школы\n"
        '    contact:\n      en: "Kari Nordmann: head"\n      lv: Kari Nordmane\n'
        "      ru: Кари Нордман\n\n"
    ), arendal
    validate(folder, "partners.yaml", out)
    kb = load_knowledge(folder)
    assert kb.partners["arendal"].contact is not None
    assert kb.partners["arendal"].contact.get("en") == "Kari Nordmann: head"
    assert kb.partners["arendal"].region is None


def test_removing_the_last_key_of_an_entry_keeps_the_blank_line_before_the_next() -> None:
    content = shipped("partners.yaml")
    data = entry(content, "partners", "arendal")
    assert data is not None
    del data["agreement"]
    text = upsert_entry(content, "partners", data).decode()
    assert "    fields: [school_exchange, official_delegations]\n\n  - id: zgierz\n" in text


def test_a_new_entry_is_appended_like_its_neighbours_and_validates(folder: Path) -> None:
    content = shipped("partners.yaml")
    new: dict[str, Any] = {
        "id": "valga_example",
        "name": {"en": "Valga", "lv": "Valka", "ru": "Валга"},
        "local_name": "Valga",
        "aliases": {"other": ["Walk, Livonia", "NO"]},
        "country": "EE",
        "location": {"lat": 57.78, "lon": 26.05},
        "fields": ["school_exchange"],
        "agreement": {"signed": "2012-05-14", "prolonged": "2017"},
    }
    out = upsert_entry(content, "partners", new)
    assert out.startswith(content.rstrip(b"\n") + b"\n\n  - id: valga_example\n")
    tail = out.decode().split("  - id: valga_example\n")[1]
    assert tail == (
        "    name:\n      en: Valga\n      lv: Valka\n      ru: Валга\n"
        "    local_name: Valga\n"
        '    aliases:\n      other: ["Walk, Livonia", "NO"]\n'
        "    country: EE\n"
        "    location: {lat: 57.78, lon: 26.05}\n"
        "    fields: [school_exchange]\n"
        "    agreement:\n      signed: 2012-05-14\n      prolonged: 2017\n"
    )
    validate(folder, "partners.yaml", out)
    kb = load_knowledge(folder)
    assert kb.partners["valga_example"].aliases.other == ["Walk, Livonia", "NO"]
    assert str(kb.partners["valga_example"].agreement.signed) == "2012-05-14"


def test_a_new_country_goes_at_the_end_without_a_blank_line_as_in_the_file(folder: Path) -> None:
    content = shipped("countries.yaml")
    data = {"code": "EE", "keywords": {"en": ["Estonia"], "lv": ["Igaunija"], "ru": ["Эстония"]}}
    out = upsert_entry(content, "countries", data)
    assert out == content + (
        b"  - code: EE\n    keywords:\n      en: [Estonia]\n      lv: [Igaunija]\n"
        + "      ru: [Эстония]\n".encode()
    )
    validate(folder, "countries.yaml", out)
    assert entry(out, "countries", "EE") == data


def test_the_country_code_no_is_written_quoted(folder: Path) -> None:
    content = remove_entry(shipped("countries.yaml"), "countries", "NO")
    out = upsert_entry(content, "countries", {"code": "NO", "keywords": {}})
    assert '  - code: "NO"\n' in out.decode()
    validate(folder, "countries.yaml", out)


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_removing_an_entry_leaves_the_others_as_they_were(folder: Path, position: str) -> None:
    content = shipped("partners.yaml")
    ids = sections(content)["partners"]
    victim = {"first": ids[0], "middle": ids[len(ids) // 2], "last": ids[-1]}[position]
    out = remove_entry(content, "partners", victim)
    assert sections(out)["partners"] == [i for i in ids if i != victim]
    for other in ids:
        if other != victim:
            assert entry(out, "partners", other) == entry(content, "partners", other)
    # putting it back at the end gives the other entries' layout: one blank line between
    text = out.decode()
    assert "\n\n\n" not in text and text.endswith("\n") and not text.endswith("\n\n")
    assert text.count("\n\n  - id: ") == len(ids) - 2
    # partners referring to it (listed_with) or projects naming it would fail validation:
    # remove a partner nobody refers to, and check the file alone reads back
    assert yaml.safe_load(out)["partners"]
    if position == "first":
        validate(folder, "partners.yaml", out)


def test_removing_an_unknown_entry_is_an_error() -> None:
    with pytest.raises(YamlEditError, match="no partner 'nowhere'"):
        remove_entry(shipped("partners.yaml"), "partners", "nowhere")


def test_add_phrase_appends_to_the_list_in_that_language(folder: Path) -> None:
    content = shipped("partners.yaml")
    out = add_phrase(content, "partners", "zgierz", "aliases", "ru", "Згерш")
    assert removed_lines(content, out) == ["      ru: [Згеж, Згежем, Згеже, Згежа, Згерж]"]
    assert added_lines(content, out) == ["      ru: [Згеж, Згежем, Згеже, Згежа, Згерж, Згерш]"]
    validate(folder, "partners.yaml", out)
    assert "Згерш" in load_knowledge(folder).partners["zgierz"].aliases.ru


def test_add_phrase_creates_a_missing_list_where_the_languages_go(folder: Path) -> None:
    content = shipped("partners.yaml")
    out = add_phrase(content, "partners", "zgierz", "aliases", "en", "Zgersh")
    assert added_lines(content, out) == ["      en: [Zgersh]"]
    text = out.decode()
    assert "      ru: [Згеж, Згежем, Згеже, Згежа, Згерж]\n      en: [Zgersh]\n      other:" in text
    validate(folder, "partners.yaml", out)


def test_add_phrase_at_the_end_of_an_entry_keeps_the_blank_line(folder: Path) -> None:
    content = shipped("fields.yaml")
    out = add_phrase(content, "fields", "school_exchange", "keywords", "other", "skoly")
    assert "      other: [skoly]\n\n  - id: folk_art_exchange\n" in out.decode()
    validate(folder, "fields.yaml", out)


@pytest.mark.parametrize("phrase", ["Zgeža", "zgeža", "  ZGEŽA "])
def test_add_phrase_does_not_add_a_phrase_twice(phrase: str) -> None:
    content = shipped("partners.yaml")
    assert add_phrase(content, "partners", "zgierz", "aliases", "lv", phrase) == content


def test_add_phrase_to_a_faq_question_with_punctuation(folder: Path) -> None:
    content = shipped("faq.yaml")
    phrase = "who are you, bot: tell me"
    out = add_phrase(content, "faq", "source", "questions", "en", phrase)
    validate(folder, "faq.yaml", out)
    assert phrase in load_knowledge(folder).faq["source"].questions.en


@pytest.mark.parametrize(
    ("section", "entry_id", "key", "lang", "message"),
    [
        ("partners", "zgierz", "keywords", "en", "no word list 'keywords'"),
        ("projects", "cycling_net", "aliases", "en", "no word list 'aliases'"),
        ("partners", "zgierz", "aliases", "de", "unknown language 'de'"),
        ("partners", "nowhere", "aliases", "en", "no partner 'nowhere'"),
        ("streets", "x", "aliases", "en", "unknown section 'streets'"),
    ],
)
def test_add_phrase_refuses_what_the_schema_has_not(
    section: str, entry_id: str, key: str, lang: str, message: str
) -> None:
    with pytest.raises(YamlEditError, match=message):
        add_phrase(shipped("partners.yaml"), section, entry_id, key, lang, "x")


def test_a_file_with_anchors_or_tags_is_refused() -> None:
    content = b"faq:\n  - id: a\n    questions: &q\n      en: [x]\n  - id: b\n    questions: *q\n"
    with pytest.raises(YamlEditError, match="line 3: anchors"):
        upsert_entry(content, "faq", {"id": "c"})
    with pytest.raises(YamlEditError, match="line 2: tags"):
        entry(b"faq:\n  - id: !!str a\n", "faq", "a")


def test_a_value_given_twice_is_written_out_twice_never_as_an_alias() -> None:
    words = ["shared"]
    data = {"id": "twice", "questions": {"en": words, "lv": words, "ru": words}, "answer": {}}
    out = upsert_entry(shipped("faq.yaml"), "faq", data)
    assert "&" not in out.decode() and "*" not in out.decode()
    assert out.decode().count("[shared]") == 3


def test_windows_line_ends_and_a_byte_order_mark_are_kept() -> None:
    content = b"\xef\xbb\xbf" + shipped("faq.yaml").replace(b"\n", b"\r\n")
    out = add_phrase(content, "faq", "source", "questions", "en", "who told you")
    assert out.startswith(b"\xef\xbb\xbf# yaml-language-server")
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert "who told you" in (entry(out, "faq", "source") or {})["questions"]["en"]


def test_an_entry_is_a_plain_copy() -> None:
    data = entry(shipped("partners.yaml"), "partners", "golbasi")
    assert data is not None
    assert data["agreement"] == {"signed": "2011-09-23", "listed_with": ["kahta"]}
    assert type(data["aliases"]["other"]) is list and type(data["local_name"]) is str
    assert entry(shipped("partners.yaml"), "partners", "nowhere") is None
