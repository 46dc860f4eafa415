"""Inline mode: "@bot zgierz" in any chat offers the matching cards as articles."""

from __future__ import annotations

import pytest
from conftest import RunningBot
from fakebot import FakeTelegram, InlineAnswer, User, parse_html

from bot.knowledge import KnowledgeBase


async def inline(tg: FakeTelegram, user: User, query: str) -> InlineAnswer:
    return await tg.wait_for_inline_answer(tg.inline_query(user, query, chat_type="group"))


def check_articles(answer: InlineAnswer) -> None:
    """At most 50 articles, each sending a card of valid HTML within Telegram's limit."""
    assert len(answer.results) <= 50
    assert len({r["id"] for r in answer.results}) == len(answer.results)
    for result in answer.results:
        assert result["type"] == "article"
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML"
        parsed = parse_html(content["message_text"])
        assert 0 < len(parsed.text) <= 4096


@pytest.mark.parametrize(
    ("language_code", "query", "first_title", "text"),
    [
        ("en", "zgierz", "🇵🇱 Zgierz", "Zgierz (Poland) is a twinning partner"),
        ("lv", "zgierz", "🇵🇱 Zgeža", "Zgeža (Polija) ir sadraudzības partneris"),
        ("ru", "Згеж", "🇵🇱 Згеж", "Згеж (Польша) — партнёр-побратим"),
        ("en", "zgi", "🇵🇱 Zgierz", "Zgierz (Poland)"),  # typing: part of a name
        ("en", "film", "🎬 Friends. Infinite Story on Twinning", "The film"),
        ("en", "festival", "🎉 European Festival in Mayenne", "A delegation"),
    ],
)
async def test_inline_query_offers_matching_cards(
    tg: FakeTelegram,
    bot: RunningBot,
    language_code: str,
    query: str,
    first_title: str,
    text: str,
) -> None:
    user = tg.user(1001, "Anna", language_code)
    answer = await inline(tg, user, query)
    check_articles(answer)
    assert answer.titles[0] == first_title
    assert answer.texts()[0].startswith(text)
    assert answer.is_personal  # in the user's own language
    tg.assert_no_rejections()


async def test_inline_query_by_country_offers_its_partners(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    user = tg.user(1001, "Anna", "en")
    answer = await inline(tg, user, "Lithuania")
    check_articles(answer)
    assert set(answer.titles) >= {"🇱🇹 Kupiškis", "🇱🇹 Biržai"}
    assert not any("Zgierz" in title for title in answer.titles)
    tg.assert_no_rejections()


async def test_an_empty_inline_query_offers_every_card(
    tg: FakeTelegram, bot: RunningBot, kb: KnowledgeBase
) -> None:
    user = tg.user(1001, "Anna", "ru")
    answer = await inline(tg, user, "")
    check_articles(answer)
    assert len(answer.results) == kb.entry_count()
    assert answer.titles[0].startswith("🇳🇴 Арендал")
    tg.assert_no_rejections()


async def test_an_inline_query_that_matches_nothing_offers_nothing(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    user = tg.user(1001, "Anna", "en")
    answer = await inline(tg, user, "qwxzv")
    assert answer.results == []
    tg.assert_no_rejections()
