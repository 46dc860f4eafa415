"""A file read again unchanged is not read nor validated again: a reload after staff edited
one file, or a draft's preview, validates only what changed, and the knowledge bases share
the models of the rest. Everything checked across files is still checked every time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge import loader as loader_module
from bot.render import html_to_text, render_html

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    loader_module.forget_validated()
    return target


def test_an_edit_to_one_file_revalidates_that_file_only(
    kb_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_knowledge(kb_dir)
    events = kb_dir / "events.yaml"
    text = events.read_text("utf-8")
    assert "participants_more_than: 800" in text
    events.write_text(
        text.replace("participants_more_than: 800", "participants_more_than: 900"), "utf-8"
    )
    validated: list[str] = []
    read_by_entry = loader_module._read_by_entry

    def counting(name: str, raw: bytes, shown: str) -> object:
        validated.append(name)
        return read_by_entry(name, raw, shown)

    monkeypatch.setattr(loader_module, "_read_by_entry", counting)
    second = load_knowledge(kb_dir)
    assert validated == ["events.yaml"]
    some_partner = next(iter(first.partners))
    assert second.partners[some_partner] is first.partners[some_partner]
    assert second.version != first.version
    (event,) = second.events.values()
    assert event.participants_more_than == 900
    reply = Engine(second).ask("Cik dalībnieku bija festivālā?")
    assert "900" in html_to_text(render_html(reply, second, {"lv": "R", "ru": "R", "en": "R"}))


def test_a_reference_into_an_unchanged_file_is_still_checked(kb_dir: Path) -> None:
    """partners.yaml is taken as it was; the field it names is gone from fields.yaml: the
    message names partners.yaml's own line."""
    load_knowledge(kb_dir)
    fields = kb_dir / "fields.yaml"
    text = fields.read_text("utf-8")
    assert "id: school_exchange" in text
    fields.write_text(text.replace("id: school_exchange", "id: school_visits", 1), "utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb_dir)
    about_partners = [i for i in caught.value.issues if i.file.endswith("partners.yaml")]
    assert about_partners, caught.value.issues
    lines = (kb_dir / "partners.yaml").read_text("utf-8").splitlines()
    for issue in about_partners:
        assert "unknown field id 'school_exchange'" in issue.message
        assert "school_exchange" in lines[issue.line - 1]


def test_a_duplicate_key_is_reported_on_every_load(kb_dir: Path) -> None:
    media = kb_dir / "media.yaml"
    text = media.read_text("utf-8")
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("kind:"))
    media.write_text(text.replace(line, f"{line}\n{line}", 1), "utf-8")
    for _ in range(2):
        with pytest.raises(KnowledgeError) as caught:
            load_knowledge(kb_dir)
        assert any("appears twice" in i.message for i in caught.value.issues)


def test_forgetting_reads_every_file_again(kb_dir: Path) -> None:
    first = load_knowledge(kb_dir)
    loader_module.forget_validated()
    second = load_knowledge(kb_dir)
    some_partner = next(iter(first.partners))
    assert second.partners[some_partner] == first.partners[some_partner]
    assert second.partners[some_partner] is not first.partners[some_partner]
