"""The fast YAML reader (yaml_rs) is used only where it reads a file exactly as PyYAML's YAML
1.1 does; anywhere else the loader reads the file with PyYAML, whose errors it reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge import load_knowledge
from bot.knowledge import loader as loader_module

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not loader_module.FAST_READER, reason="yaml_rs not installed")

# Scalars YAML 1.1 and 1.2 read differently, and some that both read alike.
TRICKY = [
    "NO", "no", "No", "yes", "Yes", "on", "OFF", "y", "n", "true", "True", "tRUE", "null",
    "Null", "~", "0777", "0o17", "0x1F", "0b101", "1_000", "1e3", "1.5e3", "1.0e+3", ".5",
    "-.5", "+.inf", ".NaN", "12:30", "190:20:30", "2011-09-23", "2011-9-3", "2011-09-23 10:00",
    "2011-09-23T10:00:00Z", "12", "-7", "+3", "0", "00", "56.95", "1.", "=", "<<", "!!str 5",
    "!!int '7'", "&a 5", "'NO'", '"yes"', "'0777'", "Rēzekne", "Zgierz 1990s.", "a # b",
    "in the 1990s", "Kupiškis, 2011", "[NO, 5]", "{a: NO}", "[]", "{}", "|\n    NO",
    ">\n    text\n    NO", '"a\\tb"', "'it''s'", "Ж", "text\n    NO", "- NO", "\u2028x",
]  # fmt: skip
KEYS = ["id", "NO", "yes", "12", "0777", "name", "2011-09-23", "a b"]


def _document(parts: list[tuple[str, str, int]]) -> str:
    """A small YAML document: top-level keys with scalars, lists and nested mappings."""
    lines = ["partners:"]
    for key, value, shape in parts:
        if shape == 0:
            lines.append(f"  - {key}: {value}")
        elif shape == 1:
            lines += [f"  - {key}:", f"      - {value}"]
        elif shape == 2:
            lines += ["  - nested:", f"      {key}: {value}"]
        else:
            lines += [f"  - {key}:", f"      {value}"]
    return "\n".join(lines) + "\n"


def _pyyaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=loader_module._Loader)
    except yaml.YAMLError:
        return "an error"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(KEYS), st.sampled_from(TRICKY), st.integers(0, 3)),
        min_size=1,
        max_size=4,
    )
)
def test_the_fast_reader_reads_as_pyyaml_or_steps_aside(
    parts: list[tuple[str, str, int]],
) -> None:
    text = _document(parts)
    fast = loader_module._read_fast(text)
    if fast is not None:
        expected = _pyyaml(text)
        assert repr(fast) == repr(expected), text


@pytest.mark.parametrize("kb_dir", ["knowledge", "tests/kb2/knowledge"])
def test_the_knowledge_bases_read_fast_and_alike(kb_dir: str) -> None:
    for path in sorted((ROOT / kb_dir).glob("*.yaml")):
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        assert repr(loader_module._read_fast(text)) == repr(_pyyaml(text)), path.name


def test_an_unquoted_no_is_read_by_pyyaml_and_reported_with_its_line(tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    kb.mkdir()
    for path in (ROOT / "knowledge").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        (kb / path.name).write_text(text.replace('country: "NO"', "country: NO"), "utf-8")
    assert loader_module._read_fast((kb / "partners.yaml").read_text("utf-8")) is None
    with pytest.raises(loader_module.KnowledgeError) as caught:
        load_knowledge(kb)
    lines = (kb / "partners.yaml").read_text("utf-8").splitlines()
    (issue,) = caught.value.issues
    assert lines[issue.line - 1].strip() == "country: NO"
    assert "quotes" in issue.message


def test_an_error_in_a_file_read_fast_still_names_its_line(tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    kb.mkdir()
    for path in (ROOT / "knowledge").glob("*.yaml"):
        (kb / path.name).write_text(path.read_text(encoding="utf-8"), "utf-8")
    partners = kb / "partners.yaml"
    text = partners.read_text("utf-8")
    first_country = next(ln for ln in text.splitlines() if ln.strip() == "country: PL")
    partners.write_text(text.replace(first_country, first_country + "X", 1), "utf-8")
    assert loader_module._read_fast(partners.read_text("utf-8")) is not None
    with pytest.raises(loader_module.KnowledgeError) as caught:
        load_knowledge(kb)
    (issue,) = caught.value.issues
    assert partners.read_text("utf-8").splitlines()[issue.line - 1] == first_country + "X"


def _copy_knowledge(tmp_path: Path) -> Path:
    kb = tmp_path / "knowledge"
    kb.mkdir()
    for path in (ROOT / "knowledge").glob("*.yaml"):
        (kb / path.name).write_text(path.read_text(encoding="utf-8"), "utf-8")
    return kb


def test_a_reference_in_a_valid_file_is_reported_with_its_entry_and_line(
    tmp_path: Path,
) -> None:
    """A file that validated lets its data go; a message about it reads it again."""
    kb = _copy_knowledge(tmp_path)
    partners = kb / "partners.yaml"
    text = partners.read_text("utf-8")
    partners.write_text(text.replace("[school_exchange,", "[school_exchanges,", 1), "utf-8")
    with pytest.raises(loader_module.KnowledgeError) as caught:
        load_knowledge(kb)
    (issue,) = caught.value.issues
    assert issue.entry.startswith("partner '"), issue
    assert "unknown field id 'school_exchanges'" in issue.message
    line = partners.read_text("utf-8").splitlines()[issue.line - 1]
    assert line.strip().startswith("fields: [school_exchanges,")


def test_the_models_share_their_sets_of_given_fields() -> None:
    """pydantic keeps a set of the fields given per instance; equal ones are kept once (a
    third of a large knowledge base's memory), and a changed copy gets its own."""
    kb = load_knowledge(ROOT / "knowledge")
    models = [*kb.partners.values(), *(p.name for p in kb.partners.values())]
    assert len({id(m.__pydantic_fields_set__) for m in models}) <= 8
    first = next(iter(kb.partners.values()))
    before = set(first.model_fields_set)
    changed = first.model_copy(update={"source": "somewhere"})
    assert "source" in changed.model_fields_set
    assert first.model_fields_set == before
