"""Telegram's HTML parse mode, ported from tdlib's ``parse_html``.

Error messages are Telegram's own (they follow ``Bad Request: can't parse entities: ``).

``strict=True`` (the default in the fake) additionally rejects what the Bot API documentation
forbids but Telegram's parser quietly tolerates, because such text breaks as soon as the
content changes (e.g. a user name containing ``<``):

* a bare ``&`` that does not start ``&lt;``, ``&gt;``, ``&amp;``, ``&quot;`` or ``&#...;``,
  an entity without its terminating ``;`` and named entities Telegram does not know
  (``&apos;``, ``&nbsp;``...);
* attributes Telegram ignores (``<b class="x">``, ``<a target="_blank">``...).

With ``strict=False`` the parser behaves exactly like Telegram's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .formatting import (
    EntityParseError,
    LinkError,
    ParsedText,
    byte_offset,
    check_link,
    link_user_id,
    sort_entities,
    utf16_len,
)

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
# Attributes Telegram reads; anything else is ignored by Telegram and rejected in strict mode.
KNOWN_ATTRIBUTES = {
    "a": {"href"},
    "code": {"class"},
    "span": {"class"},
    "tg-emoji": {"emoji-id"},
    "blockquote": {"expandable"},
}
_SPACES = " \t\r\n\v\0"
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int  # UTF-16 offset in the output
    output_index: int  # index into the output character list
    expandable: bool = False


def _decode_entity(source: str, pos: int) -> tuple[str, int] | None:
    """Decode the HTML entity at ``source[pos] == "&"`` like tdlib: (character, end) or None.

    As in tdlib the terminating ``;`` is optional.
    """
    n = len(source)
    end = pos + 1
    if end < n and source[end] == "#":
        end += 1
        value = 0
        if end < n and source[end] == "x":
            end += 1
            while end < n and source[end] in "0123456789abcdefABCDEF":
                value = value * 16 + int(source[end], 16)
                end += 1
        else:
            while end < n and source[end].isascii() and source[end].isdigit():
                value = value * 10 + int(source[end])
                end += 1
        if value == 0 or value >= 0x10FFFF or end - pos >= 10 or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        while end < n and source[end].isascii() and source[end].isalpha():
            end += 1
        name = source[pos + 1 : end]
        if name not in _NAMED_ENTITIES:
            return None
        char = _NAMED_ENTITIES[name]
    if end < n and source[end] == ";":
        end += 1
    return char, end


def _strict_entity_check(source: str, pos: int, decoded: tuple[str, int] | None) -> None:
    offset = byte_offset(source, pos)
    if decoded is None:
        end = pos + 1
        while end < len(source) and (source[end].isalnum() or source[end] == "#"):
            end += 1
        if end < len(source) and source[end] == ";" and end > pos + 1:
            raise EntityParseError(
                f'Unsupported HTML entity "{source[pos : end + 1]}" at byte offset {offset}; '
                "Telegram knows only &lt; &gt; &amp; &quot; and numeric entities"
            )
        raise EntityParseError(f'Unescaped "&" at byte offset {offset}; use "&amp;"')
    if source[decoded[1] - 1] != ";":
        raise EntityParseError(
            f'HTML entity "{source[pos : decoded[1]]}" at byte offset {offset} is not '
            'terminated by ";"'
        )


def parse_html(source: str, *, strict: bool = True) -> ParsedText:
    """Parse Telegram HTML into visible text and entities (not yet trimmed).

    Raises :class:`EntityParseError` with Telegram's message for invalid markup.
    """
    out: list[str] = []
    utf16 = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    n = len(source)

    def at(index: int) -> str:
        return source[index] if index < n else "\0"

    i = 0
    while i < n:
        char = source[i]
        if char == "&":
            decoded = _decode_entity(source, i)
            if strict:
                _strict_entity_check(source, i, decoded)
            if decoded is not None:
                out.append(decoded[0])
                utf16 += utf16_len(decoded[0])
                i = decoded[1]
                continue
        if char != "<":
            out.append(char)
            utf16 += utf16_len(char)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":
            # Start tag.
            while at(i) not in _SPACES and at(i) != ">":
                i += 1
            if i >= n:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {byte_offset(source, begin)}"
                )
            tag = source[begin + 1 : i].lower()
            if tag not in SUPPORTED_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{tag}" at byte offset {byte_offset(source, begin)}'
                )
            open_tag = _OpenTag(tag, "", utf16, len(out))
            i = _parse_attributes(source, i, begin, open_tag, strict)
            if tag == "span" and open_tag.argument != "spoiler":
                raise EntityParseError(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{byte_offset(source, begin)}"
                )
            stack.append(open_tag)
        else:
            # End tag.
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {byte_offset(source, begin)}"
                )
            while at(i) not in _SPACES and at(i) != ">":
                i += 1
            end_name = source[begin + 2 : i].lower()
            while i < n and at(i) in _SPACES:
                i += 1
            if at(i) != ">":
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {byte_offset(source, begin)}"
                )
            open_tag = stack[-1]
            if end_name and end_name != open_tag.name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {byte_offset(source, begin)}, "
                    f'expected "</{open_tag.name}>", found "</{end_name}>"'
                )
            if utf16 > open_tag.offset:
                _close_entity(open_tag, utf16, out, entities)
            stack.pop()
        i += 1  # skip '>'

    if stack:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {stack[-1].name}")
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return ParsedText("".join(out), sort_entities(entities))


def _parse_attributes(source: str, i: int, begin: int, tag: _OpenTag, strict: bool) -> int:
    """Parse the attributes of a start tag; returns the index of the closing ``>``."""
    n = len(source)

    def at(index: int) -> str:
        return source[index] if index < n else "\0"

    where = byte_offset(source, begin)
    while at(i) != ">":
        while i < n and at(i) in _SPACES:
            i += 1
        if at(i) == ">":
            break
        name_begin = i
        while at(i) not in _SPACES and at(i) not in "=>":
            i += 1
        name = source[name_begin:i]
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag.name}" at byte offset {where}'
            )
        while i < n and at(i) in _SPACES:
            i += 1
        if at(i) != "=":
            if tag.name == "blockquote" and name == "expandable" and i < n:
                tag.expandable = True
                continue
            if i >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {where}")
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag.name}" at byte offset {where}'
            )
        i += 1
        while i < n and at(i) in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{tag.name}" at byte offset {where}')
        value_chars: list[str] = []
        if at(i) not in "'\"":
            token_begin = i
            while at(i).isascii() and (at(i).isalnum() or at(i) in ".-"):
                i += 1
            value = source[token_begin:i].lower()
            if at(i) not in _SPACES and at(i) != ">":
                raise EntityParseError(
                    "Unexpected end of name token at byte offset "
                    f"{byte_offset(source, token_begin)}"
                )
        else:
            quote = source[i]
            i += 1
            while i < n and source[i] != quote:
                if source[i] == "&":
                    decoded = _decode_entity(source, i)
                    if strict:
                        _strict_entity_check(source, i, decoded)
                    if decoded is not None:
                        value_chars.append(decoded[0])
                        i = decoded[1]
                        continue
                value_chars.append(source[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(value_chars)
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {where}")

        known = KNOWN_ATTRIBUTES.get(tag.name, set())
        if strict and name not in known:
            raise EntityParseError(
                f'Unsupported attribute "{name}" in the tag "{tag.name}" at byte offset {where}'
            )
        if tag.name == "a" and name == "href":
            tag.argument = value
        elif tag.name == "code" and name == "class" and value.startswith("language-"):
            tag.argument = value[len("language-") :]
        elif tag.name == "span" and name == "class" and value.startswith("tg-"):
            tag.argument = value[len("tg-") :]
        elif tag.name == "tg-emoji" and name == "emoji-id":
            tag.argument = value
        elif tag.name == "blockquote" and name == "expandable":
            tag.expandable = True
    return i


def _close_entity(
    tag: _OpenTag, utf16: int, out: list[str], entities: list[dict[str, Any]]
) -> None:
    offset = tag.offset
    length = utf16 - offset
    name = tag.name
    if name in _SIMPLE_TAGS:
        entities.append({"type": _SIMPLE_TAGS[name], "offset": offset, "length": length})
    elif name == "tg-emoji":
        if not tag.argument.lstrip("-").isdigit() or int(tag.argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(
            {
                "type": "custom_emoji",
                "offset": offset,
                "length": length,
                "custom_emoji_id": str(int(tag.argument)),
            }
        )
    elif name == "a":
        url = tag.argument or "".join(out[tag.output_index :])
        user_id = link_user_id(url)
        if user_id is not None:
            entities.append(
                {
                    "type": "text_mention",
                    "offset": offset,
                    "length": length,
                    "user": {"id": user_id, "is_bot": False, "first_name": ""},
                }
            )
        else:
            try:
                checked = check_link(url)
            except LinkError:
                return  # Telegram silently drops links it cannot use.
            entities.append(
                {"type": "text_link", "offset": offset, "length": length, "url": checked}
            )
    elif name == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif name == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and last["offset"] == offset
            and last["length"] == length
            and tag.argument
        ):
            last["language"] = tag.argument
        else:
            entity: dict[str, Any] = {"type": "code", "offset": offset, "length": length}
            if tag.argument:
                entity["language"] = tag.argument
            entities.append(entity)
    elif name == "blockquote":
        kind = "expandable_blockquote" if tag.expandable else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
