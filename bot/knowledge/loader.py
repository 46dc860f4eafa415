"""Load and validate the knowledge base, collecting every error with its file and line.

Staff edit the YAML by hand, so the loader never stops at the first problem: it reads every
file, reports each fault as `file:line: partner 'ludza': agreement.signed: message`, and only
returns a KnowledgeBase when there is none.

Reading is done twice over only when needed: a file is first read by yaml_rs (a YAML parser
in Rust, ~20 times faster than PyYAML's) when nothing in it could be read differently by
YAML 1.2 and by PyYAML's YAML 1.1 (a bare NO, 0777, 1e3, tags, merge keys...; see `_UNSURE`);
the line of each key, which only an error message needs, is found by PyYAML afterwards,
and only when there is an error to report. Any doubt, any parse error, a duplicate key:
the file is read by PyYAML as before, which reports it.

A file of nothing but its list of entries (as staff write them) is read and validated one
entry at a time, each entry's data let go before the next is read (`_read_by_entry`); a file
of any other shape, or with anything wrong in it, is read whole, for its messages.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, get_args

import yaml
from babel import Locale
from pydantic import BaseModel, ValidationError

try:  # the fast reader; without it every file is read by PyYAML
    import yaml_rs

    FAST_READER = True
except ImportError:  # pragma: no cover - a dependency, but the loader works without it
    FAST_READER = False

from bot.knowledge.model import KnowledgeBase
from bot.knowledge.schema import (
    ENTRY_LABELS,
    FILE_MODELS,
    LANGUAGES,
    OPTIONAL_FILES,
    Strict,
    Text,
    Words,
)

PathKey = tuple[str | int, ...]


_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 5x faster


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, but dates stay text: the schema reads them with their precision."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in a knowledge file, said in words a non-programmer can act on."""

    file: str
    line: int
    message: str
    entry: str = ""
    key: str = ""
    source_line: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: "
        what = "".join(f"{part}: " for part in (self.entry, self.key) if part)
        return f"{where}{what}{self.message}"

    def explain(self) -> str:
        """The message, the offending line and a caret under it, for terminals."""
        if not self.source_line.strip():
            return str(self)
        text = self.source_line.rstrip("\n")
        indent = len(text) - len(text.lstrip())
        return f"{self}\n    {text}\n    {' ' * indent}^"


