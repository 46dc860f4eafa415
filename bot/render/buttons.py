"""Labels of the follow-up buttons (plain text: Telegram does not parse HTML in buttons)."""

from __future__ import annotations

from collections.abc import Callable

from bot.answer import Action, Followup
from bot.knowledge.model import KnowledgeBase
from bot.render.formats import country_name, flag
from bot.render.i18n import t
from bot.render.kinds import event_words, media_words

BUTTON_LIMIT = 40


def _fit(prefix: str, make: Callable[[str], str], value: str, limit: int = BUTTON_LIMIT) -> str:
    """`prefix + make(value)`, shortening `value` with "…" until it fits in `limit`."""
    label = prefix + make(value)
    while len(label) > limit and len(value) > 1:
        cut = max(1, len(value) - (len(label) - limit) - 1)
        value = value[:cut].rstrip(" ,.;:—-") + "…"
        label = prefix + make(value)
    return label


def button_label(followup: Followup, kb: KnowledgeBase, lang: str) -> str:
    """A short label (≤ 40 characters where possible): "📁 Projects with <partner>"."""
    ref, action = followup.ref, followup.action
    if action is Action.ALL_PARTNERS:
        return "📋 " + t(lang, "All partners")
    if action is Action.ALL_PROJECTS:
        return "📂 " + t(lang, "All joint projects")
    if action in (Action.PARTNER, Action.PARTNER_PROJECTS) and ref in kb.partners:
        name = kb.partners[ref].name.get(lang)
        if action is Action.PARTNER:
            return _fit("🤝 ", lambda v: v, name)
        return _fit("📁 ", lambda v: t(lang, "Projects with {name}", name=v), name)
    if action is Action.PARTNERS_IN_COUNTRY:
        country = country_name(ref, lang)
        return _fit(f"{flag(ref)} ", lambda v: t(lang, "Partners in {country}", country=v), country)
    if action is Action.PARTNERS_WITH_FIELD and ref in kb.fields:
        field = kb.fields[ref].name.get(lang)
        return _fit("🎯 ", lambda v: t(lang, "Partners: {field}", field=v), field)
    if action is Action.PROJECT and ref in kb.projects:
        return _fit("📁 ", lambda v: v, kb.projects[ref].title.get(lang))
    if action is Action.EVENT and ref in kb.events:
        event = kb.events[ref]
        return _fit(f"{event_words(event.kind).emoji} ", lambda v: v, event.name.get(lang))
    if action is Action.MEDIA and ref in kb.media:
        media = kb.media[ref]
        return _fit(f"{media_words(media.kind).emoji} ", lambda v: v, media.title.get(lang))
    return _fit("", lambda v: v, ref or str(action))
