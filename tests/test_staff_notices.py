"""Staff notices with an end date ("the 2027 festival is postponed"), shown under the answers
that name the entry until the day after `until`; the optional `source` and `checked` keys.
Through the real loader, renderer and (end to end) the fake Bot API."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import KNOWLEDGE_DIR, ask_one
from fakebot import FakeTelegram
from staffbot import running_bot

from bot.answer import Answer, Kind
from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.knowledge.schema import Notice, Text
from bot.render import render_html
from bot.transport.staff import keeper_for

MUNICIPALITY = {"lv": "Rēzeknes novads", "ru": "Резекненский край", "en": "Rēzekne Municipality"}
POSTPONED = Notice(
    text=Text(
        lv="Nākamais festivāls ir atlikts.",
        ru="Следующий фестиваль перенесён.",
        en="The next festival is postponed.",
    ),
    until=dt.date(2027, 1, 31),
)


def with_notice(kb: KnowledgeBase, notice: Notice) -> KnowledgeBase:
    event = kb.events["mayenne_festival_2011"]
    events = {**kb.events, event.id: event.model_copy(update={"notice": notice})}
    return replace(kb, events=events)


def event_answer(lang: str, today: dt.date | None) -> Answer:
    return Answer(kind=Kind.EVENT, lang=lang, events=("mayenne_festival_2011",), today=today)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("lv", "📢 Paziņojums: Nākamais festivāls ir atlikts."),
        ("ru", "📢 Объявление: Следующий фестиваль перенесён."),
        ("en", "📢 Notice: The next festival is postponed."),
    ],
)
def test_the_notice_ends_the_reply(kb: KnowledgeBase, lang: str, expected: str) -> None:
    html = render_html(
        event_answer(lang, dt.date(2027, 1, 10)), with_notice(kb, POSTPONED), MUNICIPALITY
    )
    assert html.endswith("\n\n" + expected)


def test_the_notice_is_shown_until_its_last_day(kb: KnowledgeBase) -> None:
    noticed = with_notice(kb, POSTPONED)
    assert "📢" in render_html(event_answer("en", dt.date(2027, 1, 31)), noticed, MUNICIPALITY)
    expired = render_html(event_answer("en", dt.date(2027, 2, 1)), noticed, MUNICIPALITY)
    assert expired == render_html(event_answer("en", dt.date(2027, 2, 1)), kb, MUNICIPALITY)


def test_without_a_date_in_the_answer_today_counts(kb: KnowledgeBase) -> None:
    current = POSTPONED.model_copy(update={"until": dt.date.today()})
    past = POSTPONED.model_copy(update={"until": dt.date.today() - dt.timedelta(days=1)})
    assert "📢" in render_html(event_answer("en", None), with_notice(kb, current), MUNICIPALITY)
    assert "📢" not in render_html(event_answer("en", None), with_notice(kb, past), MUNICIPALITY)


def test_a_notice_is_shown_once_for_a_two_part_question(kb: KnowledgeBase) -> None:
    today = dt.date(2027, 1, 1)
    two = Answer(
        kind=Kind.MULTI,
        lang="en",
        parts=(event_answer("en", today), event_answer("en", today)),
    )
    assert render_html(two, with_notice(kb, POSTPONED), MUNICIPALITY).count("📢") == 1


def test_the_notice_text_is_escaped(kb: KnowledgeBase) -> None:
    notice = POSTPONED.model_copy(
        update={"text": Text(lv="<b>x</b>", ru="<b>x</b>", en="<b>&</b>")}
    )
    html = render_html(
        event_answer("en", dt.date(2027, 1, 1)), with_notice(kb, notice), MUNICIPALITY
    )
    assert html.endswith("Notice: &lt;b&gt;&amp;&lt;/b&gt;")


# ------------------------------------------------------------------------- the YAML keys


def add_keys(folder: Path, file: str, entry: str, lines: str) -> None:
    """Add `lines` (YAML at the entry's key level) right after `- id: <entry>`."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    anchor = f"  - id: {entry}\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + lines, 1), encoding="utf-8")


NOTICE_YAML = """    notice:
      text:
        lv: Nākamais festivāls ir atlikts.
        ru: Следующий фестиваль перенесён.
        en: The next festival is postponed.
      until: {until}
    source: https://www.example.lv/international-cooperation
    checked: 2026-11-30
"""

EXPIRED_YAML = """    notice:
      text: {lv: Slēgts., ru: Закрыто., en: Closed.}
      until: 2001-01-31
"""


def copy_of_knowledge(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target, ignore=shutil.ignore_patterns(".history"))
    return target


def test_notice_source_and_checked_load_from_yaml(tmp_path: Path) -> None:
    folder = copy_of_knowledge(tmp_path)
    add_keys(folder, "events.yaml", "mayenne_festival_2011", NOTICE_YAML.format(until="2027-01-31"))
    add_keys(folder, "media.yaml", "film_friends", "    source: the film's credits\n")
    add_keys(folder, "projects.yaml", "cycling_net", "    checked: 2025-06-01\n")
    add_keys(folder, "partners.yaml", "zgierz", "    checked: '2026-01-15'\n")
    kb = load_knowledge(folder)
    event = kb.events["mayenne_festival_2011"]
    assert event.notice == POSTPONED
    assert event.source == "https://www.example.lv/international-cooperation"
    assert event.checked == dt.date(2026, 11, 30)
    assert kb.media["film_friends"].source == "the film's credits"
    assert kb.projects["cycling_net"].checked == dt.date(2025, 6, 1)
    assert kb.partners["zgierz"].checked == dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("    checked: 2026\n", "checked: expected a date like 2026-11-30, got 2026"),
        ("    checked: 2026-02-30\n", "checked: expected a date like 2026-11-30"),
        ("    source: ''\n", "source:"),
        (
            "    notice:\n      text: {lv: a, en: b}\n      until: 2027-01-31\n",
            "notice.text: the text is missing in ru",
        ),
        ("    notice:\n      text: {lv: a, ru: b, en: c}\n", "notice.until: this required key"),
        (
            "    notice:\n      text: {lv: a, ru: b, en: c}\n      until: 2027-01\n",
            "notice.until: expected a date like 2026-11-30",
        ),
    ],
)
def test_mistakes_in_the_new_keys_are_explained(tmp_path: Path, lines: str, message: str) -> None:
    folder = copy_of_knowledge(tmp_path)
    add_keys(folder, "partners.yaml", "zgierz", lines)
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(folder)
    problems = [str(issue) for issue in raised.value.issues]
    assert any("partner 'zgierz'" in p and message in p for p in problems), problems


# ------------------------------------------------------------------------- end to end


async def test_a_current_notice_under_the_answer_an_expired_one_not(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    anna, boris = tg.user(1001, "Anna", "en"), tg.user(1002, "Boris", "ru")
    async with running_bot(tg, tmp_path, reload_interval_seconds=3600) as bot:
        folder = bot.settings.knowledge_dir
        add_keys(
            folder, "events.yaml", "mayenne_festival_2011", NOTICE_YAML.format(until="2099-12-31")
        )
        add_keys(folder, "partners.yaml", "zgierz", EXPIRED_YAML)
        result = await keeper_for(bot.engine, bot.settings).reload_from_disk()
        assert result.kb is not None, result.issues

        reply = await ask_one(tg, anna, "How long did the festival in Mayenne last?")
        assert "The festival lasted 2 days." in reply.text
        assert reply.text.endswith("📢 Notice: The next festival is postponed.")
        reply = await ask_one(tg, boris, "Сколько дней длился фестиваль в Майенне?")
        assert reply.text.endswith("📢 Объявление: Следующий фестиваль перенесён.")
        reply = await ask_one(tg, anna, "Tell me about Zgierz")
        assert "📢" not in reply.text and "Closed." not in reply.text
