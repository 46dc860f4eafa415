"""Editing a knowledge file without losing what staff wrote by hand: its comments, the order
of its keys, its quoting and its flow-style lists (`aliases: {lv: [a, b]}` stays one line).

Every knowledge file is one top-level key, its *section*, holding a list of entries:

| file | section | an entry is found by |
|---|---|---|
| partners.yaml | `partners` | `id` |
| projects.yaml | `projects` | `id` |
| events.yaml | `events` | `id` |
| media.yaml | `media` | `id` |
| faq.yaml | `faq` | `id` |
| fields.yaml | `fields` | `id` |
| countries.yaml | `countries` | `code` (e.g. `PL`) |

so `entry(content, "countries", "PL")` reads the Polish entry of countries.yaml. The functions
take a file's bytes and return new bytes; they never touch the disk and never validate the
knowledge base (the caller does: editing.KnowledgeEditor.check). A file using anchors, aliases
or tags is refused (validation refuses them too), and the output never contains any.

What is written where the file had nothing to copy: a new list of words is a flow list
(`[a, b]`), a map of numbers is a flow map (`{lat: 56.5, lon: 27.3}`), everything else is block
style; a text is quoted (double quotes) only when YAML would read it as something else, `NO`
included; a new key goes where the schema lists it (`contact` after `summary`); a new entry
goes at the end of its section, separated by a blank line if the entries there are.

Uses ruamel.yaml's round-trip mode; never imports telegram.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, get_args

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from bot.knowledge.schema import ENTRY_LABELS, FILE_MODELS, Text, Words

SECTIONS: dict[str, str] = {
    next(iter(model.model_fields)): name for name, model in FILE_MODELS.items()
}
"""Each section (top-level key) and the file that holds it: partners -> partners.yaml."""

DATE_KEYS = frozenset({"signed", "prolonged", "start", "end", "date", "checked", "until"})
"""Keys whose text values are dates: written plain (2011-09-23, 2011), as staff write them."""

_DATE = re.compile(r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$")
# A text that would not survive unquoted: YAML indicators at its start, ": " or " #" inside,
# spaces at its ends, control characters; in a [flow, list] also its punctuation.
_NEEDS_QUOTES = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |:$| #|\s$|[\x00-\x1f]")
_FLOW_PUNCTUATION = re.compile(r"[,\[\]{}]")
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_LANGUAGE_KEYS = tuple(Words.model_fields)  # lv, ru, en, other
_LANGUAGE_ORDER: ContextVar[Mapping[str, tuple[str, ...]]] = ContextVar(
    "language_order", default=MappingProxyType({})
)
"""The order of the languages in the file being edited, by the key of the text or word list
(staff may write names en, lv, ru and aliases lv, ru, en); "" is the file's first."""


class YamlEditError(Exception):
    """An edit that cannot be made; the message is for the staff member."""


# --------------------------------------------------------------------------- reading, writing


def _yaml(text: str) -> YAML:
    """A round-trip reader/writer with the file's own indentation."""
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 1 << 16  # never re-wrap a long line
    rt.allow_unicode = True
    dash = re.search(r"^( *)- ", text, re.MULTILINE)
    offset = len(dash.group(1)) if dash else 2
    nested = re.search(r"^( *)[^\s#-][^:\n]*:[ \t]*\n\1( +)[^\s#-]", text, re.MULTILINE)
    mapping = len(nested.group(2)) if nested else 2
    rt.indent(mapping=mapping, sequence=offset + mapping, offset=offset)
    rt.representer.ignore_aliases = lambda _data: True  # a value used twice is written twice
    return rt


def _properties(text: str) -> str | None:
    """The first anchor, alias or tag in `text` as 'line N', or None (read from PyYAML's events,
    so an '&' or '!' inside a text is no fault)."""
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return f"line {line}: anchors and aliases (&, *) are not allowed"
        if getattr(event, "tag", None):  # PyYAML gives a tag only where one is written
            return f"line {line}: tags such as !!str are not allowed"
    return None


