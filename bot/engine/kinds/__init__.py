"""Kinds of answer. Each scores itself against a Reading and builds its Answer; the best
score wins, ties go to the higher priority (see bot/engine/decide.py for the registry)."""

from __future__ import annotations

from typing import Protocol

from bot.answer import Answer
from bot.engine.reading import Reading


class AnswerKind(Protocol):
    """One kind of answer: how well it fits a question, and the Answer it gives."""

    @property
    def name(self) -> str: ...

    @property
    def priority(self) -> int:
        """Breaks ties between equal scores; higher wins."""
        ...

    def score(self, r: Reading) -> float:
        """0 when this kind does not apply; higher when it explains the question better."""
        ...

    def build(self, r: Reading) -> Answer | None:
        """The Answer, or None when a closer look shows it does not apply after all."""
        ...
