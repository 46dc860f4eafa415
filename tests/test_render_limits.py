"""Long lists stay readable: a knowledge base with thousands of partners lists some, counts the
rest (shown here with small limits on the real knowledge base)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Answer, DeclineReason, Kind
from bot.knowledge import load_knowledge
from bot.render import cards, render_text

KB = load_knowledge(Path(__file__).resolve().parent.parent / "knowledge")
MUNICIPALITY = {"lv": "Rēzeknes novads", "ru": "Резекненский край", "en": "Rēzekne"}


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cards, "MAX_LINES", 3)
    monkeypatch.setattr(cards, "MAX_NAMES", 2)


@pytest.mark.parametrize(
    ("lang", "more"), [("en", "… and 4 more"), ("lv", "… un vēl 4"), ("ru", "… и ещё 4")]
)
def test_a_long_partner_list_is_cut_and_counted(small_limits: None, lang: str, more: str) -> None:
    answer = Answer(Kind.PARTNER_LIST, lang, partners=tuple(KB.partners))
    text = render_text(answer, KB, MUNICIPALITY)
    lines = text.split("\n\n")[1].splitlines()
    assert len(lines) == 4 and lines[-1] == more


def test_a_long_list_of_names_is_cut_and_counted(small_limits: None) -> None:
    answer = Answer(Kind.DECLINE, "en", decline_reason=DeclineReason.UNKNOWN_PLACE,
                    unknown_name="Riga")  # fmt: skip
    text = render_text(answer, KB, MUNICIPALITY)
    assert "and 5 more" in text
    assert "Biržai" not in text  # the 7th partner is counted, not named


def test_short_lists_are_whole() -> None:
    answer = Answer(Kind.PARTNER_LIST, "en", partners=tuple(KB.partners))
    text = render_text(answer, KB, MUNICIPALITY)
    assert "more" not in text and all(str(p.name.en) in text for p in KB.partners.values())