class _Document:
    """A file read for editing, written back in its own style (line ends, byte-order mark)."""

    def __init__(self, content: bytes) -> None:
        self.bom = content.startswith(b"\xef\xbb\xbf")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise YamlEditError("the file is not UTF-8 text") from None
        self.crlf = "\r\n" in text
        text = text.replace("\r\n", "\n")
        try:
            found = _properties(text)
        except yaml.YAMLError as exc:
            raise YamlEditError(f"the file is not valid YAML: {exc}") from None
        if found:
            raise YamlEditError(f"the file cannot be edited here ({found}); fix it first")
        self.rt = _yaml(text)
        try:
            self.data = self.rt.load(text) if text.strip() else CommentedMap()
        except YAMLError as exc:
            raise YamlEditError(f"the file is not valid YAML: {exc}") from None
        if self.data is None:
            self.data = CommentedMap()
        if not isinstance(self.data, CommentedMap):
            raise YamlEditError("the file must start with its section, e.g. 'partners:'")
        self.languages = _languages_in(self.data)

    @contextmanager
    def editing(self) -> Iterator[None]:
        """New texts and word lists are written in the file's order of languages."""
        token = _LANGUAGE_ORDER.set(self.languages)
        try:
            yield
        finally:
            _LANGUAGE_ORDER.reset(token)

    def section(self, section: str, create: bool = False) -> CommentedSeq | None:
        """The list of entries of `section` (created, empty, with `create`)."""
        _model(section)
        items = self.data.get(section)
        if items is None:
            if not create:
                return None
            items = CommentedSeq()
            self.data[section] = items
        if not isinstance(items, CommentedSeq) or not all(
            isinstance(item, CommentedMap) for item in items
        ):
            raise YamlEditError(f"'{section}:' must be a list of entries, each starting with '- '")
        if items.fa.flow_style():  # `faq: []`: entries are written as blocks
            items.fa.set_block_style()
        return items

    def dump(self) -> bytes:
        out = io.StringIO()
        self.rt.dump(self.data, out)
        text = out.getvalue()
        if _properties(text):  # cannot happen: every value written is a fresh object
            raise YamlEditError("the edit would write an anchor or a tag")
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


