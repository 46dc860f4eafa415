"""Replies that are not about one entry: FAQ, small talk, "did you mean", declines."""

from __future__ import annotations

from bot.answer import Answer, DeclineReason, SmallTalk
from bot.render import cards
from bot.render.cards import (
    Blocks,
    Ctx,
    bullets,
    countries,
    country,
    field_name,
    flagged_names,
    quote,
    title,
)
from bot.render.formats import join_list
from bot.render.i18n import t
from bot.render.markup import esc


def faq_reply(ctx: Ctx, answer: Answer) -> Blocks:
    return [esc(ctx.kb.faq[i].answer.get(ctx.lang)) for i in answer.faq if i in ctx.kb.faq]


def _examples(ctx: Ctx) -> str:
    lang = ctx.lang
    questions = [
        t(lang, "When was the agreement with Zgierz signed?"),
        t(lang, "Which partners are in Lithuania?"),
        t(lang, "What projects were there with Kupiškis?"),
        t(lang, "How long did the festival in Mayenne last?"),
    ]
    lines = [t(lang, "You can ask me, for example:"), *bullets(f"<i>{q}</i>" for q in questions)]
    return "\n".join(lines)


def smalltalk_reply(ctx: Ctx, answer: Answer) -> Blocks:
    lang, m = ctx.lang, ctx.municipality
    talk = answer.smalltalk or SmallTalk.HELP
    if talk is SmallTalk.GREETING:
        line = t(
            lang,
            "Hello! I answer questions about the twinning partners of {municipality}.",
            municipality=m,
        )
    elif talk is SmallTalk.THANKS:
        line = t(lang, "You're welcome! Ask me anything else about the twinning partners.")
    elif talk is SmallTalk.WHO:
        line = t(
            lang,
            "I am the twinning bot of {municipality}. Everything I say comes from the "
            "municipality's page “International cooperation”.",
            municipality=m,
        )
    elif talk is SmallTalk.BYE:
        line = t(lang, "Goodbye! Come back any time.")
    else:
        line = t(
            lang,
            "I answer questions about the international cooperation of {municipality}: "
            "twinning partners and agreements, cooperation fields, joint projects, "
            "the festival in Mayenne and the film about twinning.",
            municipality=m,
        )
    return [line, _examples(ctx)]


def _suggestion_names(ctx: Ctx, answer: Answer) -> str:
    kb, lang = ctx.kb, ctx.lang
    shown: list[str] = []
    for match in answer.suggestions:
        label: str | None = None
        if match.kind == "partner" and match.id in kb.partners:
            label = cards.flagged(ctx, kb.partners[match.id])
        elif match.kind == "project" and match.id in kb.projects:
            label = quote(ctx, title(ctx, kb.projects[match.id]))
        elif match.kind == "event" and match.id in kb.events:
            label = esc(kb.events[match.id].name.get(lang))
        elif match.kind == "media" and match.id in kb.media:
            label = quote(ctx, esc(kb.media[match.id].title.get(lang)))
        elif match.kind == "country" and len(match.id) == 2:
            label = countries(ctx, [match.id], flags=True)
        elif match.kind == "field" and match.id in kb.fields:
            label = field_name(ctx, match.id)
        if label and label not in shown:
            shown.append(label)
        if len(shown) == 3:
            break
    return join_list(shown, lang, "or")


def not_sure(ctx: Ctx) -> Blocks:
    return [t(ctx.lang, "I'm not sure what you mean."), _examples(ctx)]


def clarify_reply(ctx: Ctx, answer: Answer) -> Blocks:
    suggested = _suggestion_names(ctx, answer)
    if not suggested:
        return not_sure(ctx)
    return [t(ctx.lang, "I'm not sure what you mean. Did you mean: {names}?", names=suggested)]


def decline_reply(ctx: Ctx, answer: Answer) -> Blocks:
    lang, m = ctx.lang, ctx.municipality
    reason = answer.decline_reason
    all_partners = flagged_names(ctx, ctx.kb.partners.values())
    if reason is DeclineReason.UNKNOWN_PLACE and answer.unknown_name:
        blocks = [
            t(
                lang,
                "{name} is not among the twinning partners of {municipality}.",
                name=esc(answer.unknown_name),
                municipality=m,
            )
            + " "
            + t(lang, "The partners are: {names}.", names=all_partners)
        ]
    elif reason is DeclineReason.NO_PARTNER_IN_COUNTRY and answer.unknown_name:
        blocks = [
            t(
                lang,
                "{municipality} has no twinning partner in {country}.",
                municipality=m,
                country=country(ctx, answer.unknown_name),
            )
            + " "
            + t(
                lang,
                "The partners are in: {countries}.",
                countries=countries(ctx, ctx.kb.countries, flags=True),
            )
        ]
    else:
        example = "<i>" + t(lang, "When was the agreement with Zgierz signed?") + "</i>"
        blocks = [
            t(
                lang,
                "Sorry, I can only answer questions about the international cooperation of "
                "{municipality}: twinning partners, joint projects, the festival in Mayenne "
                "and the film about twinning.",
                municipality=m,
            ),
            t(lang, "For example: {question}", question=example),
        ]
    suggested = _suggestion_names(ctx, answer)
    if suggested:
        blocks.append(t(lang, "Did you mean: {names}?", names=suggested))
    return blocks
