"""The question engine: pure Python, never imports telegram.

    engine = Engine(kb)
    answer = engine.ask("Kad noslēgts līgums ar ...?", chat="42")

`ask` reads the question, detects its language, matches it against the knowledge base and
returns a structured Answer; the chat's context (for follow-ups) is kept for a few minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

from pydantic import BaseModel

from bot.answer import Answer, Kind, Match
from bot.engine.decide import ChatContext, Limits, decide
from bot.engine.focus import asks_in, sentences
from bot.engine.index import Thresholds
from bot.engine.parts import split_parts
from bot.engine.snapshot import warm
from bot.engine.text import Keys, clean, fold, phrase_keys
from bot.engine.understand import Parsed, parse
from bot.engine.vocab import build_vocabulary
from bot.knowledge import KnowledgeBase
from bot.vocabulary import Cue

__all__ = ["Answer", "ChatContext", "Engine", "EngineOptions"]


@dataclass(frozen=True)
class EngineOptions:
    languages: tuple[str, ...] = ("lv", "ru", "en")
    default_language: str = "lv"
    name_min_score: float = 82.0
    short_name_min_score: float = 90.0
    entity_min_score: float = 80.0
    keyword_min_score: float = 62.0
    suggest_min_score: float = 65.0
    max_suggestions: int = 3
    context_ttl_seconds: float = 600.0
    max_contexts: int = 10_000
    # The home municipality's names and stems ("<town>*"), from the settings.
    home_names: tuple[str, ...] = ()


@functools.cache
def _texts_of(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of an entry whose words are the knowledge base's own (its texts)."""
    return tuple(
        f for f in ("about", "summary", "name", "title", "place") if f in model.model_fields
    )


def _text_keys(kb: KnowledgeBase, keys: Keys) -> frozenset[str]:
    """The words of the knowledge base's own texts (descriptions, summaries, answers): a
    capitalised word among them (the home municipality, a region) is no unknown town."""
    texts: list[str] = []
    for entries in (kb.partners, kb.projects, kb.events):
        for entry in entries.values():
            for attr in _texts_of(type(entry)):
                value = getattr(entry, attr)
                if value is not None:
                    texts.extend(value.values())
    for m in kb.media.values():
        texts.extend(m.about.values())
    for f in kb.faq.values():
        texts.extend(f.answer.values())
    return frozenset(keys.of_texts(texts))


