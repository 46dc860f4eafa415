"""Staff notices under a reply: "the 2027 festival is postponed", until a given day.

Partners, projects, events and media may carry `notice: {text: {lv, ru, en}, until: DAY}` in
the knowledge base. A reply that names such an entry ends with its notice while today is on
or before `until`; an expired notice is ignored. Each entry's notice is shown once, however
many parts of a two-part question name it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from bot.answer import Answer
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.schema import Event, Media, Notice, Partner, Project
from bot.render.i18n import t
from bot.render.markup import esc

NOTICE_MARK = "📢"


def notice_blocks(answer: Answer, kb: KnowledgeBase) -> list[str]:
    """The notices of the entries `answer` names that are still current, one block each."""
    today = _today(answer)
    blocks: list[str] = []
    seen: set[tuple[str, str]] = set()
    for lang, key, notice in _notices(answer, kb):
        if key in seen or today > notice.until:
            continue
        seen.add(key)
        text = t(lang, "Notice: {text}", text=esc(notice.text.get(lang)))
        blocks.append(f"{NOTICE_MARK} {text}")
    return blocks


def _today(answer: Answer) -> dt.date:
    """The answer's date (the engine sets it; tests fix it), else the calendar's."""
    if answer.today is not None:
        return answer.today
    return next((p.today for p in answer.parts if p.today is not None), dt.date.today())


def _notices(answer: Answer, kb: KnowledgeBase) -> Iterator[tuple[str, tuple[str, str], Notice]]:
    """(reply language, (kind, id), notice) of every entry named, parts included, in order."""
    for part in answer.parts:
        yield from _notices(part, kb)
    named: tuple[tuple[str, tuple[str, ...], Mapping[str, Partner | Project | Event | Media]], ...]
    named = (
        ("partner", answer.partners, kb.partners),
        ("project", answer.projects, kb.projects),
        ("event", answer.events, kb.events),
        ("media", answer.media, kb.media),
    )
    for kind, ids, entries in named:
        for entry_id in ids:
            entry = entries.get(entry_id)
            if entry is not None and entry.notice is not None:
                yield answer.lang, (kind, entry_id), entry.notice
