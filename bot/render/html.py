"""Answer -> Telegram HTML: one line that answers the question first, then the context card(s).

The engine's Answer says what to tell; the modules next to this one word it in the reply
language (partners, projects, events, talk). Lines are separated by a line break, blocks
(headline, cards, lists) by a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.answer import Answer, Facet, Kind
from bot.knowledge.model import KnowledgeBase
from bot.render.cards import Blocks, Ctx, make_ctx
from bot.render.events import event_reply, media_reply
from bot.render.i18n import t
from bot.render.markup import html_to_text
from bot.render.partners import count_reply, partner_list_reply, partner_reply
from bot.render.projects import project_list_reply, project_reply
from bot.render.talk import clarify_reply, decline_reply, faq_reply, not_sure, smalltalk_reply

# A date that ends a sentence may end in an abbreviation ("2007 г."): one period is enough.
_DOUBLE_PERIOD = re.compile(r"(?<!\.)\.\.(?!\.)")


def render_html(answer: Answer, kb: KnowledgeBase, municipality: dict[str, str]) -> str:
    """The reply to `answer` as Telegram HTML (<b>, <i>, <a href>, <code>, <blockquote>).

    `municipality` is the municipality's name per language (settings.municipality).
    """
    ctx = make_ctx(kb, answer.lang, municipality)
    lead: list[str] = []
    if Facet.UNKNOWN in answer.facets:
        # Say so first, then what is known about the entry.
        lead = [t(answer.lang, "I don't know that: the municipality's page does not say.")]
        rest = tuple(f for f in answer.facets if f is not Facet.UNKNOWN) or (Facet.OVERVIEW,)
        answer = replace(answer, facets=rest)
    blocks = [b for b in _RENDERERS[answer.kind](ctx, answer) if b.strip()] or not_sure(ctx)
    blocks = lead + blocks
    return _DOUBLE_PERIOD.sub(".", "\n\n".join(blocks))


def render_text(answer: Answer, kb: KnowledgeBase, municipality: dict[str, str]) -> str:
    """The same reply as plain text (for the CLI, logs and the evaluation)."""
    return html_to_text(render_html(answer, kb, municipality))


_RENDERERS: dict[Kind, Callable[[Ctx, Answer], Blocks]] = {
    Kind.PARTNER: partner_reply,
    Kind.PARTNER_LIST: partner_list_reply,
    Kind.COUNT: count_reply,
    Kind.PROJECT: project_reply,
    Kind.PROJECT_LIST: project_list_reply,
    Kind.EVENT: event_reply,
    Kind.MEDIA: media_reply,
    Kind.FAQ: faq_reply,
    Kind.SMALLTALK: smalltalk_reply,
    Kind.CLARIFY: clarify_reply,
    Kind.DECLINE: decline_reply,
}
