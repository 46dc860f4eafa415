"""Formatted text as Telegram sees it: entity parsing, trimming and UTF-16 lengths.

Telegram counts message length in UTF-16 code units of the *visible* text, i.e. after the
markup (HTML or MarkdownV2) has been turned into plain text plus entities and leading and
trailing spaces/newlines have been trimmed.  This module implements that pipeline; the
parsers themselves live in :mod:`html_check` and :mod:`markdown_check`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

# Order used when sorting entities that start at the same offset and have the same length.
_TYPE_ORDER = [
    "blockquote",
    "expandable_blockquote",
    "pre",
    "code",
    "text_link",
    "text_mention",
    "custom_emoji",
    "bold",
    "italic",
    "underline",
    "strikethrough",
    "spoiler",
]


class EntityParseError(ValueError):
    """The markup could not be parsed; ``str(error)`` is Telegram's wording of the reason."""


@dataclass(frozen=True)
class ParsedText:
    """Visible text plus Bot API ``MessageEntity`` dicts (offsets in UTF-16 code units)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def length(self) -> int:
        """Length as Telegram counts it (UTF-16 code units)."""
        return utf16_len(self.text)

    def key(self) -> tuple[str, str]:
        """A hashable representation used for "message is not modified" comparisons."""
        return self.text, json.dumps(self.entities, sort_keys=True)


def utf16_len(text: str) -> int:
    """Number of UTF-16 code units in ``text`` (characters outside the BMP count twice)."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of the character at ``index`` (Telegram reports byte offsets)."""
    return len(text[:index].encode("utf-8"))


def sort_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort like Telegram: by offset, longer first, then by a fixed type order."""

    def order(entity: dict[str, Any]) -> tuple[int, int, int]:
        kind = entity["type"]
        rank = _TYPE_ORDER.index(kind) if kind in _TYPE_ORDER else len(_TYPE_ORDER)
        return entity["offset"], -entity["length"], rank

    ordered = [
        {"type": e["type"], "offset": e["offset"], "length": e["length"], **e} for e in entities
    ]
    return sorted(ordered, key=order)


_LINK_USER = re.compile(r"^tg://user\?id=(\d+)$", re.IGNORECASE)
_HOST = re.compile(r"^[A-Za-z0-9\-._~%!$&'()*+,;=\u00a0-\uffff]+(:\d{1,5})?$")
_ALLOWED_SCHEMES = {"http", "https", "tg", "ton", "tonsite"}


class LinkError(ValueError):
    """A URL Telegram would refuse; ``str(error)`` is Telegram's reason."""


def link_user_id(url: str) -> int | None:
    """User id of a ``tg://user?id=...`` link, else ``None``."""
    match = _LINK_USER.match(url.strip())
    return int(match.group(1)) if match else None


def check_link(url: str) -> str:
    """Validate a link the way Telegram does and return its normalised form.

    Raises :class:`LinkError` with Telegram's description (``URL '...' is invalid: ...``).
    """
    raw = url.strip()
    if not raw:
        raise LinkError(f"URL '{url}' is invalid: URL host is empty")
    if "://" not in raw:
        if ":" in raw.split("/", 1)[0] and not re.match(r"^[^:/]+:\d+(/|$)", raw):
            raise LinkError(f"URL '{url}' is invalid: Unsupported URL protocol")
        raw = "http://" + raw
    scheme = raw.split("://", 1)[0].lower()
    if scheme not in _ALLOWED_SCHEMES:
        raise LinkError(f"URL '{url}' is invalid: Unsupported URL protocol")
    if scheme in {"tg", "ton", "tonsite"}:
        return raw
    parts = urlsplit(raw)
    host = parts.netloc.rsplit("@", 1)[-1]
    if not host:
        raise LinkError(f"URL '{url}' is invalid: URL host is empty")
    if not _HOST.match(host) or ".." in host or host.startswith("."):
        raise LinkError(f"URL '{url}' is invalid: Wrong HTTP URL")
    if not parts.path and not parts.query and not parts.fragment:
        raw += "/"
    return raw


def trim(parsed: ParsedText) -> ParsedText:
    """Strip leading/trailing spaces and newlines the way Telegram does, fixing entities."""
    text = parsed.text
    start = 0
    while start < len(text) and text[start] in " \n":
        start += 1
    end = len(text)
    while end > start and text[end - 1] in " \n":
        end -= 1
    if start == 0 and end == len(text):
        return parsed
    start16 = utf16_len(text[:start])
    end16 = utf16_len(text[:end])
    entities = []
    for entity in parsed.entities:
        begin = max(entity["offset"], start16)
        finish = min(entity["offset"] + entity["length"], end16)
        if finish > begin:
            entities.append({**entity, "offset": begin - start16, "length": finish - begin})
    return ParsedText(text[start:end], sort_entities(entities))


def normalise_input(parsed: ParsedText) -> ParsedText:
    """Telegram drops ``\\r`` and turns other control characters (except ``\\n``) into spaces;
    entity offsets are shifted past the dropped characters."""
    out = []
    dropped_before: list[int] = []  # per UTF-16 position: how many \r precede it
    dropped = 0
    for ch in parsed.text:
        dropped_before.extend([dropped] * utf16_len(ch))
        if ch == "\r":
            dropped += 1
        elif ord(ch) < 32 and ch != "\n":
            out.append(" ")
        else:
            out.append(ch)
    if not dropped:
        return ParsedText("".join(out), parsed.entities)
    dropped_before.append(dropped)
    entities = []
    for entity in parsed.entities:
        start = entity["offset"] - dropped_before[entity["offset"]]
        end_index = entity["offset"] + entity["length"]
        end = end_index - dropped_before[min(end_index, len(dropped_before) - 1)]
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText("".join(out), sort_entities(entities))


def parse_formatted(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None = None,
    *,
    strict: bool = True,
) -> ParsedText:
    """Turn the bot's ``text``/``caption`` plus ``parse_mode`` into visible text and entities.

    Raises :class:`EntityParseError` for markup Telegram rejects and ``ValueError`` with
    ``"unsupported parse_mode"`` for an unknown mode.  The result is *not* trimmed.
    """
    # Imported lazily: the parsers import this module for the shared helpers.
    from .html_check import parse_html
    from .markdown_check import parse_markdown, parse_markdown_v2

    mode = (parse_mode or "").strip().lower()
    if mode == "":
        parsed = ParsedText(text, sort_entities(list(entities or [])))
    elif mode == "html":
        parsed = parse_html(text, strict=strict)
    elif mode == "markdownv2":
        parsed = parse_markdown_v2(text)
    elif mode == "markdown":
        parsed = parse_markdown(text)
    else:
        raise ValueError("unsupported parse_mode")
    return normalise_input(parsed)


def plain_text(text: str, parse_mode: str | None = "HTML") -> str:
    """Visible text of a formatted message, for assertions.

    Never raises: markup that does not parse is returned with tags stripped on a best-effort
    basis, so it can be used on anything the bot produced.
    """
    try:
        return trim(parse_formatted(text, parse_mode, strict=False)).text
    except (EntityParseError, ValueError):
        import html

        return html.unescape(re.sub(r"<[^>]*>", "", text)).strip(" \n")
