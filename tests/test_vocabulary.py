"""The engine's vocabulary as registries: every cue has words in every language, every
declared fact is asked by cues that exist, and the knowledge base's own words never read
as cues of another meaning (through the real loader and the real engine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import Engine, EngineOptions
from bot.engine.facts import FACTS
from bot.engine.lexicon import CUES, YESNO_OPENERS
from bot.engine.text import clean, tokenize
from bot.knowledge import load_knowledge
from bot.vocabulary import Cue, EntryKind, Facet

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("lv", "ru", "en")
# Cues read from word positions rather than from the cue table.
POSITIONAL = {Cue.YESNO}


@pytest.mark.parametrize("cue", [c for c in Cue if c not in POSITIONAL])
def test_every_cue_has_words_in_every_language(cue: Cue) -> None:
    words = CUES.get(cue, {})
    missing = [lang for lang in LANGS if not words.get(lang, "").split()]
    assert not missing, f"{cue}: no words in {missing}"


def test_yes_no_openers_exist_in_every_language() -> None:
    assert all(YESNO_OPENERS.get(lang) or lang == "ru" for lang in LANGS)


def test_every_declared_fact_is_asked_by_known_cues_and_has_a_facet() -> None:
    for fact in FACTS:
        assert fact.cues, fact
        assert all(c in CUES for c in fact.cues), fact
        assert isinstance(fact.facet, Facet) and isinstance(fact.entry, EntryKind)


def test_the_renderer_does_not_load_the_engine() -> None:
    code = "import sys, bot.render, bot.answer; print('bot.engine' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize("kb_dir", ["knowledge", "tests/kb2/knowledge"])
def test_the_knowledge_bases_names_are_read_as_themselves(kb_dir: str) -> None:
    """Every partner name asked alone names that partner, not a cue's meaning: a name that
    happens to look like a cue word (a town called "Last", a field like "youth") wins."""
    kb = load_knowledge(ROOT / kb_dir)
    engine = Engine(kb, EngineOptions())
    wrong = []
    for p in kb.partners.values():
        for lang in LANGS:
            name = p.name.get(lang)
            answer = engine.ask(name)
            if p.id not in answer.partners:
                wrong.append(f"{name!r} -> {answer.kind} {answer.partners}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("kb_dir", ["knowledge", "tests/kb2/knowledge"])
def test_no_cue_is_read_from_a_word_of_a_name(kb_dir: str) -> None:
    """The words of partner names, run through the cue table, trigger no cue unless the
    word is literally a cue word (then the name still wins, see above)."""
    from bot.engine.understand import parse

    kb = load_knowledge(ROOT / kb_dir)
    engine = Engine(kb, EngineOptions())
    vocab = engine._state[1]
    cue_words = {
        t.key for per_lang in CUES.values() for w in per_lang.values() for t in tokenize(w)
    }
    leaks = []
    for p in kb.partners.values():
        for name in (*p.name.values(), p.local_name):
            for token in tokenize(clean(name)):
                if token.key in cue_words:
                    continue
                parsed = parse(token.raw, vocab, "en", LANGS)
                if parsed.cues:
                    leaks.append(f"{token.raw!r} ({p.id}) -> {sorted(parsed.cues)}")
    assert not leaks, "\n".join(leaks)
