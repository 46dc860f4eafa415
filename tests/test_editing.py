"""Staff edits of the knowledge base: checked whole, written atomically, history, rollback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError
from bot.knowledge.editing import EditError, KnowledgeEditor, Watcher, check_file_name, reload

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture
def editor(tmp_path: Path) -> KnowledgeEditor:
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    return KnowledgeEditor(tmp_path / "knowledge")


def test_valid_upload_replaces_the_file_and_keeps_history(editor: KnowledgeEditor) -> None:
    path = editor.directory / "partners.yaml"
    old = path.read_bytes()
    new = old.replace(b"prolonged: 2008", b"prolonged: 2009")
    kb, change = editor.apply("partners.yaml", new)
    assert kb.partners["arendal"].agreement.prolonged is not None
    assert kb.partners["arendal"].agreement.prolonged.year == 2009
    assert change.changed == ("arendal",) and not change.added and not change.removed
    assert path.read_bytes() == new
    (saved,) = (editor.directory / ".history").iterdir()
    assert saved.read_bytes() == old


def test_added_and_removed_entries_are_reported(editor: KnowledgeEditor) -> None:
    text = (editor.directory / "events.yaml").read_text(encoding="utf-8")
    entry = text[text.index("  - id: mayenne_festival_2011") :]
    second = entry.replace("mayenne_festival_2011", "mayenne_festival_2012").replace(
        "date: 2011", "date: 2012"
    )
    _, change = editor.check("events.yaml", (text + "\n" + second).encode())
    assert change.added == ("mayenne_festival_2012",)
    assert "added: mayenne_festival_2012" in change.summary()


def test_invalid_upload_changes_nothing(editor: KnowledgeEditor) -> None:
    path = editor.directory / "partners.yaml"
    old = path.read_bytes()
    with pytest.raises(KnowledgeError) as caught:
        editor.apply("partners.yaml", old.replace(b"signed: 2000", b"signed: soon"))
    assert any("agreement.signed" in str(issue) and issue.line > 1 for issue in caught.value.issues)
    assert path.read_bytes() == old
    assert not (editor.directory / ".history").exists()


@pytest.mark.parametrize(
    "name", ["../partners.yaml", "/etc/passwd", "sub/partners.yaml", ".hidden.yaml",
             "partners.yml", "partners.yaml.exe", "..", "a" * 60 + ".yaml"],
)  # fmt: skip
def test_unsafe_file_names_are_refused(name: str) -> None:
    with pytest.raises(EditError):
        check_file_name(name)


def test_unknown_and_oversized_files_are_refused(editor: KnowledgeEditor) -> None:
    with pytest.raises(EditError, match="not a knowledge file"):
        editor.check("notes.yaml", b"x: 1\n")
    with pytest.raises(EditError, match="too large"):
        editor.check("partners.yaml", b"#" * (editor.max_bytes + 1))


def test_rollback_restores_the_previous_version(editor: KnowledgeEditor) -> None:
    path = editor.directory / "partners.yaml"
    old = path.read_bytes()
    editor.apply("partners.yaml", old.replace(b"prolonged: 2008", b"prolonged: 2009"))
    kb, change = editor.rollback()
    assert path.read_bytes() == old
    assert kb.partners["arendal"].agreement.prolonged is not None
    assert kb.partners["arendal"].agreement.prolonged.year == 2008
    assert change.changed == ("arendal",)
    with pytest.raises(EditError, match="no earlier version"):
        editor.rollback()


def test_watcher_and_reload(editor: KnowledgeEditor) -> None:
    watcher = Watcher(editor.directory)
    assert not watcher.changed()
    path = editor.directory / "media.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: film", "kind: [film"))
    assert watcher.changed() and not watcher.changed()
    result = reload(editor.directory)
    assert not result.ok and result.issues[0].file.endswith("media.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("kind: [film", "kind: film"))
    assert watcher.changed()
    assert reload(editor.directory).ok
