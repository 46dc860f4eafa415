"""Answer -> Telegram HTML: one line that answers the question first, then the context card(s).

The engine's Answer says what to tell; the modules next to this one word it in the reply
language (partners, projects, events, talk). Lines are separated by a line break, blocks
(headline, cards, lists) by a blank line; the parts of a two-part question, too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.answer import Answer, Facet, Kind
from bot.knowledge.model import KnowledgeBase
from bot.render.cards import Blocks, Ctx, make_ctx, with_verdict
from bot.render.compare import compare_reply, year_reply
from bot.render.events import event_reply, media_reply
from bot.render.i18n import t
from bot.render.markup import html_to_text
from bot.render.notices import notice_blocks
from bot.render.partners import count_reply, partner_list_reply, partner_reply
from bot.render.projects import project_list_reply, project_reply
from bot.render.talk import (
    capabilities,
    clarify_reply,
    decline_reply,
    faq_reply,
    not_sure,
    smalltalk_reply,
    topics,
)

# A date that ends a sentence may end in an abbreviation ("2007 г."): one period is enough.
_DOUBLE_PERIOD = re.compile(r"(?<!\.)\.\.(?!\.)")


def render_html(answer: Answer, kb: KnowledgeBase, municipality: dict[str, str]) -> str:
    """The reply to `answer` as Telegram HTML (<b>, <i>, <a href>, <code>, <blockquote>).

    `municipality` is the municipality's name per language (settings.municipality).
    """
    blocks = reply_blocks(answer, kb, municipality)
    blocks += notice_blocks(answer, kb)  # staff notices of the entries named, until their end
    return _DOUBLE_PERIOD.sub(".", "\n\n".join(blocks))


def reply_blocks(answer: Answer, kb: KnowledgeBase, municipality: dict[str, str]) -> Blocks:
    """The blocks of the reply: the verdict and the headline first, then the cards."""
    if answer.kind is Kind.MULTI:
        # Each part is an Answer of its own, in its own language: rendered the same way.
        return [b for part in answer.parts for b in reply_blocks(part, kb, municipality)]
    ctx = make_ctx(kb, answer.lang, municipality)
    lead: list[str] = []
    if Facet.UNKNOWN in answer.facets:
        rest = tuple(f for f in answer.facets if f is not Facet.UNKNOWN)
        if answer.kind is not Kind.COMPARE:  # a comparison says which value is missing
            # Say so first, then what is known about the entry.
            lead = [t(answer.lang, "I don't know that: the municipality's page does not say.")]
            rest = rest or (Facet.OVERVIEW,)
        answer = replace(answer, facets=rest)
    render, words_verdict = RENDERERS[answer.kind]
    blocks = [b for b in render(ctx, answer) if b.strip()] or not_sure(ctx)
    if answer.verdict is not None and not words_verdict:
        blocks[0] = with_verdict(ctx, answer.verdict, blocks[0])
    return lead + blocks


def render_capabilities(kb: KnowledgeBase, lang: str, municipality: dict[str, str]) -> str:
    """What the bot answers about, in HTML, from what the knowledge base holds."""
    return capabilities(make_ctx(kb, lang, municipality))


def render_topics(kb: KnowledgeBase, lang: str, municipality: dict[str, str]) -> str:
    """The events and media the knowledge base holds, as a sentence ("" if none)."""
    return topics(make_ctx(kb, lang, municipality))


def render_text(answer: Answer, kb: KnowledgeBase, municipality: dict[str, str]) -> str:
    """The same reply as plain text (for the CLI, logs and the evaluation)."""
    return html_to_text(render_html(answer, kb, municipality))


RENDERERS: dict[Kind, tuple[Callable[[Ctx, Answer], Blocks], bool]] = {
    # kind: (renderer, whether it words the verdict itself; if not, "Yes."/"No." opens it)
    Kind.PARTNER: (partner_reply, False),
    Kind.PARTNER_LIST: (partner_list_reply, True),
    Kind.COUNT: (count_reply, True),
    Kind.PROJECT: (project_reply, False),
    Kind.PROJECT_LIST: (project_list_reply, True),
    Kind.EVENT: (event_reply, False),
    Kind.MEDIA: (media_reply, False),
    Kind.COMPARE: (compare_reply, True),
    Kind.YEAR: (year_reply, False),
    Kind.MULTI: (lambda ctx, answer: [], True),  # never called: reply_blocks splits it
    Kind.FAQ: (faq_reply, False),
    Kind.SMALLTALK: (smalltalk_reply, False),
    Kind.CLARIFY: (clarify_reply, False),
    Kind.DECLINE: (decline_reply, True),
}
"""Every Kind's renderer (tests/test_render_registry.py checks that none is missing)."""
