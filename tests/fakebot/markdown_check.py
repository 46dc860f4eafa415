"""Telegram's MarkdownV2 and legacy Markdown parse modes, ported from tdlib.

Error messages are Telegram's own, e.g. ``Character '.' is reserved and must be escaped with
the preceding '\\'`` or ``Can't find end of Bold entity at byte offset 0``.
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

# tdlib's names for entity types, used in its error messages.
_TD_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "pre_code": "PreCode",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}
_SPACES = " \t\r\n\v\0"


@dataclass
class _Open:
    kind: str
    argument: str
    offset: int  # UTF-16 offset in the output
    byte_pos: int  # byte offset in the source, for error messages
    output_index: int


def _reserved(char: str) -> EntityParseError:
    return EntityParseError(
        f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
    )


def _link_entity(url: str, offset: int, length: int) -> dict[str, Any] | None:
    user_id = link_user_id(url)
    if user_id is not None:
        return {
            "type": "text_mention",
            "offset": offset,
            "length": length,
            "user": {"id": user_id, "is_bot": False, "first_name": ""},
        }
    try:
        return {"type": "text_link", "offset": offset, "length": length, "url": check_link(url)}
    except LinkError:
        return None


def parse_markdown_v2(source: str) -> ParsedText:
    """Parse MarkdownV2 into visible text and entities (not yet trimmed)."""
    n = len(source)

    def at(index: int) -> str:
        return source[index] if index < n else "\0"

    out: list[str] = []
    utf16 = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    have_blockquote = False
    i = 0
    while i < n:
        char = source[i]
        if char == "\\" and 0 < ord(at(i + 1)) <= 126:
            i += 1
            out.append(source[i])
            utf16 += 1
            i += 1
            continue

        reserved = "_*[]()~`>#+-=|{}.!\n"
        if stack and stack[-1].kind in {"code", "pre", "pre_code"}:
            reserved = "`"
        if char not in reserved:
            out.append(char)
            utf16 += utf16_len(char)
            i += 1
            continue

        is_end = False
        if stack:
            kind = stack[-1].kind
            if have_blockquote and char == "\n" and (i + 1 == n or at(i + 1) != ">"):
                is_end = True
            elif kind == "bold":
                is_end = char == "*"
            elif kind == "italic":
                is_end = char == "_" and at(i + 1) != "_"
            elif kind == "code":
                is_end = char == "`"
            elif kind in {"pre", "pre_code"}:
                is_end = char == "`" and at(i + 1) == "`" and at(i + 2) == "`"
            elif kind in {"text_link", "custom_emoji"}:
                is_end = char == "]"
            elif kind == "underline":
                is_end = char == "_" and at(i + 1) == "_"
            elif kind == "strikethrough":
                is_end = char == "~"
            elif kind == "spoiler":
                is_end = char == "|" and at(i + 1) == "|"

        if not is_end:
            start_byte = byte_offset(source, i)
            argument = ""
            if char == "_":
                if at(i + 1) == "_":
                    kind = "underline"
                    i += 1
                else:
                    kind = "italic"
            elif char == "*":
                kind = "bold"
            elif char == "~":
                kind = "strikethrough"
            elif char == "|":
                if at(i + 1) != "|":
                    raise _reserved(char)
                i += 1
                kind = "spoiler"
            elif char == "[":
                kind = "text_link"
            elif char == "`":
                if at(i + 1) == "`" and at(i + 2) == "`":
                    i += 3
                    kind = "pre"
                    language_end = i
                    while at(language_end) not in _SPACES and at(language_end) != "`":
                        language_end += 1
                    if i != language_end and language_end < n and at(language_end) != "`":
                        kind = "pre_code"
                        argument = source[i:language_end]
                        i = language_end
                    if at(i) in "\n\r" and i < n:
                        if at(i + 1) in "\n\r" and i + 1 < n and at(i) != at(i + 1):
                            i += 2
                        else:
                            i += 1
                    i -= 1
                else:
                    kind = "code"
            elif char == "!":
                if at(i + 1) != "[":
                    raise _reserved(char)
                i += 1
                kind = "custom_emoji"
            elif char == "\n":
                out.append("\n")
                utf16 += 1
                kind = ""
                if i + 1 < n and at(i + 1) == ">":
                    i += 1
                    if not have_blockquote:
                        kind = "blockquote"
                        have_blockquote = True
                if not kind:
                    i += 1
                    continue
            elif char == ">":
                if i != 0:
                    raise _reserved(char)
                kind = "blockquote"
                have_blockquote = True
            else:
                raise _reserved(char)
            stack.append(_Open(kind, argument, utf16, start_byte, len(out)))
            i += 1
            continue

        # End of an entity.
        top = stack[-1]
        if char == "\n" and top.kind != "blockquote":
            raise EntityParseError(
                f"Can't find end of {_TD_NAMES[top.kind]} entity at byte offset {top.byte_pos}"
            )
        skip = utf16 == top.offset
        entity: dict[str, Any] | None = None
        length = utf16 - top.offset
        if top.kind in {"underline", "spoiler"}:
            i += 1
        elif top.kind in {"pre", "pre_code"}:
            i += 2
        if top.kind == "text_link":
            if at(i + 1) != "(":
                url = "".join(out[top.output_index :])
            else:
                i += 2
                url_begin = i
                url_chars: list[str] = []
                while i < n and source[i] != ")":
                    if source[i] == "\\" and 0 < ord(at(i + 1)) <= 126:
                        url_chars.append(source[i + 1])
                        i += 2
                        continue
                    url_chars.append(source[i])
                    i += 1
                if at(i) != ")":
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {byte_offset(source, url_begin)}"
                    )
                url = "".join(url_chars)
            if not skip:
                entity = _link_entity(url, top.offset, length)
        elif top.kind == "custom_emoji":
            if at(i + 1) != "(":
                raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
            i += 2
            url_begin = i
            while i < n and source[i] != ")":
                i += 1
            if at(i) != ")":
                raise EntityParseError(
                    "Can't find end of a custom emoji URL at byte offset "
                    f"{byte_offset(source, url_begin)}"
                )
            url = source[url_begin:i].replace("\\", "")
            prefix = "tg://emoji?id="
            emoji_id = url[len(prefix) :] if url.lower().startswith(prefix) else ""
            if not emoji_id.isdigit() or int(emoji_id) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
            entity = {"type": "custom_emoji", "custom_emoji_id": emoji_id}
        elif top.kind == "blockquote":
            have_blockquote = False
            out.append(char)
            utf16 += 1
            entity = {"type": "blockquote", "length": utf16 - top.offset}
        elif top.kind == "pre_code":
            entity = {"type": "pre", "language": top.argument}
        else:
            entity = {"type": top.kind}
        if not skip and entity is not None:
            entity.setdefault("offset", top.offset)
            entity.setdefault("length", length)
            entities.append(entity)
        stack.pop()
        i += 1

    if have_blockquote and stack and stack[-1].kind == "blockquote":
        top = stack.pop()
        if utf16 != top.offset:
            entities.append(
                {"type": "blockquote", "offset": top.offset, "length": utf16 - top.offset}
            )
    if stack:
        top = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_TD_NAMES[top.kind]} entity at byte offset {top.byte_pos}"
        )
    return ParsedText("".join(out), sort_entities(entities))


def parse_markdown(source: str) -> ParsedText:
    """Parse legacy Markdown (``parse_mode="Markdown"``) into visible text and entities."""
    n = len(source)

    def at(index: int) -> str:
        return source[index] if index < n else "\0"

    out: list[str] = []
    utf16 = 0
    entities: list[dict[str, Any]] = []
    i = 0
    while i < n:
        char = source[i]
        if char == "\\" and at(i + 1) in "_*`[":
            out.append(source[i + 1])
            utf16 += 1
            i += 2
            continue
        if char not in "_*`[":
            out.append(char)
            utf16 += utf16_len(char)
            i += 1
            continue
        begin = i
        end_char = "]" if char == "[" else char
        is_pre = False
        language = ""
        i += 1
        if char == "`" and at(i) == "`" and at(i + 1) == "`":
            i += 2
            is_pre = True
            language_end = i
            while at(language_end) not in _SPACES and at(language_end) != "`":
                language_end += 1
            if i != language_end and language_end < n and at(language_end) != "`":
                language = source[i:language_end]
                i = language_end
            if at(i) in "\n\r" and i < n:
                if at(i + 1) in "\n\r" and i + 1 < n and at(i) != at(i + 1):
                    i += 2
                else:
                    i += 1
        offset = utf16
        output_index = len(out)
        while i < n and (
            source[i] != end_char or (is_pre and not (at(i + 1) == "`" and at(i + 2) == "`"))
        ):
            out.append(source[i])
            utf16 += utf16_len(source[i])
            i += 1
        if i == n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {byte_offset(source, begin)}"
            )
        if offset != utf16:
            length = utf16 - offset
            if char == "_":
                entities.append({"type": "italic", "offset": offset, "length": length})
            elif char == "*":
                entities.append({"type": "bold", "offset": offset, "length": length})
            elif char == "[":
                if at(i + 1) != "(":
                    url = "".join(out[output_index:])
                else:
                    i += 2
                    url_chars: list[str] = []
                    while i < n and source[i] != ")":
                        url_chars.append(source[i])
                        i += 1
                    url = "".join(url_chars)
                link = _link_entity(url, offset, length)
                if link is not None:
                    entities.append(link)
            elif is_pre:
                entity: dict[str, Any] = {"type": "pre", "offset": offset, "length": length}
                if language:
                    entity["language"] = language
                entities.append(entity)
            else:
                entities.append({"type": "code", "offset": offset, "length": length})
        if is_pre:
            i += 2
        i += 1
    return ParsedText("".join(out), sort_entities(entities))