class KnowledgeError(Exception):
    """The knowledge base is invalid; `issues` lists every problem found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues)
        count = len(self.issues)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the knowledge base")

    def report(self) -> str:
        return "\n".join(issue.explain() for issue in self.issues)


# --------------------------------------------------------------------------- reading YAML


@dataclass
class _Document:
    """A parsed knowledge file: its data and the line of every mapping key and list item
    (found when first asked for, if the file was read by the fast reader).

    Only an error message needs the file's text, its lines and (once the file validated) its
    data: the file's bytes are kept, the text and lines are made when first asked for, and a
    validated file's data is let go (`release`) and read again only for a message."""

    name: str
    shown: str
    raw: bytes
    read_fast: bool  # by yaml_rs; else by PyYAML (whose reading a re-read repeats)
    known_lines: dict[PathKey, int] | None
    _data: Any = None
    _released: bool = False
    _references: dict[tuple[str, str], list[tuple[PathKey, str]]] = field(default_factory=dict)

    @functools.cached_property
    def text(self) -> str:
        return self.raw.decode("utf-8").removeprefix("\ufeff")

    @functools.cached_property
    def text_lines(self) -> list[str]:
        return self.text.splitlines()

    @property
    def data(self) -> Any:
        if self._released:  # read again, as it was read the first time
            data = _read_fast(self.text) if self.read_fast else None
            self._data = self._read_slowly() if data is None else data
            self._released = False
        return self._data

    def _read_slowly(self) -> Any:
        loader = _Loader(self.text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()

    def release(self) -> None:
        """Let the data go once the file validated: the references to other files are
        kept (`references`), the rest is read again if a message needs it."""
        if self.name in _REFERENCES:
            top, key, _, _ = _REFERENCES[self.name]
            if (top, key) not in self._references:
                self._references[(top, key)] = list(_raw_references(self._data, top, key))
        self.forget()

    def forget(self) -> None:
        """Let the data go (or what is left of it): it is read again when next asked for."""
        self._data, self._released = None, True

    def keep_references(self, top: str, key: str, found: list[tuple[PathKey, str]]) -> None:
        """The references read from the data before it went."""
        self._references[(top, key)] = found

    def references(self, top: str, key: str) -> list[tuple[PathKey, str]]:
        """Each id written under `key` of each entry of `top` (see _raw_references)."""
        kept = self._references.get((top, key))
        return kept if kept is not None else list(_raw_references(self.data, top, key))

    @property
    def lines(self) -> dict[PathKey, int]:
        if self.known_lines is None:
            self.known_lines = _line_map(self.text, self.shown, self.text_lines)[0]
        return self.known_lines

    def line_of(self, path: PathKey) -> int:
        """The line of the deepest known node on `path` (1-based)."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return 1

    def issue(self, path: PathKey, message: str, *, key: str | None = None) -> Issue:
        line = self.line_of(path)
        src = self.text_lines[line - 1] if 0 < line <= len(self.text_lines) else ""
        return Issue(
            file=self.shown,
            line=line,
            message=message,
            entry=self._entry_label(path),
            key=_dotted(path[2:]) if key is None else key,
            source_line=src,
        )

    def _entry_label(self, path: PathKey) -> str:
        if len(path) < 2 or not isinstance(path[0], str) or not isinstance(path[1], int):
            return ""
        data = self.data
        items = data.get(path[0]) if isinstance(data, dict) else None
        label = ENTRY_LABELS.get(path[0], path[0])
        if isinstance(items, list) and 0 <= path[1] < len(items):
            item = items[path[1]]
            if isinstance(item, dict) and isinstance(item.get("id") or item.get("code"), str):
                return f"{label} '{item.get('id') or item.get('code')}'"
        return f"{label} #{path[1] + 1}"


def _dotted(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _walk(
    node: yaml.Node,
    path: PathKey,
    lines: dict[PathKey, int],
    dups: list[Issue],
    shown: str,
    text_lines: list[str],
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                dups.append(
                    Issue(
                        file=shown,
                        line=line,
                        message=(
                            f"the key '{key}' appears twice in the same place (first on line "
                            f"{seen[key]}); YAML would silently keep only the last one"
                        ),
                        source_line=text_lines[line - 1] if line <= len(text_lines) else "",
                    )
                )
                continue
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, dups, shown, text_lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, dups, shown, text_lines)


# What YAML 1.1 (PyYAML) and YAML 1.2 (yaml_rs) may read differently: a whole plain scalar
# (a value, a key, a list item) that starts like a number, a tag, an anchor, an alias, a
# merge key or a block scalar, or is a yes/no/on/off word; any escape; the line breaks
# only YAML 1.1 knows; a document marker or directive. A scalar starts after a space, a
# tab, a line break or (in a flow collection) "[", "{", ",": after any other character
# (a no-break space, a form feed) `_is_whole_scalar` would say no. The numbers and dates
# the files hold (2011-09-23, 12, 56.95) and true/false/null are read alike (`_SAFE_PLAIN`). The
# patterns find candidates quickly (each starts with a character class); `_is_whole_scalar`
# then drops those in the middle of a text or in a comment.
_UNSURE_CHARS = ("\\", "\x85", "\u2028", "\u2029")
_UNSURE_LINES = ("---", "...", "%")
_WHOLE = r"(?=[ \t]*(?:$|\#|:[ \t]|:$|[,\]}]))"  # the scalar ends there
_PLAIN_SIGN = re.compile(r"[-+.0-9~=<@`](?<=[ \t\n\[{,].)[^\s,\[\]{}#]*" + _WHOLE, re.M)
_PROPERTY = re.compile(r"[!&*|>](?<=[ \t\n\[{,].)")  # a tag, anchor, alias or block scalar
_PLAIN_WORD = re.compile(  # (group 1: the word; the character before it is matched too,
    # which the regular expression engine finds faster than any of the letters)
    r"[ \t\n\[{,]((?i:[ynotf])"
    r"(?i:(?<=y)(?:es)?|(?<=n)o?|(?<=o)(?:n|ff)|(?<=t)rue|(?<=f)alse|(?<=n)ull))" + _WHOLE,
    re.M,
)
_FLOW = re.compile(r"[\[{](?![\]}])")  # a flow collection that is not empty: commas count
_COMMENT = re.compile(r"(?:^|[ \t])#")
_SAFE_PLAIN = re.compile(
    r"[-+]?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]+)?|[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2})?"
    r"|true|True|TRUE|false|False|FALSE|null|Null|NULL|~"
)


def _read_fast(text: str) -> Any | None:
    """The file's data as PyYAML would read it, by yaml_rs; None when unsure (read it with
    PyYAML then), or when the fast reader finds a fault (PyYAML reports it)."""
    if not _reads_alike(text):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any fault: the careful reader finds and words it
        return None
    return data if isinstance(data, dict) else None


def _reads_alike(text: str) -> bool:
    """Whether yaml_rs reads `text` as PyYAML does (see `_UNSURE_CHARS`): nothing in it is
    read differently by YAML 1.1 and 1.2, and it has no tag, anchor or block scalar."""
    if not FAST_READER or any(c in text for c in _UNSURE_CHARS):
        return False
    if text.startswith(_UNSURE_LINES) or any("\n" + m in text for m in _UNSURE_LINES):
        return False
    scanned = "\n" + text  # the first scalar too has a line break before it
    flow = _FLOW.search(text) is not None
    for pattern in (_PLAIN_SIGN, _PLAIN_WORD, _PROPERTY):
        scalar = pattern.groups  # the scalar itself: group 1 if the pattern has one, else 0
        for plain in pattern.finditer(scanned):
            if pattern is not _PROPERTY and _SAFE_PLAIN.fullmatch(plain.group(scalar)):
                continue
            if _is_whole_scalar(scanned, plain.start(scalar), flow):
                return False
    return True


# A file of nothing but its list: "partners:" (comments and blank lines around it), then
# the entries, each a "- " at the list's indentation and lines indented deeper.
_HEAD = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*([a-z_]+):[ \t]*(?:#[^\n]*)?\r?\n")
_FIRST_ITEM = re.compile(r"(?m)^( *)-(?=[ \t]|\r?$)")


def _entry_texts(text: str, top: str) -> Iterator[str] | None:
    """The text of each entry of a file that is nothing but `top:` and its block list, one
    after the other; None when the file has any other shape (or is not read alike by
    yaml_rs). Each piece parses as a list of that one entry; a piece that does not (a
    quoted text over several lines parted there) makes the caller read the file whole."""
    head = _HEAD.match(text)
    if head is None or head.group(1) != top or not _reads_alike(text):
        return None
    first = _FIRST_ITEM.search(text, head.end())
    if first is None or text[head.end() : first.start()].strip(" \t\r\n"):
        return None
    indent = len(first.group(1))
    # Any line that starts at the list's indentation or less, but a comment and the "- " of
    # an entry, is something else: a second top key, a continued flow list... (Both patterns
    # begin with the line break itself, which the regular expression engine finds fastest.)
    stray = _stray_line(indent)
    if stray.search(text, first.start() - 1) is not None:
        return None
    starts = [first.start()]
    starts += [m.start() + 1 for m in _entry_line(indent).finditer(text, first.end())]
    return (text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True))


@cache
def _stray_line(indent: int) -> re.Pattern[str]:
    return re.compile(rf"\n(?! {{{indent}}}-(?:[ \t]|\r?\n|\r?$)) {{0,{indent}}}[^\s#]")


@cache
def _entry_line(indent: int) -> re.Pattern[str]:
    return re.compile(rf"\n {{{indent}}}-(?=[ \t]|\r?\n|\r?$)")


def _is_whole_scalar(text: str, at: int, flow: bool) -> bool:
    """Whether a plain scalar may begin at `at`: not inside a comment, and after nothing but
    indentation, "- ", "key: ", "? " or (in a flow collection) "[", "{", ",". Unsure: yes."""
    before = text[text.rfind("\n", 0, at) + 1 : at]
    comment = _COMMENT.search(before)
    if comment is not None and not any(q in before[: comment.start()] for q in "'\""):
        return False
    before = before.rstrip(" \t")
    return not before or before.endswith(("-", ":", "?", *(("[", "{", ",") if flow else ())))


def _line_map(
    text: str, shown: str, text_lines: list[str]
) -> tuple[dict[PathKey, int], list[Issue]]:
    """The line of every key and list item, and the duplicate keys, read by PyYAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    dups: list[Issue] = []
    if node is not None:
        _walk(node, (), lines, dups, shown, text_lines)
    return lines, dups


