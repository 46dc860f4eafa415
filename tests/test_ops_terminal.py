"""`twinning-bot chat`: example questions from the knowledge base in the user's language,
answers wrapped to the terminal, /start, /help and /language as on Telegram, readline
history in the data directory."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.options import engine_options
from bot.terminal import Readline, TerminalChat, example_questions, wrap

ROOT = Path(__file__).resolve().parent.parent
EXE = shutil.which("twinning-bot", path=str(Path(sys.executable).parent)) or "twinning-bot"


def chat_with(kb: KnowledgeBase, lines: list[str], lang: str | None = None) -> str:
    """What the terminal shows for `lines` typed one after another, 60 columns wide."""
    settings = Settings()
    typed: Iterator[str] = iter(lines)
    out = io.StringIO()

    def read(prompt: str) -> str:
        out.write(prompt)  # as input() does
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    engine = Engine(kb, engine_options(settings))
    TerminalChat(engine, settings, out, lang, width=lambda: 60, read=read).run()
    return out.getvalue()


@pytest.mark.parametrize("lang", ["lv", "ru", "en"])
def test_three_examples_from_the_knowledge_base_that_the_bot_answers(
    kb: KnowledgeBase, lang: str
) -> None:
    questions = example_questions(kb, lang)
    assert len(questions) == 3 and len(set(questions)) == 3
    names = {p.name.get(lang) for p in kb.partners.values()}
    assert sum(any(name in q for name in names) for q in questions) >= 2  # names from the KB
    engine = Engine(kb, engine_options(Settings()))
    for question in questions:
        answer = engine.ask(question)
        assert answer.answered and answer.lang == lang, question
        assert answer.matched, question


def test_the_examples_follow_the_knowledge_base(kb: KnowledgeBase) -> None:
    first = min(
        (p for p in kb.partners.values() if p.agreement.signed is not None),
        key=lambda p: (len(p.name.get("en")), p.id),
    )
    renamed = first.model_copy(update={"name": first.name.model_copy(update={"en": "Oz"})})
    other = dataclasses.replace(kb, partners={**kb.partners, first.id: renamed})
    assert "When was the agreement with Oz signed?" in example_questions(other, "en")


def test_opening_shows_the_examples_in_the_users_language(kb: KnowledgeBase) -> None:
    shown = chat_with(kb, [], lang="ru")
    assert shown.startswith("Бот побратимских связей")
    assert "Вы можете спросить, например:" in shown
    for question in example_questions(kb, "ru"):
        assert question.split()[0] in shown


def test_start_help_and_language_as_on_telegram(kb: KnowledgeBase) -> None:
    shown = chat_with(kb, ["/start", "/help", "/language", "3", "Zgierz", "/language lv"])
    start, help_, language = shown.split("\n> ")[1:4]
    assert start.startswith("Sveiki! Es atbildu")
    assert "Varat man jautāt, piemēram:" in start
    assert "/language — " in help_ and "Ctrl+D" in help_
    assert "1) Latviešu" in language and "3) English" in language
    assert "From now on I answer in English." in language
    assert "Zgierz (Poland)" in shown  # the next answer in the chosen language
    assert shown.rstrip().removesuffix(">").rstrip().endswith("Turpmāk atbildēšu latviski.")
    assert "Sveiki! Es atbildu" in shown and shown.count("Zgierz (Poland)") == 1


def test_an_unknown_command_is_not_a_question(kb: KnowledgeBase) -> None:
    shown = chat_with(kb, ["/weather"], lang="en")
    assert "I don't know this command. /help shows what I can do." in shown


def test_lines_are_wrapped_between_words() -> None:
    text = "• " + " ".join(["Sadraudzības"] * 12) + "\nshort"
    wrapped = wrap(text, 40)
    lines = wrapped.splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert lines[1].startswith("  Sadraudzības")  # a bullet's lines stay under it
    assert wrapped.split() == text.split()
    assert lines[-1] == "short"


def test_the_chat_wraps_to_the_terminal_width() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "TWINNING_"))}
    result = subprocess.run(
        [EXE, "chat", "--lang", "en"],
        input="Tell me about Zgierz\n",
        capture_output=True, text=True, cwd=ROOT, env={**env, "COLUMNS": "50"},
        timeout=60, check=True,
    )  # fmt: skip
    lines = [line.removeprefix("> ") for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) <= 50, result.stdout
    assert "Zgierz" in result.stdout


def test_readline_history_is_kept_in_the_data_directory(tmp_path: Path) -> None:
    history = tmp_path / "data" / "chat_history"
    editing = Readline(history)
    if editing.module is None:
        pytest.skip("no readline on this platform")
    editing.module.clear_history()
    editing.module.add_history("Kad noslēgts līgums ar Biržiem?")
    editing.save()
    assert "Biržiem" in history.read_text(encoding="utf-8")
    editing.module.clear_history()
    Readline(history)  # the next chat reads it back
    assert editing.module.get_history_item(1) == "Kad noslēgts līgums ar Biržiem?"


@pytest.mark.parametrize("lang", ["lv", "ru"])
def test_every_string_of_the_terminal_is_in_the_catalogue(lang: str) -> None:
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    found = [
        message
        for _, message, _, _ in extract_from_file(
            "python", ROOT / "bot" / "terminal.py", keywords={"t": (2,), "tn": (2, 3)}
        )
    ]
    assert len(found) >= 10
    with (ROOT / "bot" / "locales" / f"{lang}.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    entries = {m: catalogue.get(m) for m in found}
    untranslated = [m for m, entry in entries.items() if entry is None or not entry.string]
    assert untranslated == []
