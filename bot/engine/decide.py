"""From meaning to an Answer: every kind of answer scores itself, the best one answers.

Each kind (bot/engine/kinds/) looks at the Reading of the question and says how well it
fits (0: not at all). The highest score wins; equal scores go to the higher priority. No
kind knows another: the tiers of scores are the policy, in one place -

    100  certain declines: no letters, instructions to the bot, requests to act,
         out-of-scope topics, general knowledge about places (90 for a country)
     85  a yes/no question about a checkable fact ("Is Riga a partner?" - "No.")
     80  small talk (when nothing of the subject is named), unknown places (78)
  56-65  reasoning: comparisons, negations, superlatives, the EU, a year
     58  a FAQ question asked nearly word for word
  35-56  plain content: events, media, projects, partners, lists and counts (50; +5/+6
         when a project fact or an event/media kind word is asked, -15 for a stray word
         in a long message)
     10  the FAQ, matched loosely
      1  the fallback: "did you mean ...?" or a kind decline

A kind whose build finds, on a closer look, that it does not apply returns None and the
next best answers. A wrong answer is worse than none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.answer import Answer, Facet, Kind
from bot.engine import facts
from bot.engine.kinds import AnswerKind
from bot.engine.kinds.declines import (
    Act,
    Fallback,
    Faq,
    GeneralKnowledge,
    Injection,
    Nonsense,
    OutOfScope,
    Talk,
    UnknownPlace,
)
from bot.engine.kinds.entries import Events, Media, PartnerCard, PartnerList, Projects
from bot.engine.kinds.reasoning import Compare, InEu, Negation, Ranked, Year, YesNo
from bot.engine.reading import ChatContext, Limits, Reading
from bot.engine.understand import Parsed
from bot.knowledge import KnowledgeBase
from bot.vocabulary import Cue, EntryKind

__all__ = ["KINDS", "ChatContext", "Limits", "decide"]

KINDS: tuple[AnswerKind, ...] = (
    Nonsense(),
    Injection(),
    Act(),
    OutOfScope(),
    GeneralKnowledge(),
    UnknownPlace(),
    Talk(),
    Compare(),
    YesNo(),
    Negation(),
    Ranked(),
    InEu(),
    Year(),
    Events(),
    Media(),
    Projects(),
    PartnerCard(),
    PartnerList(),
    Faq(),
    Fallback(),
)


def ranked(r: Reading) -> list[tuple[float, int, AnswerKind]]:
    """The kinds that apply, best first."""
    scored = [(k.score(r), k.priority, k) for k in KINDS]
    return sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], -s[1]))


def decide(
    p: Parsed,
    kb: KnowledgeBase,
    ctx: ChatContext | None,
    limits: Limits,
    today: dt.date | None = None,
    kb_text_keys: frozenset[str] = frozenset(),
) -> Answer:
    """The Answer for a parsed question (ctx: the chat's previous question, if recent)."""
    r = Reading.of(p, kb, ctx, limits, today or dt.date.today(), kb_text_keys)
    for _, _, kind in ranked(r):
        answer = kind.build(r)
        if answer is not None:
            return _unknown_in_lists(r, answer)
    raise AssertionError("the fallback always answers")  # pragma: no cover


LISTS = (Kind.PARTNER_LIST, Kind.PROJECT_LIST, Kind.COUNT)


def _unknown_in_lists(r: Reading, answer: Answer) -> Answer:
    """A list answering a question about a fact nobody holds ("who is the contact person
    for twinning?", "the budget of the projects with X"): say it is not known, then what
    is (and count the question as not answered)."""
    if answer.kind not in LISTS or Facet.UNKNOWN in answer.facets or answer.filters.negated:
        return answer  # a list of what lacks a fact answers the question
    unknown = Cue.UNKNOWN in r.cues
    if not unknown and answer.partners and answer.kind is not Kind.PROJECT_LIST:
        asked = [f for f in facts.asked(EntryKind.PARTNER, r.cues) if f in _UNORDERED]
        if asked:  # (the partners of a long list are looked up only when a fact is asked)
            items = [r.kb.partners[x] for x in answer.partners]
            unknown = facts.missing(EntryKind.PARTNER, tuple(asked), items, r.kb)
    if unknown:
        return replace(answer, facets=(Facet.UNKNOWN, *answer.facets))
    return answer


# Facts of a partner that are no filter of a list (a list by year uses the signed date).
_UNORDERED = frozenset(f.facet for f in facts.facts_of(EntryKind.PARTNER) if f.order is None)