ANCHOR_MESSAGE = "anchors and aliases (&, *) are not allowed here: write the value out in full"
TAG_MESSAGE = (
    "tags such as !!str or !custom are not allowed here (found {tag}): write the value "
    "plainly, in quotes if it is text"
)
_PROPERTY_CHARS = frozenset("&*!")


def _properties(text: str, shown: str, text_lines: list[str]) -> list[Issue]:
    """Anchors (&name), aliases (*name) and tags (!!str, !custom), each with its line: staff
    files spell every value out, and a tag or an alias would hide what a value is. Read from
    PyYAML's events (so '&' or '!' inside a text is no fault); a syntax error stops the scan,
    and is reported by the reader as usual."""
    if _PROPERTY_CHARS.isdisjoint(text) or not _PROPERTY.search(text):
        return []  # no '&', '*' or '!' where a value starts: nothing to look for
    issues: list[Issue] = []
    loader = _Loader(text)

    def issue(event: yaml.Event, message: str) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 1
        src = text_lines[line - 1] if 0 < line <= len(text_lines) else ""
        issues.append(Issue(shown, line, message, source_line=src))

    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                issue(event, ANCHOR_MESSAGE)
            tag = getattr(event, "tag", None)
            if isinstance(event, yaml.NodeEvent) and tag:
                shown_tag = str(tag).replace("tag:yaml.org,2002:", "!!")
                issue(event, TAG_MESSAGE.format(tag=shown_tag))
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return issues


