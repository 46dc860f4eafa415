"""The fast YAML reader (yaml_rs) is used only where it reads a file exactly as PyYAML's YAML
1.1 does; anywhere else the loader reads the file with PyYAML, whose errors it reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.knowledge import load_knowledge
from bot.knowledge import loader as loader_module
from bot.knowledge.schema import FILE_MODELS

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


# --------------------------------------------------------------------------- entry by entry

# Lines an entry may have after its "- id: ...": {i} is the list's indentation.
ENTRY_LINES = [
    "{i}  name: Kaunas",
    "{i}  about: a text\n{i}    over two lines",
    '{i}  about: "a quoted text\n{i}    over two lines"',
    '{i}  about: "a quoted text\n{i}- broken where an entry would start"',
    "{i}  about: 'single\n{i}- quoted'",
    "{i}  fields:\n{i}  - school\n{i}  - culture",
    "{i}  fields:\n{i}    - school",
    "{i}  fields: [school,\n{i}    culture]",
    "{i}  fields: [school,\n{i}culture]",
    "# a comment at the margin",
    "{i}  # a comment inside",
    "",
    "{i}  name:\n{i}    lv: Kauņa\n{i}    ru: Каунас",
    "other: a second key at the top",
    "{i}-",
    "{i}- plain item",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["", "  "]),
    st.lists(st.lists(st.sampled_from(ENTRY_LINES), max_size=4), min_size=1, max_size=4),
    st.sampled_from(["partners:\n", "# head\n\npartners:  # the list\n", "partners: []\n"]),
)
def test_entry_by_entry_reads_as_the_whole_file_or_steps_aside(
    indent: str, entries: list[list[str]], head: str
) -> None:
    """Wherever every piece reads as one entry, the entries are those of the whole file as
    PyYAML reads it; any piece that does not sends the file to be read whole."""
    body = "".join(
        f"{indent}- id: e{n}\n" + "".join(line.format(i=indent) + "\n" for line in lines)
        for n, lines in enumerate(entries)
    )
    text = head + body
    pieces = loader_module._entry_texts(text, "partners")
    if pieces is None:
        return
    read = []
    for piece in pieces:
        try:
            one = yaml_rs.loads(piece, parse_datetime=False)
        except Exception:
            return  # the loader reads this file whole
        if not isinstance(one, list) or len(one) != 1:
            return
        read.extend(one)
    whole = _pyyaml(text)
    assert isinstance(whole, dict), text
    assert repr(read) == repr(whole["partners"]), text


@pytest.mark.parametrize(
    "kb_dir",
    ["knowledge", "tests/kb2/knowledge", "tests/kb3/knowledge", "tests/kb4/knowledge",
     "tests/kb5/knowledge"],
)  # fmt: skip
def test_every_knowledge_base_reads_entry_by_entry_as_whole(kb_dir: str) -> None:
    """The entries validated one by one are the models of the file validated whole."""
    by_entry = 0
    for name in FILE_MODELS:
        path = ROOT / kb_dir / name
        if not path.is_file():
            continue
        raw = path.read_bytes()
        done = loader_module._read_by_entry(name, raw, name)
        if done is None:
            continue
        by_entry += 1
        doc, found = loader_module._read(name, raw, name)
        assert doc is not None and not found
        whole, issues = loader_module._validate(doc)
        assert whole is not None and not issues
        assert done[1].model_dump() == whole.model_dump(), name
    assert by_entry >= 5  # every file of a list, as staff write them


def test_a_file_with_a_fault_is_read_whole_and_reported_with_its_line(tmp_path: Path) -> None:
    """An entry read alone with a fault is not reported from the piece: the file is read
    whole, so the message has the file's own line."""
    kb = _copy_knowledge(tmp_path)
    events = kb / "events.yaml"
    text = events.read_text("utf-8")
    assert loader_module._entry_texts(text, "events") is not None
    broken = text.replace("duration_days: ", "duration_days: -", 1)
    events.write_text(broken, "utf-8")
    assert loader_module._read_by_entry("events.yaml", events.read_bytes(), "x") is None
    with pytest.raises(loader_module.KnowledgeError) as caught:
        load_knowledge(kb)
    (issue,) = caught.value.issues
    assert broken.splitlines()[issue.line - 1].strip().startswith("duration_days: -")
