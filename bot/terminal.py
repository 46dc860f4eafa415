"""`twinning-bot chat`: the bot in a terminal, as close to Telegram as text allows.

- line editing and history with readline where Python has it (the history is kept in the
  data directory, `chat_history`, when the terminal is interactive);
- answers wrapped to the terminal's width, never in the middle of a word;
- /start greets and shows example questions, /help says what to ask, /language chooses the
  language (remembered for this chat), as the commands do on Telegram;
- on opening, three example questions in the user's language, drawn from the knowledge base.
"""

from __future__ import annotations

import contextlib
import shutil
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.render import html_to_text, render_text, t
from bot.render.formats import country_name
from bot.render.html import render_capabilities

HISTORY_FILE = "chat_history"  # in the data directory
HISTORY_LENGTH = 1000
LANGUAGE_NAMES = {"lv": "Latviešu", "ru": "Русский", "en": "English"}  # each in itself
BULLETS = ("• ", "- ", "– ")


def example_questions(kb: KnowledgeBase, lang: str) -> list[str]:
    """Three questions the bot answers, about entries of the knowledge base: an agreement
    date, the partners of the country that has the most, and a partner's projects."""
    partners = sorted(kb.partners.values(), key=lambda p: p.id)
    questions: list[str] = []
    dated = [p for p in partners if p.agreement.signed is not None]
    signed = min(dated, key=lambda p: (len(p.name.get(lang)), p.id)) if dated else None
    if signed is not None:
        name = signed.name.get(lang)
        questions.append(t(lang, "When was the agreement with {partner} signed?", partner=name))
    by_country = Counter(p.country for p in partners)
    if by_country:
        code = max(sorted(by_country), key=lambda c: by_country[c])
        country = country_name(code, lang)
        questions.append(t(lang, "Which partners are in {country}?", country=country))
    in_projects = Counter(pid for project in kb.projects.values() for pid in project.partners)
    busy = [p for p in partners if in_projects[p.id] and p is not signed]
    if busy:
        most = max(busy, key=lambda p: in_projects[p.id])
        name = most.name.get(lang)
        questions.append(t(lang, "Which joint projects are there with {partner}?", partner=name))
    return questions


def examples_text(kb: KnowledgeBase, lang: str) -> str:
    lines = [t(lang, "You can ask me, for example:")]
    lines += [f"• {question}" for question in example_questions(kb, lang)]
    return "\n".join(lines)


def commands_text(lang: str) -> str:
    return "\n".join(
        [
            "/start — " + t(lang, "Greeting and example questions"),
            "/help — " + t(lang, "What you can ask me"),
            "/language — " + t(lang, "Choose the language"),
            t(lang, "Ctrl+D — leave the chat"),
        ]
    )


def wrap(text: str, width: int) -> str:
    """Each line wrapped to `width`, bulleted lines indented under their first word."""
    out: list[str] = []
    for line in text.splitlines():
        indent = "  " if line.startswith(BULLETS) else ""
        wrapped = textwrap.wrap(
            line,
            width=max(width, 20),
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        out.extend(wrapped or [""])
    return "\n".join(out)


def terminal_width() -> int:
    return shutil.get_terminal_size((80, 24)).columns


class Readline:
    """readline's editing and history when available (not on every platform)."""

    def __init__(self, history: Path | None) -> None:
        try:
            import readline
        except ImportError:  # e.g. Windows without pyreadline: plain input()
            self.module = None
        else:
            self.module = readline
        self.history = history if self.module is not None else None
        if self.module is not None and self.history is not None:
            self.module.set_history_length(HISTORY_LENGTH)
            with contextlib.suppress(OSError):
                self.module.read_history_file(self.history)

    def save(self) -> None:
        if self.module is not None and self.history is not None:
            with contextlib.suppress(OSError):
                self.history.parent.mkdir(parents=True, exist_ok=True)
                self.module.write_history_file(self.history)


class TerminalChat:
    """One conversation in the terminal: commands like on Telegram, questions to the engine."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        out: TextIO,
        lang: str | None = None,
        *,
        width: Callable[[], int] = terminal_width,
        read: Callable[[str], str] = input,
    ) -> None:
        self.engine, self.settings, self.out = engine, settings, out
        self.chosen = lang  # the language chosen with --lang or /language
        self.lang = lang or settings.default_language  # the language of the conversation
        self.width, self.read = width, read

    def say(self, text: str) -> None:
        self.out.write(wrap(text, self.width()) + "\n\n")
        self.out.flush()

    def opening(self) -> str:
        lang = self.lang
        first = t(
            lang,
            "The twinning bot of {municipality}: ask in Latvian, Russian or English "
            "(/help for help, Ctrl+D to leave).",
            municipality=self.municipality,
        )
        return f"{first}\n{examples_text(self.engine.kb, lang)}"

    @property
    def municipality(self) -> str:
        names = self.settings.municipality
        return names.get(self.lang) or names.get("en", "")

    def greeting(self) -> str:
        hello = t(self.lang, "Hello!")
        about = html_to_text(
            render_capabilities(self.engine.kb, self.lang, self.settings.municipality)
        )
        return f"{hello} {about}\n{examples_text(self.engine.kb, self.lang)}"

    def help(self) -> str:
        return "\n".join([examples_text(self.engine.kb, self.lang), "", commands_text(self.lang)])

    def language(self, argument: str) -> str:
        """/language [code or number]: choose; without one, list the choices and ask."""
        codes = list(self.settings.languages)
        choice = argument.strip().lower()
        if not choice:
            listing = [t(self.lang, "Choose your language:")]
            listing += [f"{n}) {LANGUAGE_NAMES[c]}" for n, c in enumerate(codes, 1)]
            self.out.write(wrap("\n".join(listing), self.width()) + "\n")
            try:
                choice = self.read("? ").strip().lower()
            except (EOFError, KeyboardInterrupt):
                choice = ""
        if choice.isdigit() and 1 <= int(choice) <= len(codes):
            choice = codes[int(choice) - 1]
        by_name = {LANGUAGE_NAMES[c].lower(): c for c in codes}
        choice = by_name.get(choice, choice)
        if choice not in codes:
            return t(self.lang, "Please choose one of: {choices}.", choices=", ".join(codes))
        self.chosen = self.lang = choice
        return t(choice, "From now on I answer in English.")

    def command(self, text: str) -> str:
        name, _, argument = text[1:].partition(" ")
        name = name.split("@")[0].lower()
        if name == "start":
            return self.greeting()
        if name == "help":
            return self.help()
        if name == "language":
            return self.language(argument)
        return t(self.lang, "I don't know this command. /help shows what I can do.")

    def answer(self, question: str) -> str:
        answer = self.engine.ask(question, chat="terminal", language=self.chosen)
        if answer.answered:
            self.lang = answer.lang
        return render_text(answer, self.engine.kb, self.settings.municipality)

    def run(self) -> None:
        self.say(self.opening())
        while True:
            try:
                text = self.read("> ")
            except (EOFError, KeyboardInterrupt):
                self.out.write("\n")
                return
            text = text.strip()
            if not text:
                continue
            self.say(self.command(text) if text.startswith("/") else self.answer(text))


def chat(engine: Engine, settings: Settings, out: TextIO, lang: str | None, tty: bool) -> None:
    """The terminal chat until Ctrl+D; the readline history is kept only for a terminal."""
    history = settings.data_dir / HISTORY_FILE if tty else None
    editing = Readline(history)
    try:
        TerminalChat(engine, settings, out, lang).run()
    finally:
        editing.save()