# A syntax error as staff can act on it. PyYAML marks where it *noticed* the fault, often the
# line after it: a quote or bracket left open is noticed where the text runs on, a key
# without ':' on the next line. Where the scanner names what it was reading when it started
# (its context), that start is the real line; otherwise the noticed line is, or the one above.
_OPENED = {  # the context of an error -> what was left open, told where it started
    "while scanning a quoted scalar": "a quotation mark is not closed",
    "while parsing a flow sequence": "a list in [ ] is not closed: a ']' or a ',' is missing",
    "while parsing a flow mapping": "a { } is not closed: a '}' or a ',' is missing",
    "while scanning a simple key": "a key without ':' after it",
}
_NOTICED = {  # the problem -> what it usually means, told at the line it was noticed
    "mapping values are not allowed": (
        "a ':' where YAML does not expect one (a text with ': ' in it needs quotes, and a "
        "list item needs a space after '-')"
    ),
    "expected <block end>, but found": "the indentation does not match the lines above",
    "did not find expected key": "the indentation does not match the lines above",
    "did not find expected '-' indicator": "the indentation does not match the list above",
}


def _content_line(text_lines: list[str], line: int) -> int:
    """`line`, or the nearest line above it with something on it (not blank, no comment)."""
    line = min(line, len(text_lines))
    while line > 1 and not text_lines[line - 1].split("#", 1)[0].strip():
        line -= 1
    return max(line, 1)


def _syntax_issue(exc: yaml.MarkedYAMLError, shown: str, text_lines: list[str]) -> Issue:
    opened = _OPENED.get(exc.context or "")
    if opened and exc.context_mark is not None:
        line = _content_line(text_lines, exc.context_mark.line + 1)
        message = f"this is not valid YAML: {opened} (it starts on this line)"
    else:
        mark = exc.problem_mark or exc.context_mark
        noticed = mark.line + 1 if mark else 1
        line = _content_line(text_lines, noticed)
        problem = exc.problem or exc.context or "it is not valid YAML"
        meaning = next((m for p, m in _NOTICED.items() if problem.startswith(p)), problem)
        message = f"this is not valid YAML: {meaning}"
        if line > 1:
            message += " — on this line or the one above"
    src = text_lines[line - 1] if 0 < line <= len(text_lines) else ""
    return Issue(shown, line, message, source_line=src)


# A line with something on it: neither blank nor only a comment. (Where this finds none,
# the file's lines are read one by one: a line break YAML knows but `^` does not.)
_CONTENT = re.compile(r"^[ \t]*[^\s#]", re.M)


def _read(name: str, raw: bytes, shown: str) -> tuple[_Document | None, list[Issue]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Issue(
                shown,
                line,
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X}); "
                "save it with the UTF-8 encoding",
            )
        ]
    text = text.removeprefix("\ufeff")
    if not _CONTENT.search(text) and not any(
        ln.strip() and not ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [Issue(shown, 1, "the file is empty; it must contain its list of entries")]
    if "\t" in text:
        tabs = [
            Issue(shown, n, "a tab character; YAML needs spaces for indentation", source_line=ln)
            for n, ln in enumerate(text.splitlines(), 1)
            if "\t" in ln
        ]
        if tabs:
            return None, tabs
    fast = _read_fast(text)
    if fast is not None:
        return _Document(name, shown, raw, True, None, fast), []
    text_lines = text.splitlines()
    refused = _properties(text, shown, text_lines)  # the fast reader reads none of them
    if refused:
        return None, refused
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_issue(exc, shown, text_lines)]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know is marked
        return None, [Issue(shown, 1, f"this is not valid YAML: {exc}")]
    if node is None:
        return None, [Issue(shown, 1, "the file is empty; it must contain its list of entries")]
    lines: dict[PathKey, int] = {}
    dups: list[Issue] = []
    _walk(node, (), lines, dups, shown, text_lines)
    try:
        # The same parse builds the data: each file is read once.
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:  # e.g. a tag the safe loader refuses
        return None, [Issue(shown, 1, f"this YAML cannot be read safely: {exc}")]
    finally:
        loader.dispose()
    return _Document(name, shown, raw, False, lines, data), dups


