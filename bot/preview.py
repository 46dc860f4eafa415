"""The preview of a knowledge draft: which answers would change if it went live.

The questions replayed are the ones residents really asked (the question log: the last
`retention_days`, at most 90, most frequent first) and questions generated from the live and
the draft knowledge base (every entry's name, each partner's agreement and projects, each
country's partners, each FAQ phrasing), so that an entry that is added, removed or renamed is
asked about even if nobody has asked yet. Each is answered by the live engine and by an engine
on the draft; the rendered replies are compared. At most `MAX_QUESTIONS` are asked, so a
preview stays a second or two. Never imports telegram.

(The evaluation sets in tests/eval/ are not shipped with the package and were written for the
shipped knowledge base; a municipality's own questions and its own entries say more.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.render import render_text, t
from bot.render.formats import country_name

MAX_QUESTIONS = 500
LOG_DAYS = 90
SHORT = 110  # characters of an answer shown in the preview


@dataclass(frozen=True)
class Question:
    text: str
    lang: str


@dataclass(frozen=True)
class AnswerChange:
    """A question whose reply differs: the live reply and the draft's, shortened."""

    question: Question
    old: str
    new: str


@dataclass(frozen=True)
class Replay:
    asked: int
    changed: tuple[AnswerChange, ...]


def generated_questions(kb: KnowledgeBase, languages: Sequence[str]) -> list[Question]:
    """Questions about every entry of `kb`, in each language."""
    out: list[Question] = []
    for lang in languages:
        for p in kb.partners.values():
            name = p.name.get(lang)
            out.append(Question(name, lang))
            out.append(
                Question(t(lang, "When was the agreement with {name} signed?", name=name), lang)
            )
            out.append(Question(t(lang, "What projects were there with {name}?", name=name), lang))
        for code in kb.by_country:
            country = country_name(code, lang)
            out.append(Question(t(lang, "Which partners are in {country}?", country=country), lang))
        out += [Question(j.title.get(lang), lang) for j in kb.projects.values()]
        out += [Question(e.name.get(lang), lang) for e in kb.events.values()]
        out += [Question(m.title.get(lang), lang) for m in kb.media.values()]
        for faq in kb.faq.values():
            out += [Question(q, lang) for q in getattr(faq.questions, lang, [])[:2]]
    return out


def questions(
    logged: Iterable[tuple[str, str]],
    kbs: Iterable[KnowledgeBase],
    languages: Sequence[str],
    limit: int = MAX_QUESTIONS,
) -> list[Question]:
    """The logged questions first, then the generated ones; no repeats; at most `limit`."""
    seen: set[tuple[str, str]] = set()
    out: list[Question] = []
    candidates = [Question(text, lang) for text, lang in logged if lang in languages]
    for kb in kbs:
        candidates += generated_questions(kb, languages)
    for q in candidates:
        key = (" ".join(q.text.lower().split()), q.lang)
        if key[0] and key not in seen:
            seen.add(key)
            out.append(q)
            if len(out) >= limit:
                break
    return out


def replay(
    live: Engine, draft: Engine, asked: Sequence[Question], municipality: dict[str, str]
) -> Replay:
    """Answer every question with both engines (no chat context); the replies that differ."""
    changed = []
    for q in asked:
        old = render_text(live.ask(q.text, language=q.lang), live.kb, municipality)
        new = render_text(draft.ask(q.text, language=q.lang), draft.kb, municipality)
        if old != new:
            changed.append(AnswerChange(q, *shorten_pair(old, new)))
    return Replay(len(asked), tuple(changed))


def shorten_pair(old: str, new: str, width: int = SHORT) -> tuple[str, str]:
    """Both replies on one line each, cut to `width`, starting a little before the first
    place where they differ (so the difference is what is shown)."""
    a, b = _one_line(old), _one_line(new)
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    start = 0 if common < width // 2 else max(0, a.rfind(" ", 0, common - 20) + 1)
    return _cut(a, start, width), _cut(b, start, width)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _cut(text: str, start: int, width: int) -> str:
    piece = text[start:]
    head = "…" if start > 0 else ""
    if len(piece) > width:
        piece = piece[: width - 1].rstrip() + "…"
    return head + piece if piece else "—"
