"""Inline mode: "@bot <name>" in any chat offers the matching cards, in the user's language.

The engine reads the query like a question ("partners in Lithuania", "tourism", "фильм");
while the user is still typing a name ("zgi") the query rarely names anything yet, so the
names that contain the typed letters are offered instead. An empty query offers every card.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions, Update
from telegram.constants import ParseMode

from bot.answer import Answer, Match
from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.render import html_to_text, split_message
from bot.render.formats import flag
from bot.transport.context import BotContext
from bot.transport.keyboards import Op, Ref
from bot.transport.language import user_language
from bot.transport.views import screen

MAX_RESULTS = 50  # Telegram's limit per answer
DESCRIPTION_LENGTH = 120
_KIND_OPS = {"partner": Op.PARTNER, "project": Op.PROJECT, "event": Op.EVENT, "media": Op.FILM}


def all_cards(kb: KnowledgeBase) -> list[Ref]:
    return [
        *(Ref(Op.PARTNER, i) for i in kb.partners),
        *(Ref(Op.PROJECT, i) for i in kb.projects),
        *(Ref(Op.EVENT, i) for i in kb.events),
        *(Ref(Op.FILM, i) for i in kb.media),
    ]


def _from_answer(answer: Answer, kb: KnowledgeBase) -> list[Ref]:
    refs = [
        *(Ref(Op.PARTNER, i) for i in answer.partners),
        *(Ref(Op.PROJECT, i) for i in answer.projects),
        *(Ref(Op.EVENT, i) for i in answer.events),
        *(Ref(Op.FILM, i) for i in answer.media),
    ]
    matches: Iterable[Match] = (*answer.matched, *answer.suggestions)
    for match in matches:
        if match.kind in _KIND_OPS:
            refs.append(Ref(_KIND_OPS[match.kind], match.id))
        elif match.kind == "country":
            refs += [Ref(Op.PARTNER, p.id) for p in kb.partners_in(match.id)]
        elif match.kind == "field":
            refs += [Ref(Op.PARTNER, p.id) for p in kb.partners.values() if match.id in p.fields]
    return refs


def search(engine: Engine, query: str, lang: str) -> list[Ref]:
    """The cards that match an inline query, best first, each once."""
    kb = engine.kb
    cards = all_cards(kb)
    if not query.strip():
        return cards
    found = _from_answer(engine.ask(query, language=lang), kb)
    if not found:
        found = [Ref(_KIND_OPS[m.kind], m.id) for m in engine.find_names(query)]
    valid = set(cards)
    return [ref for ref in dict.fromkeys(found) if ref in valid]


def title(ref: Ref, kb: KnowledgeBase, lang: str) -> str:
    if ref.op is Op.PARTNER:
        partner = kb.partners[ref.arg]
        return f"{flag(partner.country)} {partner.name.get(lang)}"
    if ref.op is Op.PROJECT:
        return "📁 " + kb.projects[ref.arg].title.get(lang)
    if ref.op is Op.EVENT:
        return "🎉 " + kb.events[ref.arg].name.get(lang)
    return "🎬 " + kb.media[ref.arg].title.get(lang)


def article(ref: Ref, context: BotContext, lang: str) -> InlineQueryResultArticle | None:
    """The card as an inline result that sends the formatted card."""
    card = screen(ref, lang, context.kb, context.settings)
    if card is None:
        return None
    text = split_message(card.text)[0]
    first_line = html_to_text(text).split("\n", 1)[0]
    if len(first_line) > DESCRIPTION_LENGTH:
        first_line = first_line[: DESCRIPTION_LENGTH - 1].rstrip() + "…"
    return InlineQueryResultArticle(
        id=ref.token(),
        title=title(ref, context.kb, lang),
        description=first_line,
        input_message_content=InputTextMessageContent(
            text,
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
    )


async def inline_query(update: Update, context: BotContext) -> None:
    """Answer "@bot words" with the matching cards (at most 50)."""
    query = update.inline_query
    if query is None:
        return
    lang = user_language(query.from_user, context.store, context.settings)
    refs = search(context.engine, query.query, lang)[:MAX_RESULTS]
    results = [r for r in (article(ref, context, lang) for ref in refs) if r is not None]
    # Personal: the cards are in the user's own language.
    await query.answer(results, cache_time=60, is_personal=True)