# --------------------------------------------------------------------------- validation

_FRIENDLY = {
    "missing": "this required key is missing",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "list_type": "expected a list (lines starting with '- ')",
    "model_type": "expected a group of 'key: value' lines",
    "dict_type": "expected a group of 'key: value' lines",
    "string_pattern_mismatch": "has the wrong form",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long",
    "literal_error": "is not one of the allowed values",
}


def _friendly(error: Any, model: type[BaseModel], loc: PathKey) -> str:
    kind = error["type"]
    got = error.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = f"; allowed keys here: {', '.join(allowed)}" if allowed else ""
        return f"unknown key '{loc[-1]}' (check the spelling{hint})"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    message = _FRIENDLY.get(kind, str(error["msg"]))
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        if "A-Z" in pattern:
            message = "expected a two-letter country code such as PL"
        elif "a-z" in pattern:
            message = "expected an id of lowercase Latin letters, digits and _ such as ludza"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        message = f"is out of range ({error['msg'].lower()})"
    if kind != "missing" and not isinstance(got, dict | list):
        message += f", got {got!r}"
    if kind == "string_type" and isinstance(got, bool):
        message += " (YAML reads a bare NO, YES, ON or OFF as false/true: put it in quotes)"
    return message


def _allowed_keys(model: type[BaseModel], loc: PathKey) -> list[str]:
    """The keys a mapping at `loc` may have, found by walking the model's fields."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _validate(doc: _Document) -> tuple[Strict | None, list[Issue]]:
    model = FILE_MODELS[doc.name]
    top = next(iter(model.model_fields))
    if not isinstance(doc.data, dict) or top not in doc.data:
        return None, [doc.issue((), f"the file must start with '{top}:' followed by its list")]
    validated = _validate_entries(doc, model, top)
    if validated is not None:
        return validated, []
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        issues = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            issues.append(doc.issue(loc, _friendly(error, model, loc)))
        return None, issues


class _NotByEntry(Exception):
    """An entry's text did not read alone as one entry, or the entry has a fault."""


def _read_by_entry(name: str, raw: bytes, shown: str) -> tuple[_Document, Strict] | None:
    """A valid file of nothing but its list of entries, each entry read and validated in
    turn and its data let go before the next is read: a large file's data are never all
    held at once (most of a large load's peak memory, and the holes it leaves). None when
    the file is of another shape, or anything in it is wrong: then it is read and
    validated whole, for its messages, as before."""
    model = FILE_MODELS[name]
    top = next(iter(model.model_fields))
    entry = _entry_model(model, top)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    pieces = _entry_texts(text, top) if entry is not None and "\t" not in text else None
    if pieces is None or entry is None:
        return None
    refs = _REFERENCES.get(name)
    references: list[tuple[PathKey, str]] = []
    entries: list[Strict] = []
    try:
        for i, piece in enumerate(pieces):
            try:
                read = yaml_rs.loads(piece, parse_datetime=False)
            except Exception:  # any fault: the file is read whole, and the fault worded
                raise _NotByEntry from None
            if not isinstance(read, list) or len(read) != 1:
                raise _NotByEntry
            if refs is not None:
                references.extend(_item_references(read[0], top, i, refs[1]))
            entries.append(entry.model_validate(read[0]))
    except (_NotByEntry, ValidationError):
        return None
    doc = _Document(name, shown, raw, True, None)
    if refs is not None:
        doc.keep_references(top, refs[1], references)
    doc.forget()
    return doc, model.model_validate({top: entries})  # (models are taken as they are)


