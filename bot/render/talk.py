"""Replies that are not about one entry: FAQ, small talk, "did you mean", declines.

The examples and the list of topics come from the knowledge base (its first dated partner,
a country with partners, its events and media by their kind), never from the code.
"""

from __future__ import annotations

from bot.answer import Answer, DeclineReason, SmallTalk, Verdict
from bot.render import cards
from bot.render.cards import (
    Blocks,
    Ctx,
    bullets,
    countries,
    country,
    field_name,
    flagged_names,
    name,
    quote,
    some,
    title,
)
from bot.render.formats import join_list
from bot.render.i18n import t
from bot.render.kinds import event_words, media_words
from bot.render.markup import esc


def faq_reply(ctx: Ctx, answer: Answer) -> Blocks:
    return [esc(ctx.kb.faq[i].answer.get(ctx.lang)) for i in answer.faq if i in ctx.kb.faq]


def example_questions(ctx: Ctx) -> list[str]:
    """Questions the knowledge base answers, worded per language (escaped, no markup)."""
    kb, lang = ctx.kb, ctx.lang
    out: list[str] = []
    # Of the partners with a known date, the shortest name makes the clearest example.
    dated_ones = [p for p in kb.partners.values() if p.agreement.signed]
    dated = min(dated_ones, key=lambda p: len(p.name.get(lang)), default=None)
    if dated is not None:
        out.append(t(lang, "When was the agreement with {name} signed?", name=name(ctx, dated)))
    if kb.by_country:
        # The country with the most partners makes the best example of a list.
        code = max(kb.by_country, key=lambda c: len(kb.by_country[c]))
        out.append(t(lang, "Which partners are in {country}?", country=country(ctx, code)))
    with_projects = [p for p in kb.partners.values() if kb.projects_of.get(p.id)]
    if with_projects:
        chosen = next((p for p in with_projects if p is not dated), with_projects[0])
        out.append(t(lang, "What projects were there with {name}?", name=name(ctx, chosen)))
    event = next((e for e in kb.events.values() if e.duration_days), None)
    if event is not None:
        out.append(t(lang, event_words(event.kind).example, place=esc(event.place.get(lang))))
    media = next((m for m in kb.media.values() if m.funder), None)
    if media is not None:
        out.append(t(lang, media_words(media.kind).example))
    return out


def _examples(ctx: Ctx) -> str:
    questions = example_questions(ctx)
    if not questions:
        return ""
    lang = ctx.lang
    lines = [t(lang, "You can ask me, for example:"), *bullets(f"<i>{q}</i>" for q in questions)]
    return "\n".join(lines)


def topics(ctx: Ctx) -> str:
    """ "I can also tell you about these events and media: “A”, “B”." ("" if none)."""
    lang = ctx.lang
    events = [quote(ctx, esc(e.name.get(lang))) for e in ctx.kb.events.values()]
    media = [quote(ctx, esc(m.title.get(lang))) for m in ctx.kb.media.values()]
    if events and media:
        return t(
            lang,
            "I can also tell you about these events and media: {items}.",
            items=some(ctx, [*events, *media]),
        )
    if events:
        return t(lang, "I can also tell you about these events: {items}.", items=some(ctx, events))
    if media:
        return t(lang, "I can also tell you about these media: {items}.", items=some(ctx, media))
    return ""


def capabilities(ctx: Ctx) -> str:
    """What the bot answers about, from what the knowledge base holds."""
    line = t(
        ctx.lang,
        "I answer questions about the international cooperation of {municipality}: "
        "twinning partners and agreements, cooperation fields and joint projects.",
        municipality=ctx.municipality,
    )
    more = topics(ctx)
    return f"{line} {more}" if more else line


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
        line = capabilities(ctx)
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


def _what_i_know(ctx: Ctx, answer: Answer) -> Blocks:
    """The cards of the entries an Answer names (for a request the bot cannot carry out)."""
    kb = ctx.kb
    shown = [
        cards.partner_card(ctx, p, with_projects=False)
        for p in cards.partners_of(ctx, answer.partners)
    ]
    shown += [cards.event_card(ctx, kb.events[i]) for i in answer.events if i in kb.events]
    shown += [cards.project_card(ctx, p) for p in cards.projects_of(ctx, answer.projects)]
    shown += [cards.media_card(ctx, kb.media[i]) for i in answer.media if i in kb.media]
    return shown


def _hint(ctx: Ctx) -> Blocks:
    """What the bot can answer: its topics and a few example questions."""
    return [b for b in (topics(ctx), _examples(ctx)) if b]


def decline_reply(ctx: Ctx, answer: Answer) -> Blocks:
    """A decline (its renderer words the verdict itself)."""
    lang, m = ctx.lang, ctx.municipality
    reason = answer.decline_reason
    all_partners = flagged_names(ctx, ctx.kb.partners.values())
    if reason is DeclineReason.UNKNOWN_PLACE and answer.unknown_name:
        values = {"name": esc(answer.unknown_name), "municipality": m}
        if answer.verdict is Verdict.NO:
            line = t(
                lang, "No, {name} is not one of the twinning partners of {municipality}.", **values
            )
        else:
            line = t(lang, "{name} is not among the twinning partners of {municipality}.", **values)
        blocks = [line + " " + t(lang, "The partners are: {names}.", names=all_partners)]
    elif reason is DeclineReason.NO_PARTNER_IN_COUNTRY and answer.unknown_name:
        values = {"municipality": m, "country": country(ctx, answer.unknown_name)}
        if answer.verdict is Verdict.NO:
            line = t(lang, "No, {municipality} has no twinning partner in {country}.", **values)
        else:
            line = t(lang, "{municipality} has no twinning partner in {country}.", **values)
        hint = t(
            lang,
            "The partners are in: {countries}.",
            countries=countries(ctx, ctx.kb.countries, flags=True),
        )
        blocks = [f"{line} {hint}"]
    elif reason is DeclineReason.ACTION:
        known = _what_i_know(ctx, answer)
        if known:
            lead = t(lang, "I can't do that (I only answer questions), but here is what I know:")
            blocks = [lead, *known]
        else:
            lead = t(lang, "I can't do that: I only answer questions.")
            blocks = [f"{lead} {capabilities(ctx)}", _examples(ctx)]
    elif reason is DeclineReason.INJECTION:
        line = t(
            lang,
            "I only answer questions about the international cooperation of {municipality}.",
            municipality=m,
        )
        blocks = [line, *_hint(ctx)]
    else:
        blocks = [
            t(
                lang,
                "Sorry, I can only answer questions about the international cooperation of "
                "{municipality}: twinning partners, cooperation fields and joint projects.",
                municipality=m,
            ),
            *_hint(ctx),
        ]
    suggested = _suggestion_names(ctx, answer)
    if suggested:
        blocks.append(t(lang, "Did you mean: {names}?", names=suggested))
    return blocks
