"""Broken knowledge files: each fault is explained with its file, line, entry and key.

Every case copies the real knowledge base, breaks one thing the way a person editing it
might, and runs `twinning-bot validate` on it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge import load_knowledge
from bot.knowledge.loader import _model_in
from bot.knowledge.schema import FILE_MODELS

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


@dataclass(frozen=True)
class Fault:
    name: str
    file: str
    old: str | None  # text to replace (first occurrence); None: replace the whole file
    new: str | bytes
    expected: str  # the message after "file:line: "
    line_of: str | None = None  # the line is the one that contains this text after the edit
    nth: int = 1  # which line containing `line_of` (1 = the first)


FAULTS = [
    Fault("bad year", "partners.yaml", "signed: 2000", "signed: two thousand",
          "partner 'zgierz': agreement.signed: expected a year like 2000, a month like 2011-03 "
          "or a date like 2011-09-23, got 'two thousand'", "signed: two thousand"),
    Fault("impossible date", "projects.yaml", "start: 2009-03-20", "start: 2009-02-30",
          "project 'kupiskis_lagoon_tourism': start: expected a year like 2000", "2009-02-30"),
    Fault("unknown key", "partners.yaml", "    country: PL", "    county: PL",
          "partner 'zgierz': county: unknown key 'county' (check the spelling; allowed keys "
          "here: id, name, local_name, aliases, country, region, location, fields, agreement, "
          "summary, contact, notice, source, checked)", "county: PL"),
    Fault("missing key", "partners.yaml", "    country: PL\n", "",
          "partner 'zgierz': country: this required key is missing", "- id: zgierz"),
    Fault("duplicate id", "partners.yaml", "- id: birzai", "- id: zgierz",
          "partner 'zgierz': id: the id 'zgierz' is already used by entry #2", "- id: zgierz",
          nth=2),
    Fault("project with an unknown partner", "projects.yaml", "partners: [postavy]",
          "partners: [postava]",
          "project 'cycling_net': partners[0]: unknown partner id 'postava'", "[postava]"),
    Fault("field not in the vocabulary", "partners.yaml",
          "fields: [school_exchange, official_delegations]",
          "fields: [school_exchange, official_delegation]",
          "partner 'arendal': fields[1]: unknown field id 'official_delegation'",
          "official_delegation]"),
    Fault("text missing in a language", "partners.yaml", "      ru: Згеж\n", "",
          "partner 'zgierz': name: the text is missing in ru", "    name:", nth=2),
    Fault("duplicate YAML key", "partners.yaml", "    country: PL\n",
          "    country: PL\n    country: LT\n",
          "the key 'country' appears twice in the same place", "country: LT"),
    Fault("tab", "events.yaml", "    country: FR", "\tcountry: FR",
          "a tab character; YAML needs spaces for indentation", "\tcountry: FR"),
    Fault("not UTF-8", "media.yaml", None,
          (KNOWLEDGE / "media.yaml").read_text(encoding="utf-8").replace("Komisija", "Komisij\xe0")
          .encode("latin-1", errors="replace"),
          "the file is not UTF-8 text (byte 0xE0)", "Komisij"),
    Fault("empty file", "events.yaml", None, "# nothing here yet\n",
          "the file is empty", None),
    Fault("broken YAML", "media.yaml", "kind: film", "kind: [film",
          "this is not valid YAML", None),
    # Syntax errors point at the line with the mistake, not the line where YAML noticed it.
    Fault("list not closed", "partners.yaml", "fields: [school_exchange, official_delegations]",
          "fields: [school_exchange, official_delegations",
          "this is not valid YAML: a list in [ ] is not closed: a ']' or a ',' is missing "
          "(it starts on this line)", "fields: [school_exchange, official_delegations"),
    Fault("quote not closed", "partners.yaml", 'country: "NO"', 'country: "NO',
          "this is not valid YAML: a quotation mark is not closed (it starts on this line)",
          'country: "NO'),
    Fault("key without a colon", "partners.yaml", "    country: PL", "    country PL",
          "this is not valid YAML: a key without ':' after it (it starts on this line)",
          "country PL"),
    Fault("braces not closed", "partners.yaml", "location: {lat: 51.8556, lon: 19.4061}",
          "location: {lat: 51.8556, lon: 19.4061",
          "this is not valid YAML: a { } is not closed", "lon: 19.4061"),
    Fault("colon inside a text", "partners.yaml", "local_name: Zgierz",
          "local_name: Zgierz: the town", "this is not valid YAML: a ':' where YAML does not "
          "expect one (a text with ': ' in it needs quotes", "Zgierz: the town"),
    Fault("indentation off", "partners.yaml", "    country: PL", "   country: PL",
          "this is not valid YAML: the indentation does not match the list above — on this "
          "line or the one above", "   country: PL"),
    Fault("bad country code", "partners.yaml", "country: PL", "country: XX",
          "partner 'zgierz': country: 'XX' is not an ISO 3166 country code", "country: XX"),
    Fault("unquoted NO", "partners.yaml", 'country: "NO"', "country: NO",
          "partner 'arendal': country: expected text, got False", "country: NO"),
    Fault("project ends before it starts", "projects.yaml", "end: 2007-10-31", "end: 2005-10-31",
          "project 'cycling_net': end: the end (2005-10-31) is before the start", "2005-10-31"),
    Fault("film with an unknown project", "media.yaml", "project: neighbors_twinning",
          "project: neighbours", "media 'film_friends': project: unknown project id 'neighbours'",
          "project: neighbours"),
    Fault("keyword list missing a language", "projects.yaml",
          "      ru: [туризм, туристический, туристические, устойчивый туризм, лагуна, Лубанс, "
          "озеро Лубанс, Лубан, озеро]\n", "",
          "project 'kupiskis_lagoon_tourism': keywords: the words are missing in ru (a word "
          "list given in one language needs lv, ru, en: people ask in each)",
          "    keywords:"),
    Fault("FAQ questions missing a language", "faq.yaml",
          "      lv: [kas ir sadraudzības pilsētas, kas ir sadraudzība, "
          "sadraudzības pašvaldības]\n",
          "", "questions: the words are missing in lv", "    questions:"),
    Fault("YAML anchor", "partners.yaml", "fields: [school_exchange, official_delegations]",
          "fields: &usual [school_exchange, official_delegations]",
          "anchors and aliases (&, *) are not allowed here: write the value out in full",
          "&usual"),
    Fault("YAML alias", "partners.yaml", "signed: 2000", "signed: *year",
          "anchors and aliases (&, *) are not allowed here: write the value out in full",
          "*year"),
    Fault("YAML tag !!str", "partners.yaml", 'country: "NO"', "country: !!str NO",
          "tags such as !!str or !custom are not allowed here (found !!str): write the value "
          "plainly, in quotes if it is text", "!!str NO"),
    Fault("custom YAML tag", "media.yaml", "kind: film", "kind: !custom film",
          "tags such as !!str or !custom are not allowed here (found !custom)", "!custom"),
]  # fmt: skip


def _break(tmp_path: Path, fault: Fault) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    path = target / fault.file
    if fault.old is None:
        data = fault.new if isinstance(fault.new, bytes) else fault.new.encode()
        path.write_bytes(data)
    else:
        text = path.read_text(encoding="utf-8")
        assert fault.old in text, f"fixture text {fault.old!r} not in {fault.file}"
        assert isinstance(fault.new, str)
        path.write_text(text.replace(fault.old, fault.new, 1), encoding="utf-8")
    return target


def _line(path: Path, needle: str, nth: int = 1) -> int:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return [n for n, line in enumerate(lines, 1) if needle in line][nth - 1]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_broken_file_is_explained(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fault: Fault,
) -> None:
    directory = _break(tmp_path, fault)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "knowledge"]) == 1
    out = capsys.readouterr().out
    line = _line(directory / fault.file, fault.line_of, fault.nth) if fault.line_of else None
    prefix = f"knowledge/{fault.file}:{line}: " if line else f"knowledge/{fault.file}:"
    assert any(row.startswith(prefix) and fault.expected in row for row in out.splitlines()), (
        f"expected {prefix}...{fault.expected}\ngot:\n{out}"
    )
    assert "Traceback" not in out
    assert "nothing was changed" in out


def test_all_errors_are_collected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _break(tmp_path, FAULTS[0])
    events = directory / "events.yaml"
    events.write_text(events.read_text().replace("duration_days: 2", "duration_days: two"))
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "knowledge"]) == 1
    out = capsys.readouterr().out
    assert "knowledge/partners.yaml:" in out and "agreement.signed" in out
    assert "knowledge/events.yaml:" in out and "duration_days: expected a whole number" in out


def test_a_syntax_error_hides_nothing_in_the_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One run reports a YAML syntax error in one file, a schema error in another and a
    cross-check error (end before start) in a third."""
    directory = _break(tmp_path, FAULTS[0])  # partners.yaml: signed: two thousand
    media = directory / "media.yaml"
    media.write_text(media.read_text().replace("kind: film", "kind: [film", 1))
    projects = directory / "projects.yaml"
    projects.write_text(projects.read_text().replace("end: 2007-10-31", "end: 2005-10-31", 1))
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "knowledge"]) == 1
    out = capsys.readouterr().out
    assert any(
        row.startswith("knowledge/media.yaml:") and "this is not valid YAML" in row
        for row in out.splitlines()
    ), out
    line = _line(directory / "partners.yaml", "signed: two thousand")
    assert f"knowledge/partners.yaml:{line}: partner 'zgierz': agreement.signed: expected" in out
    line = _line(projects, "end: 2005-10-31")
    assert f"knowledge/projects.yaml:{line}: project 'cycling_net': end: the end" in out, out