def _validate_entries(doc: _Document, model: type[Strict], top: str) -> Strict | None:
    """A file of nothing but its list, validated entry by entry, each entry's data let go
    as its model is made: the models take the memory the data gave back, instead of all the
    data and all the models held at once (a third less memory after a large load). None
    when the file is anything else or an entry has a fault: then the whole file is
    validated at once (read again) for its messages, exactly as before."""
    data = doc.data
    items = data.get(top) if len(data) == 1 else None
    entry = _entry_model(model, top)
    if not isinstance(items, list) or entry is None:
        return None
    refs = _REFERENCES.get(doc.name)
    references: list[tuple[PathKey, str]] = []
    entries: list[Strict] = []
    try:
        for i, item in enumerate(items):
            if refs is not None and refs[0] == top:
                references.extend(_item_references(item, top, i, refs[1]))
            entries.append(entry.model_validate(item))
            items[i] = None  # this entry's data goes now
    except ValidationError:
        doc.forget()
        return None
    if refs is not None:
        doc.keep_references(top, refs[1], references)
    return model.model_validate({top: entries})  # (models are taken as they are)


@cache
def _entry_model(model: type[Strict], top: str) -> type[Strict] | None:
    """The model of each entry of a file's list (Partner for partners.yaml)."""
    found = _model_in(model.model_fields[top].annotation)
    return found if found is not None and issubclass(found, Strict) else None


UNTRANSLATED_WORDS = frozenset({"aliases"})
"""Word lists that are spellings of a name, not translations: a language may lack them
(a partner's aliases have no English, its English name is the name)."""


def _holds_text(annotation: Any) -> bool:
    """Whether a field of this type can hold a Text or Words (itself, in a model, in a list)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation in (Text, Words) or bool(_text_fields(annotation))
    return any(_holds_text(arg) for arg in get_args(annotation))


@cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold a Text or Words: the others are not walked."""
    return tuple(
        n
        for n, f in model.model_fields.items()
        if n not in UNTRANSLATED_WORDS and _holds_text(f.annotation)
    )


def _texts(value: Any, path: PathKey) -> Iterator[tuple[PathKey, Text | Words]]:
    """Every Text and every translated word list inside a model, with its path."""
    if isinstance(value, Text | Words):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in _text_fields(type(value)):
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _translated(value: Any, languages: tuple[str, ...]) -> bool:
    """Whether every Text inside a model has each language, and every word list given in
    one language has each (what `_untranslated` checks, without a path or a message)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is Text:
            given = item.__dict__
            if not all(given.get(lang) for lang in languages):
                return False
        elif kind is Words:
            given = item.__dict__
            if any(given.get(lang) for lang in languages) and not all(
                given.get(lang) for lang in languages
            ):
                return False
        elif kind is list:
            stack.extend(item)
        elif isinstance(item, BaseModel):
            fields = item.__dict__
            stack.extend(fields[n] for n in _text_fields(type(item)))
    return True


def _untranslated(is_text: bool, given: dict[str, Any], languages: tuple[str, ...]) -> str:
    """What is missing of a text or a word list, in words; '' when nothing is."""
    missing = [lang for lang in languages if not given.get(lang)]
    if not missing:
        return ""
    if is_text:
        return (
            f"the text is missing in {', '.join(missing)} (every text needs {', '.join(languages)})"
        )
    if any(given.get(lang) for lang in languages):  # an empty list needs none
        return (
            f"the words are missing in {', '.join(missing)} (a word list given in one "
            f"language needs {', '.join(languages)}: people ask in each)"
        )
    return ""


def _raw_texts(
    value: Any, model: type[BaseModel], path: PathKey
) -> Iterator[tuple[PathKey, bool, dict[str, Any]]]:
    """Every text and translated word list in data as read, by the model it should be."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _raw_texts(item, model, (*path, index))
        return
    if not isinstance(value, dict):
        return
    if model in (Text, Words):
        yield path, model is Text, value
        return
    for name in _text_fields(model):
        inner = _model_in(model.model_fields[name].annotation)
        if inner is not None and name in value:
            yield from _raw_texts(value[name], inner, (*path, name))


