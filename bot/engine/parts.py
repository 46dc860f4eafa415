"""Two-part questions: "When was the agreement with X signed, and which fields?"

A message is split only where a new question clearly begins - after a question mark, at a
semicolon, or at "and"/"un"/"и" followed by a question word - and answered part by part,
each later part with the earlier parts as its context. "A or B" and "Poland and Norway"
are one question (a list with both), never split.
"""

from __future__ import annotations

import re

_QUESTION_WORDS = (
    "when|which|what|how|who|where|did|does|do|is|was|were|are|has|have|"
    "kad|kādas|kādi|kāda|kāds|kuri|kuras|kurš|kura|cik|kur|vai|kas|kā|"
    "когда|какие|какой|какая|каких|сколько|где|кто|что|был|была|были|есть"
)
_AND = r"(?:and|un|и|а|also|arī|ещё|еще)"
_SPLIT = re.compile(
    rf"(?:\?\s+|;\s*|,?\s+{_AND}\s+(?:also\s+|arī\s+|ещё\s+|еще\s+)?(?=(?:{_QUESTION_WORDS})\b))",
    re.IGNORECASE,
)


def split_parts(text: str) -> list[str]:
    """The parts of a message that each ask something (one part for most messages)."""
    parts = [p.strip(" ,.;") for p in _SPLIT.split(text)]
    return [p for p in parts if sum(ch.isalpha() for ch in p) >= 3]
