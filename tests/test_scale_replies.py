"""At thousands of entries a reply stays a chat message: a question that matches 500 festivals
("the festival", "all joint projects") shows a few cards and counts the rest, instead of
sending a hundred messages.

A knowledge base of 2,000 entries (benchmarks/synthetic.py: the shipped entries plus
generated partners, projects and events) is asked every evaluation question and the
generated ones; each reply, as the bot sends it (split at Telegram's 4,096 characters), is at
most two messages, and a reply that leaves entries out says how many there are in all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import synthetic
from benchmarks.cases import eval_cases
from bot.engine import Engine
from bot.knowledge import load_knowledge
from bot.render import html_to_text, render_html, split_message
from bot.render.cards import MAX_CARDS

MUNICIPALITY = {"lv": "Rēzeknes novads", "ru": "Резекненский край", "en": "Rēzekne Municipality"}
MESSAGES_AT_MOST = 2


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, list[dict[str, object]]]:
    kb_dir = tmp_path_factory.mktemp("kb2000")
    generated = synthetic.write_knowledge(kb_dir, 2000)
    cases = eval_cases() + synthetic.cases(generated, 150)
    return Engine(load_knowledge(kb_dir)), cases


def test_every_reply_at_scale_is_at_most_two_messages(
    large: tuple[Engine, list[dict[str, object]]],
) -> None:
    engine, cases = large
    too_long = []
    capped = 0
    for n, case in enumerate(cases):
        chat = f"scale-{n}"
        if case["after"]:
            engine.ask(str(case["after"]), chat=chat)
        answer = engine.ask(str(case["q"]), chat=chat)
        html = render_html(answer, engine.kb, MUNICIPALITY)
        parts = split_message(html)
        if len(parts) > MESSAGES_AT_MOST:
            too_long.append((case["q"], answer.kind, len(parts)))
        listed = max(len(answer.events), len(answer.projects), len(answer.media))
        if answer.kind in ("event", "project") and listed > MAX_CARDS:
            capped += 1
            text = html_to_text(html)
            # "… and 494 more (500 in all)" / "… un vēl 494 (kopā 500)" / "… и ещё 494 (всего 500)"
            assert re.search(rf"\b{listed - MAX_CARDS}\b.*\b{listed}\b", text), case["q"]
    assert not too_long, too_long
    assert capped >= 10  # "the festival" among hundreds of festivals is asked often


def test_ten_events_show_six_cards_and_count_the_rest() -> None:
    """An invented municipality with ten events: "which events?" shows six and says how many
    there are in all, in the language asked."""
    kb = load_knowledge(Path(__file__).resolve().parent / "kb5" / "knowledge")
    engine = Engine(kb)
    assert len(kb.events) == 10
    for question, said in (
        ("Kādi pasākumi ir bijuši?", "… un vēl 4 (kopā 10)"),
        ("Какие мероприятия были?", "… и ещё 4 (всего 10)"),
        ("Which events were there?", "… and 4 more (10 in all)"),
    ):
        answer = engine.ask(question)
        assert len(answer.events) == 10, question
        text = html_to_text(render_html(answer, kb, MUNICIPALITY))
        assert said in text, question
        shown = [e for e in answer.events if kb.events[e].name.get(answer.lang) in text]
        assert len(shown) == MAX_CARDS, question