def _languages_in(node: Any) -> dict[str, tuple[str, ...]]:
    """For each key, the order of languages of its first text or word list in the file that
    has all of lv, ru and en ("": of the first such text of any key)."""
    found: dict[str, tuple[str, ...]] = {}
    stack: list[tuple[str, Any]] = [("", node)]
    while stack:
        key, current = stack.pop(0)
        if isinstance(current, dict):
            keys = [str(k) for k in current]
            if {"lv", "ru", "en"} <= set(keys) and set(keys) <= set(_LANGUAGE_KEYS):
                order = (*keys, *(k for k in _LANGUAGE_KEYS if k not in keys))
                found.setdefault(key, order)
                found.setdefault("", order)
                continue
            stack.extend((str(k), v) for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((key, v) for v in current)
    return found


# --------------------------------------------------------------------------- the schema


def _model(section: str) -> type[BaseModel]:
    """The model of one entry of `section` (Partner for partners)."""
    if section not in SECTIONS:
        raise YamlEditError(
            f"unknown section '{section}' (the sections are: {', '.join(SECTIONS)})"
        )
    annotation = FILE_MODELS[SECTIONS[section]].model_fields[section].annotation
    model = _model_in(annotation)
    assert model is not None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _field_model(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    if model is None or key not in model.model_fields:
        return None
    return _model_in(model.model_fields[key].annotation)


def id_key(section: str) -> str:
    """The key that names an entry of `section`: `code` for countries, `id` elsewhere."""
    return "id" if "id" in _model(section).model_fields else "code"


def _label(section: str, entry_id: str) -> str:
    return f"{ENTRY_LABELS.get(section, section)} '{entry_id}'"


# --------------------------------------------------------------------------- plain values


def plain(value: Any) -> Any:
    """A copy made of dicts, lists, str, int, float, bool and None (dates as text, as the
    loader reads them)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _scalar(value: Any, key: str | None, flow: bool = False) -> Any:
    """A new scalar as it should be written (`flow`: inside a [flow, list])."""
    if isinstance(value, str):
        if key in DATE_KEYS and _DATE.match(value.strip()):
            parts = value.strip().split("-")
            if len(parts) == 1:
                return int(parts[0])
            if len(parts) == 3:
                try:
                    return dt.date(*map(int, parts))
                except ValueError:
                    pass  # not a real day: written as text, validation says what is wrong
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        punctuated = flow and _FLOW_PUNCTUATION.search(value)
        if tag != _STR_TAG or not value or _NEEDS_QUOTES.search(value) or punctuated:
            return DoubleQuotedScalarString(value)
        return value
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, bool | int | float | dt.date) or value is None:
        return value
    raise YamlEditError(f"cannot write a value of type {type(value).__name__} ({value!r})")


def _node(value: Any, key: str | None = None, model: type[BaseModel] | None = None) -> Any:
    """A fresh ruamel node for a plain value (fresh: no object is written twice)."""
    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in _ordered(value, model, key):
            node[k] = _node(v, k, _field_model(model, k))
        numbers = all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
        )
        if value and numbers:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list | tuple):
        if any(isinstance(v, dict | list | tuple) for v in value):
            return CommentedSeq(_node(v, key) for v in value)
        seq = CommentedSeq(_scalar(v, key, flow=True) for v in value)
        seq.fa.set_flow_style()
        return seq
    return _scalar(value, key)


def _ordered(
    data: dict[str, Any], model: type[BaseModel] | None, key: str | None
) -> list[tuple[str, Any]]:
    """The items of `data` (the value of `key`) without None values, in the schema's order
    where it has one; languages in the order the file writes them."""
    items = [(str(k), v) for k, v in data.items() if v is not None]
    if model is None:
        return items
    names = tuple(model.model_fields)
    if model in (Text, Words):
        orders = _LANGUAGE_ORDER.get()
        names = orders.get(key or "") or orders.get("") or names
    order = {name: i for i, name in enumerate(names)}
    return sorted(items, key=lambda kv: order.get(kv[0], len(order)))


# --------------------------------------------------------------------------- trailing lines

# ruamel keeps the line break after a value, and any blank lines and comments that follow it,
# as a comment of the deepest last key of a block. When that key goes or stops being last
# (a key removed, added after it), what follows the value must move to the new last key, or
# the blank line between two entries would vanish and a comment would move into an entry.


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """(container, key, slot) of the comment after the last value of a block node."""
    if isinstance(node, CommentedMap) and len(node) and not node.fa.flow_style():
        last = next(reversed(node))
        return _last_slot(node[last]) or (node, last, 2)
    if isinstance(node, CommentedSeq) and len(node) and not node.fa.flow_style():
        return _last_slot(node[-1]) or (node, len(node) - 1, 0)
    return None


def _pop_tail(node: Any) -> str:
    """Take what follows the last value of `node` (blank lines, comments on lines of their
    own) away from it; an end-of-line comment stays with its value."""
    where = _last_slot(node)
    if where is None:
        return ""
    container, key, slot = where
    row = container.ca.items.get(key)
    token = row[slot] if row and len(row) > slot else None
    if not isinstance(token, CommentToken):
        return ""
    value = str(token.value)
    head, newline, rest = value.partition("\n")
    if head.strip():  # "  # a comment on the value's line\n..."
        token.value = head + newline
        return rest
    row[slot] = None
    return rest


def _put_tail(node: Any, tail: str) -> None:
    """Give `tail` (from _pop_tail) to the last value of `node`."""
    where = _last_slot(node)
    if where is None or not tail:
        return
    container, key, slot = where
    row = container.ca.items.setdefault(key, [None, None, None, None])
    while len(row) <= slot:
        row.append(None)
    token = row[slot]
    if isinstance(token, CommentToken):
        token.value = str(token.value) + tail
    else:
        row[slot] = CommentToken("\n" + tail, CommentMark(0), None)


def _keeping_tail(node: Any, change: Callable[[], None]) -> None:
    tail = _pop_tail(node)
    change()
    _put_tail(node, tail)


def _entry_break(items: CommentedSeq, index: int) -> str:
    """The lines that separate entry `index` from the next one ('' or blank lines)."""
    after = _last_slot(items[index])
    if after is not None:
        container, key, slot = after
        row = container.ca.items.get(key)
        token = row[slot] if row and len(row) > slot else None
        if isinstance(token, CommentToken):
            return str(token.value).partition("\n")[2]
    before = items.ca.items.get(index + 1)
    tokens = before[1] if before and len(before) > 1 else None
    if tokens:
        return "".join(str(t.value) for t in tokens if isinstance(t, CommentToken))
    return ""


# --------------------------------------------------------------------------- merging


def _merge_map(
    node: CommentedMap, data: dict[str, Any], model: type[BaseModel] | None, key: str | None
) -> None:
    """Make `node` hold exactly `data`: equal values untouched (their quoting and comments
    kept), changed ones replaced, missing keys removed, new keys put in the schema's order."""
    wanted = dict(_ordered(data, model, key))
    for key in [k for k in node if k not in wanted]:
        del node[key]
    rank = {k: i for i, k in enumerate(wanted)}
    for name, value in wanted.items():
        sub = _field_model(model, name)
        if name in node:
            node[name] = _merged(node[name], value, name, sub)
            continue
        before = [i for i, k in enumerate(node) if rank.get(k, len(rank)) < rank[name]]
        node.insert(before[-1] + 1 if before else 0, name, _node(value, name, sub))


def _same(a: Any, b: Any) -> bool:
    """Equal plain values of the same types (True is not 1, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _merged(old: Any, new: Any, key: str, model: type[BaseModel] | None) -> Any:
    if _same(plain(old), plain(_node(new, key, model))):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _keeping_tail(old, lambda: _merge_map(old, new, model, key))
        return old
    fresh = _node(new, key, model)
    if isinstance(old, CommentedSeq) and isinstance(fresh, CommentedSeq):
        if old.fa.flow_style():
            fresh.fa.set_flow_style()
        else:
            fresh.fa.set_block_style()
    elif isinstance(old, ScalarString) and isinstance(new, str) and type(fresh) is str:
        fresh = type(old)(new)  # "keep" the quotes staff chose
    return fresh


def _find(items: CommentedSeq, key: str, entry_id: str) -> int | None:
    for index, item in enumerate(items):
        if str(item.get(key)) == entry_id:
            return index
    return None


def _remove_at(items: CommentedSeq, index: int) -> None:
    """Delete an entry; the comments before the following entries move with them."""
    last = index == len(items) - 1
    tail = _pop_tail(items[index]) if last else ""
    list.__delitem__(items, index)
    comments = items.ca.items
    comments.pop(index, None) if last else None
    for i in sorted(k for k in comments if isinstance(k, int) and k > index):
        comments[i - 1] = comments.pop(i)
    if last and len(items):
        _pop_tail(items[-1])
        _put_tail(items[-1], tail)


def _append(items: CommentedSeq, entry: CommentedMap) -> None:
    """Add an entry at the end, separated as the entries before it are."""
    if len(items):
        gap = _entry_break(items, len(items) - 2) if len(items) > 1 else ""
        gap = "\n" * gap.count("\n") if gap.strip() == "" else ""
        tail = _pop_tail(items[-1])
        _put_tail(items[-1], gap)
        items.append(entry)
        _put_tail(items[-1], tail)
    else:
        items.append(entry)


# --------------------------------------------------------------------------- the API


def sections(content: bytes) -> dict[str, list[str]]:
    """The sections of a file and the ids of their entries, in file order."""
    doc = _Document(content)
    out: dict[str, list[str]] = {}
    for section in doc.data:
        if section in SECTIONS:
            items = doc.section(section) or CommentedSeq()
            key = id_key(section)
            out[section] = [str(item.get(key)) for item in items]
    return out


def entries(content: bytes, section: str) -> list[dict[str, Any]]:
    """Every entry of `section`, as plain dicts, in file order."""
    items = _Document(content).section(section)
    return [plain(item) for item in items or ()]


def entry(content: bytes, section: str, entry_id: str) -> dict[str, Any] | None:
    """A plain copy of the entry with this id (countries: this code), or None."""
    items = _Document(content).section(section)
    if items is None:
        return None
    index = _find(items, id_key(section), entry_id)
    return None if index is None else plain(items[index])


def upsert_entry(content: bytes, section: str, data: dict[str, Any]) -> bytes:
    """Replace the entry whose id is data's id, in place (its comments and the quoting of the
    values that stay kept; keys absent from `data`, or None in it, removed), or add it at the
    end of the section."""
    model = _model(section)
    key = id_key(section)
    entry_id = data.get(key)
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise YamlEditError(f"the entry needs its '{key}'")
    doc = _Document(content)
    items = doc.section(section, create=True)
    assert items is not None
    index = _find(items, key, entry_id)
    with doc.editing():
        if index is None:
            _append(items, _node(data, None, model))
        else:
            item = items[index]
            _keeping_tail(item, lambda: _merge_map(item, data, model, None))
    return doc.dump()


def remove_entry(content: bytes, section: str, entry_id: str) -> bytes:
    """Delete the entry with this id; YamlEditError if there is none."""
    doc = _Document(content)
    items = doc.section(section)
    index = None if items is None else _find(items, id_key(section), entry_id)
    if items is None or index is None:
        raise YamlEditError(f"there is no {_label(section, entry_id)} in {SECTIONS[section]}")
    _remove_at(items, index)
    return doc.dump()


def word_keys(section: str) -> tuple[str, ...]:
    """The word lists of an entry of `section` that phrases can be added to (aliases,
    keywords, questions)."""
    model = _model(section)
    return tuple(n for n, f in model.model_fields.items() if _model_in(f.annotation) is Words)


def has_phrase(words: Iterable[str], phrase: str) -> bool:
    """Whether `phrase` is among `words`, ignoring case and surrounding spaces."""
    wanted = phrase.strip().casefold()
    return any(str(w).strip().casefold() == wanted for w in words)


def add_phrase(
    content: bytes, section: str, entry_id: str, key: str, lang: str, phrase: str
) -> bytes:
    """Add `phrase` to the entry's `key` list in `lang` (aliases.lv, keywords.ru, questions.en,
    ...), creating the list if needed; unchanged content if the phrase is there already (in
    any case)."""
    if key not in word_keys(section):
        raise YamlEditError(
            f"{ENTRY_LABELS.get(section, section)} entries have no word list '{key}' "
            f"(they have: {', '.join(word_keys(section)) or 'none'})"
        )
    if lang not in Words.model_fields:
        raise YamlEditError(f"unknown language '{lang}' (one of {', '.join(Words.model_fields)})")
    phrase = " ".join(phrase.split())
    if not phrase:
        raise YamlEditError("the phrase is empty")
    doc = _Document(content)
    items = doc.section(section)
    index = None if items is None else _find(items, id_key(section), entry_id)
    if items is None or index is None:
        raise YamlEditError(f"there is no {_label(section, entry_id)} in {SECTIONS[section]}")
    item = items[index]
    words = item.get(key)
    if isinstance(words, dict) and has_phrase(words.get(lang) or (), phrase):
        return content
    if words is not None and not isinstance(words, CommentedMap):
        raise YamlEditError(f"{_label(section, entry_id)}: '{key}' must be a map of languages")

    def change() -> None:
        current = plain(item.get(key) or {})
        current[lang] = [*(current.get(lang) or []), phrase]
        _merge_map(item, {**plain(item), key: current}, _model(section), None)

    with doc.editing():
        _keeping_tail(item, change)
    return doc.dump()
