"""A newcomer with only the staff guide (knowledge/README.md): the guide's own examples of a
partner, a new cooperation field and a new country, pasted into the real files, validate and
are answered; the mistakes a newcomer makes in several files are all explained in one run.

The examples are read from the guide itself, so a guide whose example no longer validates
fails here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bot.cli import main

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
GUIDE = (KNOWLEDGE / "README.md").read_text(encoding="utf-8")


def example(heading: str) -> str:
    """The first ```yaml block under the guide's `## heading`."""
    section = GUIDE.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert found, f"the guide's section {heading!r} has no YAML example"
    return found.group(1)


def with_guide_examples(tmp_path: Path) -> Path:
    """A copy of knowledge/ with the guide's field, country and partner appended; the partner
    is given the new field, as the guide's "Adding a cooperation field" says."""
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder, ignore=shutil.ignore_patterns(".history", "schema"))
    field = example("Adding a cooperation field")
    field_id = re.search(r"- id: (\w+)", field)
    assert field_id
    partner = example("Adding a partner")
    partner = re.sub(r"fields: \[([^\]]*)\]", rf"fields: [\1, {field_id.group(1)}]", partner)
    for name, text in (
        ("fields.yaml", field),
        ("countries.yaml", example("Adding a country")),
        ("partners.yaml", partner),
    ):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text)
    return folder


def ask(capsys: pytest.CaptureFixture[str], question: str) -> dict[str, object]:
    assert main(["ask", "--json", question]) == 0
    reply: dict[str, object] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    return reply


def test_the_guides_examples_validate_and_are_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = with_guide_examples(tmp_path)
    assert main(["validate", str(folder)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    monkeypatch.setenv("TWINNING_KNOWLEDGE_DIR", str(folder))
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "data"))

    by_field = ask(capsys, "Which partners work on youth sport?")
    assert "Example Town" in str(by_field["text"]), by_field
    by_country = ask(capsys, "Kuri partneri ir Igaunijā?")
    assert "Piemēra pilsēta" in str(by_country["text"]), by_country
    by_name = ask(capsys, "Когда подписали соглашение с Примерным городом?")
    assert "2012" in str(by_name["text"]) and by_name["lang"] == "ru", by_name


def test_a_newcomers_mistakes_in_four_files_are_explained_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = with_guide_examples(tmp_path)
    edits = {
        # the new field's id misspelt where the partner names it, a three-letter code, and
        # the Russian name forgotten in the same entry
        "partners.yaml": [
            ("youth_sport]", "youth_sprot]"),
            ("country: EE", "country: EST"),
            ("      ru: Примерный город\n", ""),
        ],
        # the field's Russian keywords forgotten
        "fields.yaml": [("      ru: [спорт, молодёжный спорт, футбол]\n", "")],
        # the country's list not closed
        "countries.yaml": [("igauņu]", "igauņu")],
        # a project's date typed with the day first
        "projects.yaml": [("start: 2009-03-20", "start: 20.03.2009")],
    }
    for name, pairs in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")

    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out

    def line_of(name: str, needle: str) -> int:
        rows = (folder / name).read_text(encoding="utf-8").splitlines()
        return next(n for n, row in enumerate(rows, 1) if needle in row)

    expected = [
        ("partners.yaml", "youth_sprot]", "unknown field id 'youth_sprot'"),
        ("partners.yaml", "country: EST", "expected a two-letter country code such as PL"),
        ("fields.yaml", "keywords:", "the words are missing in ru"),
        ("countries.yaml", "igauņu", "a list in [ ] is not closed"),
        ("projects.yaml", "20.03.2009", "expected a year like 2000"),
    ]
    name_line = line_of("partners.yaml", "id: ludza_example") + 1
    assert any(
        row.startswith(f"{folder}/partners.yaml:{name_line}: ")
        and "name: the text is missing in ru" in row
        for row in out.splitlines()
    ), out
    for name, needle, message in expected:
        if name == "fields.yaml":  # the new field's keywords: the last `keywords:` of the file
            rows = (folder / name).read_text(encoding="utf-8").splitlines()
            line = max(n for n, row in enumerate(rows, 1) if needle in row)
        else:
            line = line_of(name, needle)
        assert any(
            row.startswith(f"{folder}/{name}:{line}: ") and message in row
            for row in out.splitlines()
        ), f"{name}:{line} {message!r} not in:\n{out}"
    assert "6 problems in the knowledge base: nothing was changed" in out, out
