"""Properties that hold for any input: hostile or odd text never breaks the engine or renderer.

For any text and any language the reply is Telegram HTML the strict fake Bot API accepts, and
split into messages of at most 4096 visible characters.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from fakebot import parse_html, utf16_len
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.engine import Engine
from bot.engine.lexicon import OUT_OF_SCOPE
from bot.engine.text import phrase_keys
from bot.engine.vocab import build_vocabulary
from bot.knowledge import load_knowledge
from bot.render import render_html, split_message
from bot.transport.inline import all_cards, search
from bot.transport.views import screen

KB = load_knowledge(Path(__file__).resolve().parent.parent / "knowledge")
ENGINE = Engine(KB)
MUNICIPALITY = {"lv": "Rēzeknes novads", "ru": "Резекненский край", "en": "Rēzekne"}

NASTY = [
    "<b>Zgierz</b> & <script>alert(1)</script>",
    "Zgierz' OR 1=1; DROP TABLE questions; --",
    "**Kupiškis** _bold_ `code` [link](http://x)",
    "\u202eziergZ\u200b\u200d\u2066",
    "Z\u0301g\u0308i\u0327erz",
    "\x00\x01\x1b[31mBiržai\x7f",
    "&amp; &lt; &#0; &#x110000; &bogus;",
    "Kahta " * 700,
    "🇱🇹" * 3000,
    "a" * 4096,
]


def _check(html: str) -> None:
    for part in split_message(html):
        parsed = parse_html(part)  # raises like Telegram on an unsupported or unclosed tag
        assert 0 < utf16_len(parsed.text) <= 4096


@pytest.mark.parametrize("text", NASTY)
@pytest.mark.parametrize("lang", ["lv", "ru", "en"])
def test_hostile_text_gets_a_valid_reply(text: str, lang: str) -> None:
    answer = ENGINE.ask(text, chat="prop", language=lang)
    _check(render_html(answer, KB, MUNICIPALITY))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300), lang=st.sampled_from(["lv", "ru", "en"]))
def test_any_text_any_language_gives_valid_html(text: str, lang: str) -> None:
    answer = ENGINE.ask(text, language=lang)
    assert answer.lang in ("lv", "ru", "en")
    _check(render_html(answer, KB, MUNICIPALITY))


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(
    ["Zgierz", "Kupiškis", "partneri", "проекты", "festival", "when", "2011", "Lietuvā",
     "<i>", "&", "film", "how many", "и", "un", "and", "Biržai", "Mayenne", "?"]),
    min_size=1, max_size=12), lang=st.sampled_from(["lv", "ru", "en"]))  # fmt: skip
def test_any_mix_of_known_words_gives_valid_html(words: list[str], lang: str) -> None:
    answer = ENGINE.ask(" ".join(words), language=lang)
    _check(render_html(answer, KB, MUNICIPALITY))


def test_out_of_scope_words_never_match_a_knowledge_word() -> None:
    """An out-of-scope word that also matched a name or keyword would decline real questions
    (аренд* once declined every question about Arendal)."""
    vocab = build_vocabulary(KB)
    words: list[str] = []
    for p in KB.partners.values():
        words += [*p.name.values(), p.local_name, *p.aliases.all()]
    for pr in KB.projects.values():
        words += [*pr.title.values(), *pr.keywords.all()]
    for f in KB.fields.values():
        words += [*f.name.values(), *f.keywords.all()]
    for e in KB.events.values():
        words += [*e.name.values(), *e.keywords.all()]
    oos_words = {w.rstrip("*") for ws in OUT_OF_SCOPE.values() for w in ws.split() if "_" not in w}
    for text in words:
        for key in phrase_keys(text):
            hits = vocab.word_matches(key)
            clash = [
                w for w in hits if w.lstrip("*") in {k for o in oos_words for k in phrase_keys(o)}
            ]
            assert not clash, f"{text!r}: {key} matches out-of-scope {clash}"


# -- splitting any reply, inline search ----------------------------------------------------------

_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r"),
    min_size=1,
    max_size=40,
)


@st.composite
def _html_replies(draw: st.DrawFn) -> str:
    """Telegram HTML as the renderer writes it: escaped text, b/i/code/links, blockquotes,
    words, lines and paragraphs; long enough to need splitting."""

    def inline() -> str:
        text = html.escape(draw(_WORDS), quote=False)
        kind = draw(st.sampled_from(["text", "text", "b", "i", "code", "a", "bi"]))
        if kind == "text":
            return text
        if kind == "a":
            return f'<a href="https://example.lv/{draw(st.integers(0, 99))}">{text}</a>'
        if kind == "bi":
            return f"<b>{text} <i>{html.escape(draw(_WORDS), quote=False)}</i></b>"
        return f"<{kind}>{text}</{kind}>"

    paragraphs = []
    for _ in range(draw(st.integers(1, 12))):
        lines = [
            " ".join(inline() for _ in range(draw(st.integers(1, 30))))
            for _ in range(draw(st.integers(1, 6)))
        ]
        paragraph = "\n".join(lines)
        if draw(st.booleans()) and draw(st.integers(0, 4)) == 0:
            paragraph = f"<blockquote>{paragraph}</blockquote>"
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=_html_replies(), limit=st.sampled_from([2, 3, 17, 64, 300, 1000, 4096]))
def test_any_reply_splits_into_valid_messages_that_keep_the_text(reply: str, limit: int) -> None:
    parts = split_message(reply, limit)
    for part in parts:
        parsed = parse_html(part)
        assert 0 < utf16_len(parsed.text) <= limit
    kept = "".join(parse_html(p).text for p in parts)
    original = parse_html(reply).text
    assert "".join(kept.split()) == "".join(original.split())


@settings(max_examples=150, deadline=None)
@given(query=st.text(max_size=256), lang=st.sampled_from(["lv", "ru", "en"]))
def test_any_inline_query_offers_only_existing_cards_once(query: str, lang: str) -> None:
    found = search(ENGINE, query, lang)
    assert len(found) == len(set(found))
    assert set(found) <= set(all_cards(KB))


def test_every_inline_card_is_valid_html_in_every_language() -> None:
    settings_ = Settings()
    for ref in all_cards(KB):
        for lang in ("lv", "ru", "en"):
            card = screen(ref, lang, KB, settings_)
            assert card is not None
            _check(card.text)