def test_aliases_and_empty_word_lists_need_no_translation(tmp_path: Path) -> None:
    """A partner's aliases are spellings, not translations (zgierz has none in English), and
    an entry without keywords needs none in any language."""
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    projects = tmp_path / "knowledge" / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    start = text.index("    keywords:")
    end = text.index("    about:", start)
    projects.write_text(text[:start] + text[end:], encoding="utf-8")
    kb = load_knowledge(tmp_path / "knowledge")
    assert not kb.partners["zgierz"].aliases.en and kb.partners["zgierz"].aliases.lv
    assert not kb.projects["kupiskis_lagoon_tourism"].keywords.all()


def test_anchor_and_its_alias_are_both_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    partners = tmp_path / "knowledge" / "partners.yaml"
    text = partners.read_text(encoding="utf-8")
    assert "signed: 2000" in text and "signed: 1995" in text
    text = text.replace("signed: 2000", "signed: &y2000 2000", 1).replace(
        "signed: 1995", "signed: *y2000", 1
    )
    partners.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "knowledge"]) == 1
    out = capsys.readouterr().out
    for needle in ("&y2000", "*y2000"):
        line = _line(partners, needle)
        assert f"knowledge/partners.yaml:{line}: anchors and aliases (&, *)" in out, out


def test_ampersand_and_bang_inside_a_text_are_no_fault(tmp_path: Path) -> None:
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    partners = tmp_path / "knowledge" / "partners.yaml"
    text = partners.read_text(encoding="utf-8")
    partners.write_text(
        text.replace("local_name: Zgierz", "local_name: 'Zgierz & Co *x !y'", 1),
        encoding="utf-8",
    )
    kb = load_knowledge(tmp_path / "knowledge")
    assert kb.partners["zgierz"].local_name == "Zgierz & Co *x !y"