def _cross_check(
    docs: dict[str, _Document], models: dict[str, Strict], languages: tuple[str, ...]
) -> list[Issue]:
    issues: list[Issue] = []
    ids: dict[str, set[str]] = {}
    for name, model in models.items():
        doc = docs[name]
        top = next(iter(type(model).model_fields))
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(model, top)):
            key = str(getattr(item, "id", None) or getattr(item, "code", ""))
            if key in seen:
                issues.append(
                    doc.issue(
                        (top, index, "id"),
                        f"the id '{key}' is already used by entry #{seen[key] + 1} "
                        f"(line {doc.line_of((top, seen[key]))}); ids must be unique",
                        key="id",
                    )
                )
            else:
                seen[key] = index
        ids[top] = set(seen)
        if _translated(model, languages):
            continue  # (nothing to report: the paths are made only for a message)
        for path, text in _texts(model, ()):
            given = {lang: getattr(text, lang, None) for lang in languages}
            message = _untranslated(isinstance(text, Text), given, languages)
            if message:
                issues.append(doc.issue(path, message))
    # A file that did not validate has its translations checked on the file as read, so a
    # missing language shows in the same run as the other fault.
    for name, doc in docs.items():
        if name in models:
            continue
        for path, is_text, given in _raw_texts(doc.data, FILE_MODELS[name], ()):
            message = _untranslated(is_text, given, languages)
            if message:
                issues.append(doc.issue(path, message))

    def unknown(doc_name: str, path: PathKey, kind: str, value: str, known: set[str]) -> None:
        hint = f" (known: {', '.join(sorted(known))})" if len(known) <= 12 else ""
        issues.append(docs[doc_name].issue(path, f"unknown {kind} id '{value}'{hint}"))

    # A file that was read but did not validate still tells its entries' ids, so a reference
    # to them is checked in the same run; a file that could not be read is left out (a
    # reference to its entries is reported once it is fixed), everything else is checked.
    for name, doc in docs.items():
        top = next(iter(FILE_MODELS[name].model_fields))
        if top not in ids:
            ids[top] = _raw_ids(doc.data, top)
    territories = set(Locale.parse("en").territories)
    for name, (top, key, target, kind) in _REFERENCES.items():
        known = ids.get(target)
        if name not in docs or known is None:
            continue
        for path, value in docs[name].references(top, key):
            if value not in known:
                unknown(name, path, kind, value, known)
    partners = ids.get("partners")
    for i, partner in enumerate(_entries(models, "partners.yaml")):
        assert partners is not None  # this very file
        for j, pid in enumerate(partner.agreement.listed_with):
            if pid not in partners or pid == partner.id:
                unknown(
                    "partners.yaml",
                    ("partners", i, "agreement", "listed_with", j),
                    "partner",
                    pid,
                    partners - {partner.id},
                )
    for i, project in enumerate(_entries(models, "projects.yaml")):
        if project.start and project.end and project.end.as_date() < project.start.as_date():
            issues.append(
                docs["projects.yaml"].issue(
                    ("projects", i, "end"), f"the end ({project.end}) is before the start"
                )
            )
    for name, top in (
        ("partners.yaml", "partners"),
        ("events.yaml", "events"),
        ("countries.yaml", "countries"),
    ):
        if name not in models:
            continue
        for i, item in enumerate(getattr(models[name], top)):
            code = getattr(item, "country", None) or getattr(item, "code", None)
            if code not in territories:
                key = "country" if top != "countries" else "code"
                issues.append(
                    docs[name].issue((top, i, key), f"'{code}' is not an ISO 3166 country code")
                )
    return issues


# References between files: file -> (its list, the key holding an id or a list of ids, the
# list the ids must be in, what to call them). Checked on the file as read, so an entry with
# another fault still has its references checked in the same run.
_REFERENCES = {
    "partners.yaml": ("partners", "fields", "fields", "field"),
    "projects.yaml": ("projects", "partners", "partners", "partner"),
    "media.yaml": ("media", "project", "projects", "project"),
}


def _raw_items(data: Any, top: str) -> list[Any]:
    """The list of entries of a file as read (none if it is not a list)."""
    items = data.get(top) if isinstance(data, dict) else None
    return items if isinstance(items, list) else []


def _raw_references(data: Any, top: str, key: str) -> Iterator[tuple[PathKey, str]]:
    """Each id written under `key` of each entry (a single id or a list of them)."""
    for i, item in enumerate(_raw_items(data, top)):
        yield from _item_references(item, top, i, key)


def _item_references(item: Any, top: str, i: int, key: str) -> Iterator[tuple[PathKey, str]]:
    """The ids written under `key` of entry `i` of `top`."""
    value = item.get(key) if isinstance(item, dict) else None
    if isinstance(value, str):
        yield (top, i, key), value
    elif isinstance(value, list):
        yield from (((top, i, key, j), v) for j, v in enumerate(value) if isinstance(v, str))


def _raw_ids(data: Any, top: str) -> set[str]:
    """The ids (or codes) of the entries of a file as read, before validation."""
    return {
        str(key)
        for item in _raw_items(data, top)
        if isinstance(item, dict) and (key := item.get("id", item.get("code"))) is not None
    }


