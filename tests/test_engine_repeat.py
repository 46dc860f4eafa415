"""A follow-up asked again in its chat is answered again: the entries it takes from the chat's
context have no score of their own in the question (a KeyError once, on "what projects?")."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.engine import Engine
from bot.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parent.parent


def test_every_evaluation_question_asked_twice_in_its_chat_is_answered() -> None:
    engine = Engine(load_knowledge(ROOT / "knowledge"))
    cases = yaml.safe_load((ROOT / "tests" / "eval" / "questions.yaml").read_text("utf-8"))
    questions = [str(case["q"]) for case in cases["cases"]]
    for n, q in enumerate(questions):
        engine.ask(q, chat=str(n))
    for n, q in enumerate(questions):
        assert engine.ask(q, chat=str(n)).kind is not None, q