def test_missing_file_and_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    (tmp_path / "knowledge" / "projects.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "knowledge"]) == 1
    assert "knowledge/projects.yaml:0: this knowledge file is missing" in capsys.readouterr().out
    assert main(["validate", "nowhere"]) == 1
    assert "the knowledge folder does not exist" in capsys.readouterr().out


def test_caret_points_at_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(tmp_path, FAULTS[0])
    monkeypatch.chdir(tmp_path)
    main(["validate", "knowledge"])
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, row in enumerate(lines) if "agreement.signed" in row)
    assert lines[at + 1].strip() == "signed: two thousand"
    assert lines[at + 2].strip() == "^"


def test_the_guide_lists_the_required_keys_of_each_file() -> None:
    """knowledge/README.md's "Required keys" table says what the schema requires."""
    guide = (KNOWLEDGE / "README.md").read_text(encoding="utf-8")
    section = guide.split("## Required keys", 1)[1].split("\n## ", 1)[0]
    table = {
        cells[0].strip("` "): [key.strip("` ") for key in cells[1].split(",")]
        for row in section.splitlines()
        if row.startswith("| `") and len(cells := row.strip("|").split("|")) == 2
    }
    expected = {}
    for name, model in FILE_MODELS.items():
        entry = _model_in(next(iter(model.model_fields.values())).annotation)
        assert entry is not None
        expected[name] = [n for n, f in entry.model_fields.items() if f.is_required()]
    assert table == expected
    for heading in ("## Adding a cooperation field", "## Adding a country", "twinning-bot report"):
        assert heading in guide
    for command in ("twinning-bot ask", "twinning-bot chat", "--lang", "--json", "--context"):
        assert command in guide
