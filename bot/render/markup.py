"""Telegram HTML helpers: escaping, plain text from HTML, visible length, splitting long replies.

The renderer writes only <b>, <i>, <a href>, <code> and <blockquote>. Visible length is
counted in UTF-16 code units, as Telegram counts its 4096-character message limit (an emoji
flag counts 4), so a part that fits here fits there.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096
ALLOWED_TAGS = frozenset({"b", "i", "a", "code", "blockquote"})

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_ANCHOR = re.compile(r"<a\s[^<>]*?href=\"([^\"]*)\"[^<>]*>(.*?)</a>", re.S)
_ANY_TAG = re.compile(r"<[^<>]*>")
_EMPTY_PAIR = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?></\1>")


def esc(text: str) -> str:
    """Text (from the knowledge base or the user) made safe for Telegram HTML."""
    return html.escape(text, quote=False)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def html_to_text(markup: str) -> str:
    """The same reply as plain text: tags dropped (a link keeps its address), entities read."""

    def anchor(m: re.Match[str]) -> str:
        label, href = m.group(2), html.unescape(m.group(1))
        plain = html.unescape(_ANY_TAG.sub("", label))
        return label if plain == href else f"{label} ({esc(href)})"

    return html.unescape(_ANY_TAG.sub("", _ANCHOR.sub(anchor, markup)))


def visible_length(markup: str) -> int:
    """How long the HTML is once Telegram has parsed it (UTF-16 code units)."""
    return utf16_length(html.unescape(_ANY_TAG.sub("", markup)))


@dataclass(frozen=True)
class _Atom:
    raw: str
    visible: int = 0  # UTF-16 units once rendered; 0 for tags
    tag: str = ""  # tag name for tags
    closing: bool = False

    @property
    def is_tag(self) -> bool:
        return bool(self.tag)


def _atoms(markup: str) -> list[_Atom]:
    """The HTML as unbreakable pieces: whole tags, whole entities, single characters."""
    atoms: list[_Atom] = []
    pos = 0
    while pos < len(markup):
        ch = markup[pos]
        m = (
            _TAG.match(markup, pos)
            if ch == "<"
            else _ENTITY.match(markup, pos)
            if ch == "&"
            else None
        )
        if m is None:
            atoms.append(_Atom(ch, utf16_length(ch)))
            pos += 1
        elif ch == "<":
            atoms.append(_Atom(m.group(0), tag=m.group(2).lower(), closing=bool(m.group(1))))
            pos = m.end()
        else:
            atoms.append(_Atom(m.group(0), utf16_length(html.unescape(m.group(0)))))
            pos = m.end()
    return atoms


def _is_space(atom: _Atom) -> bool:
    return not atom.is_tag and atom.raw.isspace()


def _break_rank(atoms: list[_Atom], k: int) -> int:
    """How good it is to end a part before atoms[k]: 3 blank line, 2 line, 1 space, 0 other."""
    before = atoms[k - 1]
    if before.is_tag or not before.raw.isspace():
        return 0
    if before.raw == "\n":
        prev = atoms[k - 2] if k >= 2 else None
        return 3 if prev is not None and prev.raw == "\n" else 2
    return 1


def _choose_break(atoms: list[_Atom], start: int, stop: int) -> int:
    """The end of a part that starts at `start` and may run up to `stop` (exclusive)."""
    best, best_rank = stop, -1
    for k in range(stop, start, -1):
        if k < len(atoms) and _break_rank(atoms, k) > best_rank:
            content = any(not a.is_tag and not a.raw.isspace() for a in atoms[start:k])
            if content:
                best, best_rank = k, _break_rank(atoms, k)
                if best_rank == 3:
                    break
    return best


def _open_after(stack: list[_Atom], atoms: list[_Atom]) -> list[_Atom]:
    """The tags still open after `atoms`, given those open before them."""
    opened = list(stack)
    for atom in atoms:
        if not atom.is_tag:
            continue
        if not atom.closing:
            opened.append(atom)
            continue
        for idx in range(len(opened) - 1, -1, -1):
            if opened[idx].tag == atom.tag:
                del opened[idx]
                break
    return opened


def split_message(markup: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut a long HTML reply into messages of at most `limit` visible characters each.

    Cuts at blank lines first, then at line ends, then at spaces, and only then anywhere;
    never inside a tag or an entity. A tag open at a cut is closed at the end of one part
    and opened again at the start of the next, so every part is balanced HTML.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2 (one emoji)")
    if visible_length(markup) <= limit:
        return [markup] if markup.strip() else []
    atoms = _atoms(markup)
    parts: list[str] = []
    stack: list[_Atom] = []
    pos = 0
    while pos < len(atoms):
        while pos < len(atoms) and _is_space(atoms[pos]):
            pos += 1
        used, stop = 0, pos
        while stop < len(atoms) and used + atoms[stop].visible <= limit:
            used += atoms[stop].visible
            stop += 1
        end = len(atoms) if stop == len(atoms) else _choose_break(atoms, pos, stop)
        end = max(end, pos + 1)
        piece = atoms[pos:end]
        after = _open_after(stack, piece)
        while piece and _is_space(piece[-1]):
            piece.pop()
        text = "".join(a.raw for a in stack) + "".join(a.raw for a in piece)
        text += "".join(f"</{a.tag}>" for a in reversed(after))
        previous = None
        while previous != text:
            previous, text = text, _EMPTY_PAIR.sub("", text)
        if text.strip():
            parts.append(text)
        stack, pos = after, end
    return parts
