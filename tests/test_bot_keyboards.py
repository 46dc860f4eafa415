"""Callback data: short, versioned, at most 64 bytes; anything else decodes to "out of date"."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import Chat, Message, MessageEntity

from bot.answer import Action, Followup
from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.transport.handlers import question_text
from bot.transport.keyboards import (
    CALLBACK_LIMIT,
    NEEDS_ARG,
    Op,
    Press,
    Ref,
    decode,
    encode,
    followup_ref,
)
from bot.transport.views import deep_link, screen

LANGUAGES = ("lv", "ru", "en")


def presses(kb: KnowledgeBase) -> list[Press]:
    """A press of every kind, for every entry of the knowledge base."""
    refs = [Ref(op) for op in Op if op not in NEEDS_ARG]
    refs += [Ref(Op.PARTNER, p) for p in kb.partners] + [
        Ref(Op.MAP_PARTNER, p) for p in kb.partners
    ]
    refs += [Ref(Op.PARTNER_PROJECTS, p) for p in kb.partners]
    refs += [Ref(Op.PROJECT, p) for p in kb.projects] + [Ref(Op.EVENT, e) for e in kb.events]
    refs += [Ref(Op.FILM, m) for m in kb.media] + [Ref(Op.COUNTRY, c) for c in kb.countries]
    refs += [Ref(Op.FIELD, f) for f in kb.fields] + [Ref(Op.SET_LANGUAGE, x) for x in LANGUAGES]
    refs += [Ref(Op.LIKE, "123456789"), Ref(Op.DISLIKE, "1")]
    back = Ref(Op.PROJECT, max(kb.projects, key=len))
    return [
        Press(lang, ref, back=b, new_message=new)
        for lang in LANGUAGES
        for ref in refs
        for b, new in ((None, False), (back, False), (None, True))
    ]


def test_every_press_round_trips_within_64_bytes(kb: KnowledgeBase) -> None:
    for press in presses(kb):
        data = encode(press)
        assert len(data.encode()) <= CALLBACK_LIMIT
        assert data.startswith("v1|")
        assert decode(data, LANGUAGES) == press


def test_a_back_hint_that_does_not_fit_is_dropped() -> None:
    long_id = "x" * 40
    press = Press("lv", Ref(Op.PARTNER_PROJECTS, long_id), back=Ref(Op.PROJECT, long_id))
    data = encode(press)
    assert data == f"v1|lv|pp:{long_id}"
    assert decode(data, LANGUAGES) == Press("lv", Ref(Op.PARTNER_PROJECTS, long_id))


@given(st.text(max_size=80))
def test_anything_decodes_to_a_press_or_to_none(data: str) -> None:
    press = decode(data, LANGUAGES)
    if press is not None:
        assert encode(press) == data


@pytest.mark.parametrize(
    "data",
    ["v0|lv|pl", "v1|de|pl", "v1|lv|p", "v1|lv|pl:x", "v1|lv|up:x1", "v1|lv|p:a b", "v1|lv|pl|+|m"],
)
def test_malformed_data_decodes_to_none(data: str) -> None:
    assert decode(data, LANGUAGES) is None


def test_every_engine_follow_up_has_a_screen(kb: KnowledgeBase) -> None:
    examples = {
        Action.PARTNER: "zgierz",
        Action.PARTNER_PROJECTS: "kupiskis",
        Action.PARTNERS_IN_COUNTRY: "LT",
        Action.PARTNERS_WITH_FIELD: "lake_management",
        Action.PROJECT: "cycling_net",
        Action.EVENT: next(iter(kb.events)),
        Action.MEDIA: next(iter(kb.media)),
        Action.ALL_PARTNERS: "",
        Action.ALL_PROJECTS: "",
    }
    assert set(examples) == set(Action)
    for action, ref in examples.items():
        target = followup_ref(Followup(action, ref))
        assert screen(target, "en", kb, Settings()) is not None, action


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("partner_zgierz", Ref(Op.PARTNER, "zgierz")),
        ("project_cycling_net", Ref(Op.PROJECT, "cycling_net")),
        ("event_mayenne_festival_2011", Ref(Op.EVENT, "mayenne_festival_2011")),
        ("film_film_friends", Ref(Op.FILM, "film_friends")),
        ("partner_", None),
        ("country_LT", None),
        ("partner_a-b", None),
    ],
)
def test_deep_link_payloads(payload: str, expected: Ref | None) -> None:
    assert deep_link(payload) == expected


@pytest.mark.parametrize(
    ("text", "mention_at", "expected"),
    [
        ("@rezekne_twinning_bot Zgierz?", 0, "Zgierz?"),
        ("🇱🇻 @Rezekne_Twinning_Bot kad Zgierz?", 5, "🇱🇻 kad Zgierz?"),
        ("what about @rezekne_twinning_bot", 11, "what about"),
    ],
)
def test_the_mention_is_cut_out_of_the_question(text: str, mention_at: int, expected: str) -> None:
    entity = MessageEntity(MessageEntity.MENTION, mention_at, len("@rezekne_twinning_bot"))
    message = Message(
        1, dt.datetime.now(dt.UTC), Chat(-100, Chat.GROUP), text=text, entities=[entity]
    )
    assert question_text(message, "rezekne_twinning_bot") == expected