def _entries(models: dict[str, Strict], name: str) -> list[Any]:
    """The entries of a validated file; none when the file is absent or invalid."""
    model = models.get(name)
    return list(getattr(model, next(iter(type(model).model_fields)))) if model else []


# --------------------------------------------------------------------------- entry point


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_P = ParamSpec("_P")
_R = TypeVar("_R")


# The files last read valid: name -> (the digest of their bytes, their model). A file read
# again unchanged - a reload after another file was edited, a draft's preview, the console's
# check - is neither read nor validated again: its model is taken as it is (models are
# frozen: the two knowledge bases share it). One version a file, the newest.
_VALIDATED: dict[str, tuple[bytes, Strict]] = {}


def _unchanged(name: str, own: bytes, raw: bytes, shown: str) -> tuple[_Document, Strict] | None:
    """The document and model of a file read valid before with these very bytes (`own`:
    their digest)."""
    known = _VALIDATED.get(name)
    if known is None or known[0] != own:
        return None
    model = known[1]
    doc = _Document(name, shown, raw, True, None)
    if name in _REFERENCES:
        top, key, _, _ = _REFERENCES[name]
        found = list(_model_references(getattr(model, top), top, key))
        doc.keep_references(top, key, found)
    doc.forget()
    return doc, model


def _model_references(entries: list[Any], top: str, key: str) -> Iterator[tuple[PathKey, str]]:
    """The ids under `key` of each validated entry, as `_raw_references` reads them."""
    for i, entry in enumerate(entries):
        value = getattr(entry, key)
        if isinstance(value, str):
            yield (top, i, key), value
        elif isinstance(value, list):
            yield from (((top, i, key, j), v) for j, v in enumerate(value))


def forget_validated() -> None:
    """Read and validate every file again on the next load (benchmarks time a cold load)."""
    _VALIDATED.clear()


def _collector_paused(load: Callable[_P, _R]) -> Callable[_P, _R]:
    """Reading builds some 10^6 objects, all of them kept: the garbage collector is paused
    meanwhile (each full collection it would start would walk the growing heap for nothing)."""

    @functools.wraps(load)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return load(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused


@_collector_paused
def load_knowledge(
    directory: str | Path,
    languages: tuple[str, ...] = LANGUAGES,
    overrides: dict[str, bytes] | None = None,
) -> KnowledgeBase:
    """Read and validate every knowledge file in `directory`.

    `overrides` maps a file name to content that replaces the file on disk (used to check an
    uploaded file before it is written). Raises KnowledgeError with every issue found.
    """
    directory = Path(directory)
    overrides = overrides or {}
    if not directory.is_dir():
        raise KnowledgeError([Issue(_shown(directory), 0, "the knowledge folder does not exist")])
    issues: list[Issue] = []
    docs: dict[str, _Document] = {}
    models: dict[str, Strict] = {}
    digest = hashlib.sha256()
    for name in FILE_MODELS:
        path = directory / name
        shown = _shown(path)
        if name in overrides:
            raw = overrides[name]
        elif path.is_file():
            raw = path.read_bytes()
        elif name in OPTIONAL_FILES:
            continue
        else:
            issues.append(Issue(shown, 0, "this knowledge file is missing"))
            continue
        digest.update(name.encode())
        digest.update(raw)  # (the digest of both, without a copy of the file)
        own = hashlib.sha256(raw).digest()
        unchanged = _unchanged(name, own, raw, shown)
        if unchanged is not None:
            docs[name], models[name] = unchanged
            continue
        by_entry = _read_by_entry(name, raw, shown)
        if by_entry is not None:
            docs[name], models[name] = by_entry
            _VALIDATED[name] = (own, by_entry[1])
            continue
        doc, read_issues = _read(name, raw, shown)
        issues.extend(read_issues)
        if doc is None:
            continue
        docs[name] = doc
        # Validated as soon as read, and the data let go when valid: the files' data are
        # never all held at once next to their models.
        model, found = _validate(doc)
        issues.extend(found)
        if model is not None:
            models[name] = model
            doc.release()
            if not read_issues and not found:  # (a duplicate key is reported every time)
                _VALIDATED[name] = (own, model)
    # Every file that validates is cross-checked even when another has errors: a syntax
    # error in one file hides nothing in the others.
    issues.extend(_cross_check(docs, models, languages))
    if issues:
        raise KnowledgeError(issues)
    return KnowledgeBase.from_models(models, version=digest.hexdigest()[:12], root=directory)
