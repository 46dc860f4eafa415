"""The engine's tables read a whole knowledge base's names and texts in bulk (`Keys`): the
keys and folds must be exactly those the question path computes one text at a time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.text import Keys, clean, fold, phrase_keys, text_keys, word_key

# Latin with diacritics, Cyrillic, Greek, apostrophes, underscores, invisible and control
# characters, line breaks, letters beyond the Basic Multilingual Plane, compatibility forms.
ALPHABET = st.sampled_from(
    list("abcxyz ĀāČčĒēĢģŠšŽžŁłØøßæİıЖжЩщЁёЙйΣσς'’_-.,:\n\t")
    + list("\u00a0\u200b\u00ad\u0301\u0308")
    + list("\u2028\x85\x07\ufb01\u2163\U0001d400\U0001f600\U00010400")
)
TEXTS = st.lists(st.text(alphabet=ALPHABET, max_size=16), max_size=30)


@settings(max_examples=300, deadline=None)
@given(texts=TEXTS)
def test_keys_read_in_bulk_are_the_keys_read_one_by_one(texts: list[str]) -> None:
    keys = Keys()
    keys.learn(texts)
    keys.learn_folds(texts)
    for text in texts:
        assert keys.phrase(text) == phrase_keys(text), text
        assert keys.fold(text) == fold(clean(text)), text
    assert keys.of_texts(texts) == {k for text in texts for k in text_keys(text)}


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=12), max_size=30))
def test_one_word_at_a_time_is_the_same_too(words: list[str]) -> None:
    keys = Keys()
    assert [keys.word(w) for w in words] == [word_key(w) for w in words]
