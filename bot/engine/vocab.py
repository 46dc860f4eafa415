"""Build the matching vocabulary from a knowledge base and the engine's lexicon."""

from __future__ import annotations

from babel import Locale

from bot.engine.index import Thresholds, Vocabulary
from bot.engine.lexicon import (
    CUES,
    EVENT_KINDS,
    FOLLOWUP_OPENERS,
    GENERAL_KNOWLEDGE,
    MEDIA_KINDS,
    NOT_PARTNERS,
    OUT_OF_SCOPE,
    STOPWORDS,
    YESNO_ANYWHERE,
    YESNO_OPENERS,
)
from bot.engine.text import Keys
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Text, Words

LANGS = ("lv", "ru", "en")
# CLDR territories that are no country: the EU is asked about by its own cue.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


def _add_text(
    vocab: Vocabulary, text: Text | None, kind: str, id_: str, weight: float = 1.0
) -> None:
    if text is None:
        return
    for lang in LANGS:
        value = getattr(text, lang)
        if value:
            vocab.add(value, kind, id_, lang, weight)


def _add_words(vocab: Vocabulary, words: Words, kind: str, id_: str, weight: float = 1.0) -> None:
    for lang in LANGS:
        for word in getattr(words, lang):
            vocab.add(word, kind, id_, lang, weight)
    for word in words.other:
        vocab.add(word, kind, id_, None, weight)


def _add_kind_words(
    vocab: Vocabulary, table: dict[str, dict[str, str]], kinds: set[str], target_kind: str
) -> set[str]:
    """The words of the kinds of events or media the knowledge base has; returns them."""
    added: set[str] = set()
    for kind in sorted(kinds):
        for lang, words in table.get(kind, {}).items():
            for word in words.split():
                vocab.add(word, target_kind, kind, lang, exact=True)
                added.add(word)
    return added


_ENDINGS_A = ("a", "as", "ā", "u", "ai", "e", "i", "y", "ы", "е", "у", "ой", "ою")
_ENDINGS = ("a", "u", "e", "ā", "ē", "om", "ом", "а", "у", "е", "s")


def _case_forms(name: str) -> set[str]:
    """A place name and its common Latvian and Russian case forms (Ludza: Ludzas, Ludzā,
    Ludzu; Лудза: Лудзы, Лудзе, Лудзу; Minsk: Minskā, Минске)."""
    if name[-1:] in "aа":
        return {name, *(name[:-1] + e for e in _ENDINGS_A)}
    return {name, *(name + e for e in _ENDINGS)}


def build_vocabulary(
    kb: KnowledgeBase,
    thresholds: Thresholds | None = None,
    home_names: tuple[str, ...] = (),
    keys: Keys | None = None,
) -> Vocabulary:
    """Every name, alias and keyword of `kb`, every CLDR country name, and the cue words.

    `home_names`: the home municipality's names and stems (settings); they are understood
    but tell no language and never read as an unknown town. `keys`: the build's memo of
    folds and keys, shared with the engine's other tables.
    """
    vocab = Vocabulary(thresholds, keys)
    for p in kb.partners.values():
        _add_text(vocab, p.name, "partner", p.id)
        vocab.add(p.local_name, "partner", p.id)
        vocab.add(p.id, "partner", p.id)
        _add_words(vocab, p.aliases, "partner", p.id)
        _add_text(vocab, p.region, "partner", p.id, 0.8)
        if p.region is not None:  # "Ankara" alone, without "region"
            for lang in LANGS:
                first = getattr(p.region, lang).replace("регион ", "").split()[0]
                vocab.add(first, "partner", p.id, lang, 0.8)
    for pr in kb.projects.values():
        _add_text(vocab, pr.title, "project", pr.id)
        vocab.add(pr.original_title, "project", pr.id)
        _add_words(vocab, pr.keywords, "project", pr.id, 0.7)
    for ev in kb.events.values():
        _add_text(vocab, ev.name, "event", ev.id)
        _add_text(vocab, ev.place, "event", ev.id)
        _add_words(vocab, ev.keywords, "event", ev.id, 0.9)  # keywords: below the name
    for m in kb.media.values():
        _add_text(vocab, m.title, "media", m.id)
        vocab.add(m.original_title, "media", m.id)
        _add_words(vocab, m.keywords, "media", m.id, 0.65)
    for f in kb.fields.values():
        _add_text(vocab, f.name, "field", f.id)
        _add_words(vocab, f.keywords, "field", f.id, 0.8)
    known = set(kb.countries) | {e.country for e in kb.events.values()} | set(kb.country_words)
    for lang in LANGS:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
                continue
            # Countries with no partner match exactly (with endings), never by typo.
            vocab.add(name, "country", code, lang, exact=code not in known, inflect=True)
    for code, words in kb.country_words.items():
        _add_words(vocab, words, "country", code)
    # Cue words match by their exact form, or by the endings a `*` allows: never by a typo,
    # so an ordinary word (jaunieši, Igaunijā) cannot become a cue (jaunie = newest).
    for cue, per_lang in CUES.items():
        for lang, cue_words in per_lang.items():
            for word in cue_words.split():
                vocab.add(word, "cue", cue, lang, exact=True)
    # The generic words ("event", "pasākums") are always there, for any kind of event.
    kind_words = _add_kind_words(
        vocab, EVENT_KINDS, {e.kind for e in kb.events.values()} | {"event"}, "event_kind"
    ) | _add_kind_words(vocab, MEDIA_KINDS, {m.kind for m in kb.media.values()}, "media_kind")
    for lang, oos_words in OUT_OF_SCOPE.items():
        for word in oos_words.split():
            if word not in kind_words:  # a concert the KB holds is not out of scope
                vocab.add(word, "oos", "oos", lang, exact=True)
    for lang, openers in YESNO_OPENERS.items():
        for word in openers.split():
            vocab.add(word, "yesno_open", "yesno", lang, exact=True)
    for lang, anywhere in YESNO_ANYWHERE.items():
        for word in anywhere.split():
            vocab.add(word, "yesno_any", "yesno", lang, exact=True)
    for lang, stop_words in STOPWORDS.items():
        for word in stop_words.replace("_", " ").split():
            vocab.add(word, "stop", "stop", lang, exact=True)
    for word in home_names:
        vocab.add(word, "home", "home", None, exact=True)
    for lang, general in GENERAL_KNOWLEDGE.items():
        for word in general.split():
            vocab.add(word, "general", "general", lang, exact=True)
    for lang, openers in FOLLOWUP_OPENERS.items():
        for word in openers.split():
            vocab.add(word, "opener", "opener", lang, exact=True)
    # Exactly, with the usual case endings only: "neviena" is not Vienna, "Kaunata" is not
    # Kaunas, but "Ludzas" and "Лудзе" are Ludza.
    for place in NOT_PARTNERS.split():
        for form in _case_forms(place):
            vocab.add(form, "place", place, exact=True)
    return vocab.freeze()