class _NameIndex:
    """Every entry's names, folded and as keys, for find_names: built on the first search
    (only inline mode searches; a bot without it never pays for the index)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._forms: list[tuple[str, str, str]] | None = None

    def _build(self) -> list[tuple[str, str, str]]:
        kb = self._kb
        entries: list[tuple[list[str], str, str]] = []
        for p in kb.partners.values():
            entries.append(([*p.name.values(), p.local_name, *p.aliases.all()], "partner", p.id))
        for pr in kb.projects.values():
            entries.append(([*pr.title.values(), pr.original_title], "project", pr.id))
        for e in kb.events.values():
            entries.append(([*e.name.values(), *e.place.values()], "event", e.id))
        for m in kb.media.values():
            entries.append(([*m.title.values(), m.original_title], "media", m.id))
        every = [n for names, _, _ in entries for n in names]
        keys = Keys()
        keys.learn(every)
        keys.learn_folds(every)
        # An entry's forms in one text, each after a NUL (no form holds one): "a form starts
        # with w" is "NUL w in it", "w is in a form" is "w in it".
        forms = []
        for names, kind, id_ in entries:
            found = {keys.fold(n) for n in names} | {"".join(keys.phrase(n)) for n in names}
            forms.append(("".join("\0" + f for f in sorted(found)), kind, id_))
        return forms

    def search(self, wanted: set[str]) -> dict[tuple[str, str], float]:
        """(kind, id) -> 100 where a form starts with a wanted text, 90 where it holds one."""
        if self._forms is None:
            self._forms = self._build()
        best: dict[tuple[str, str], float] = {}
        starts = ["\0" + w for w in wanted]
        for forms, kind, id_ in self._forms:
            if any(w in forms for w in starts):
                best[(kind, id_)] = 100.0
            elif any(w in forms for w in wanted):
                best[(kind, id_)] = 90.0
        return best


class ContextStore:
    """Recent context per chat, expiring after `ttl` seconds, at most `size` chats."""

    def __init__(self, ttl: float, size: int) -> None:
        self.ttl, self.size = ttl, size
        self._items: OrderedDict[str, ChatContext] = OrderedDict()

    def get(self, chat: str, now: float) -> ChatContext | None:
        ctx = self._items.get(chat)
        if ctx is None:
            return None
        if now - ctx.at > self.ttl:
            del self._items[chat]
            return None
        return ctx

    def put(self, chat: str, ctx: ChatContext) -> None:
        self._items[chat] = ctx
        self._items.move_to_end(chat)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def forget(self, chat: str) -> None:
        self._items.pop(chat, None)

    def __len__(self) -> int:
        return len(self._items)


class Engine:
    """Answers questions from one knowledge base snapshot; swap `kb` to reload."""

    def __init__(
        self,
        kb: KnowledgeBase,
        options: EngineOptions | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.options = options or EngineOptions()
        self.today = today  # injectable: durations are computed from today's date
        self.contexts = ContextStore(self.options.context_ttl_seconds, self.options.max_contexts)
        o = self.options
        self._limits = Limits(
            o.entity_min_score, o.keyword_min_score, o.suggest_min_score, o.max_suggestions
        )
        self.kb = kb

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb

    @kb.setter
    def kb(self, kb: KnowledgeBase) -> None:
        # Build the new vocabulary first, then swap both in one assignment: a question asked
        # meanwhile is answered from the old snapshot, never from a half-built one. The
        # collector is off while building: the ~10^6 new objects are all kept, and each full
        # collection it would start on the way walks the whole heap for nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            keys = Keys()  # one memo of folds and keys for all the tables, dropped after
            vocab = build_vocabulary(
                kb,
                Thresholds(self.options.name_min_score, self.options.short_name_min_score),
                self.options.home_names,
                keys,
            )
            state = (kb, vocab, _NameIndex(kb), _text_keys(kb, keys))
            # The memo is let go before the snapshot's tables are made: they take the memory
            # it gave back, instead of the process growing by as much again.
            del keys
            # The snapshot's own tables (follow-ups, orders, "did you mean" names): made now,
            # none on a question.
            warm(kb)
        finally:
            if collecting:
                gc.enable()
        self._state = state
        # The snapshot lives until the next reload: out of the collector's sight, a full
        # collection while a question is answered does not walk its ~10^5-10^6 objects.
        # (Frozen objects are still freed by reference counting when a reload drops them.)
        gc.freeze()

    @property
    def _kb(self) -> KnowledgeBase:
        return self._state[0]

    def find_names(self, typed: str, limit: int = 50) -> list[Match]:
        """Entries whose name contains what is typed so far ("zgi", "купи"), best first:
        for search boxes such as inline mode, where a name is often still half-typed."""
        _, _, names, _ = self._state
        wanted = {v for v in (fold(clean(typed)), "".join(phrase_keys(typed))) if len(v) >= 2}
        best = names.search(wanted) if wanted else {}
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:limit]
        return [Match(kind, id_, score) for (kind, id_), score in ranked]

    def _in_parts(
        self, text: str, whole: Answer, ctx: ChatContext | None, now: float
    ) -> Answer | None:
        """A two-part question answered part by part, or None to answer it whole."""
        pieces = split_parts(text)
        if sentences(text) is not None:  # a long message: its chatter is no second question
            pieces = [p for p in pieces if asks_in(p)]
        if len(pieces) < 2:
            return None
        kb, vocab, _, text_keys = self._state
        parts: list[Answer] = []
        for piece in pieces[:4]:
            parsed = parse(piece, vocab, whole.lang, self.options.languages)
            if not _asks(piece, parsed):
                return None  # "we watched a film yesterday, and my son asked: which ...?"
            part = decide(parsed, kb, ctx, self._limits, self.today(), text_keys)
            if part.kind in (Kind.DECLINE, Kind.CLARIFY, Kind.SMALLTALK, Kind.FAQ):
                return None
            part = replace(part, lang=whole.lang)
            if part not in parts:
                parts.append(part)
            ctx = _context_of(part, now)
        if len(parts) < 2 or all(_covered(p, whole) for p in parts):
            return None  # the whole question's answer already says it all
        return replace(
            whole,
            kind=Kind.MULTI,
            parts=tuple(parts),
            partners=tuple(dict.fromkeys(x for p in parts for x in p.partners)),
            projects=tuple(dict.fromkeys(x for p in parts for x in p.projects)),
            events=tuple(dict.fromkeys(x for p in parts for x in p.events)),
            media=tuple(dict.fromkeys(x for p in parts for x in p.media)),
            facets=(),
            followups=tuple(dict.fromkeys(f for p in parts for f in p.followups)),
        )

    def ask(
        self,
        text: str,
        chat: str | None = None,
        language: str | None = None,
        now: float | None = None,
    ) -> Answer:
        """Answer one question. `language`: the user's chosen language, if any."""
        kb, vocab, _, text_keys = self._state
        now = time.monotonic() if now is None else now
        preferred = (
            language if language in self.options.languages else (self.options.default_language)
        )
        ctx = self.contexts.get(chat, now) if chat is not None else None
        parsed = parse(text, vocab, preferred, self.options.languages)
        answer = decide(parsed, kb, ctx, self._limits, self.today(), text_keys)
        if answer.kind is not Kind.DECLINE:  # a decline of the whole stays a decline
            answer = self._in_parts(text, answer, ctx, now) or answer
        if chat is not None and answer.kind not in (Kind.DECLINE, Kind.CLARIFY, Kind.SMALLTALK):
            self.contexts.put(chat, _context_of(answer, now))
        return answer


_QUESTION_CUES = frozenset({Cue.LIST, Cue.COUNT, Cue.WHEN, Cue.WHERE, Cue.YESNO, Cue.ABOUT})


def _asks(piece: str, parsed: Parsed) -> bool:
    """A part of a message that asks something: a question mark, or a question word."""
    return piece.rstrip().endswith("?") or bool(parsed.cues & _QUESTION_CUES)


def _covered(part: Answer, whole: Answer) -> bool:
    return part.kind is whole.kind and all(
        set(getattr(part, k)) <= set(getattr(whole, k))
        for k in ("partners", "projects", "events", "media", "facets")
    )


def _context_of(answer: Answer, now: float) -> ChatContext:
    return ChatContext(
        kind=answer.kind,
        partners=answer.partners,
        projects=answer.projects,
        events=answer.events,
        media=answer.media,
        facets=answer.facets,
        at=now,
    )
