"""Answer -> Telegram HTML or plain text, per language (dates, plurals, country names).

Never imports telegram: the transport sends what these functions return.
"""

from bot.render.buttons import button_label
from bot.render.html import render_capabilities, render_html, render_text, render_topics
from bot.render.i18n import t, tn
from bot.render.markup import html_to_text, split_message, visible_length

__all__ = [
    "button_label",
    "html_to_text",
    "render_capabilities",
    "render_html",
    "render_text",
    "render_topics",
    "split_message",
    "t",
    "tn",
    "visible_length",
]
