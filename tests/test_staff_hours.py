"""The staff chat's working hours: outside them, a resident who passes a question on is told
when the staff are back (in their language, day and month names from CLDR); inside them, or
with no hours set, nothing is added."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ask_one, press
from fakebot import FakeTelegram
from staffbot import STAFF_CHAT, running_bot, staff_group

from bot.config import ConfigError, Settings, StaffHours, load_settings
from bot.render.staff_hours import away_notice, next_opening, working_days
from bot.transport import handoff

RIGA = dt.timezone(dt.timedelta(hours=2))  # Europe/Riga in winter
HOURS = StaffHours.model_validate(
    {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "08:00", "to": "17:00"}
)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of January 2027 in Riga (the 1st is a Friday, the 4th a Monday)."""
    return dt.datetime(2027, 1, day, hour, minute, tzinfo=RIGA)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(4, 8), None),  # Monday, opening
        (at(4, 12), None),
        (at(4, 16, 59), None),
        (at(4, 17), at(5, 8)),  # closing time: tomorrow
        (at(4, 7, 59), at(4, 8)),  # before opening: today
        (at(1, 18, 30), at(4, 8)),  # Friday evening: Monday
        (at(2, 10), at(4, 8)),  # Saturday
        (at(3, 23, 59), at(4, 8)),  # Sunday night
    ],
)
def test_next_opening(now: dt.datetime, expected: dt.datetime | None) -> None:
    assert next_opening(HOURS, now) == expected


def test_the_moment_is_read_in_the_hours_time_zone() -> None:
    # 06:30 UTC on a Monday is 08:30 in Riga: at work.
    assert next_opening(HOURS, dt.datetime(2027, 1, 4, 6, 30, tzinfo=dt.UTC)) is None
    # 15:30 UTC is 17:30 in Riga: closed, back tomorrow at 8:00 Riga time.
    back = next_opening(HOURS, dt.datetime(2027, 1, 4, 15, 30, tzinfo=dt.UTC))
    assert back is not None and back.astimezone(dt.UTC) == dt.datetime(2027, 1, 5, 6, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("lang", "now", "expected"),
    [
        (
            "en",
            at(1, 18, 30),
            "🕗 The staff work Mon–Fri, 8:00–17:00. Expect an answer when they are back: "
            "Monday, January 4, 8:00.",
        ),
        (
            "lv",
            at(1, 18, 30),
            "🕗 Darbinieki strādā pirmd.–piektd., 8:00–17:00. Atbildi gaidiet, kad viņi atsāks "
            "darbu: pirmdiena, 4. janvāris, 8:00.",
        ),
        (
            "ru",
            at(1, 18, 30),
            "🕗 Сотрудники работают пн–пт, 8:00–17:00. Ответ придёт, когда они вернутся к "
            "работе: понедельник, 4 января, 8:00.",
        ),
        ("en", at(4, 6), "… when they are back: today, 8:00."),
        ("lv", at(4, 18), "… kad viņi atsāks darbu: rīt, 8:00."),
        ("ru", at(4, 18), "… когда они вернутся к работе: завтра, 8:00."),
    ],
)
def test_the_away_notice_in_each_language(lang: str, now: dt.datetime, expected: str) -> None:
    notice = away_notice(lang, HOURS, now)
    assert notice is not None
    if expected.startswith("…"):
        assert notice.endswith(expected[1:])
    else:
        assert notice == expected


def test_no_notice_at_work_or_without_hours() -> None:
    assert away_notice("en", HOURS, at(4, 12)) is None
    assert away_notice("en", None, at(2, 12)) is None


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ("mon-fri", "Mon–Fri"),
        (["mon", "tue", "wed", "fri"], "Mon–Wed, Fri"),
        (["tue", "thu"], "Tue, Thu"),
        ("sat..sun", "Sat, Sun"),
        (["mon", "tue"], "Mon, Tue"),
    ],
)
def test_working_days(days: object, expected: str) -> None:
    assert working_days("en", StaffHours.model_validate({"days": days})) == expected


def test_staff_hours_in_the_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    # An unquoted 8:00 is a number in YAML 1.1 (480): it is read back as the time written.
    path.write_text(
        "staff_hours:\n  days: [mon, tue, wed, thu, fri]\n  from: 8:00\n  to: '16:30'\n"
        "  timezone: Europe/Riga\n",
        encoding="utf-8",
    )
    hours = load_settings(path, env={}).staff_hours
    assert hours is not None
    assert (hours.start, hours.end, hours.days[-1]) == (dt.time(8), dt.time(16, 30), "fri")
    env = {"TWINNING_STAFF_HOURS__DAYS": "mon,wed", "TWINNING_STAFF_HOURS__FROM": "09:00"}
    hours = load_settings(path, env=env).staff_hours
    assert hours is not None and hours.days == ("mon", "wed") and hours.start == dt.time(9)
    assert Settings().staff_hours is None  # default: no hours, the staff chat is always "open"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TWINNING_STAFF_HOURS__TIMEZONE": "Mars/Base"}, "unknown time zone 'Mars/Base'"),
        ({"TWINNING_STAFF_HOURS__TO": "07:00"}, "to (07:00) must be after from (08:00)"),
        ({"TWINNING_STAFF_HOURS__DAYS": "monday"}, "staff_hours.days.0"),
    ],
)
def test_bad_staff_hours_are_one_clear_line(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("staff_hours: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="setting staff_hours") as raised:
        load_settings(path, env=env)
    assert message in str(raised.value)


# ------------------------------------------------------------------------- end to end


async def test_outside_the_hours_the_resident_is_told_when(
    tg: FakeTelegram, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff_group(tg)
    anna, boris = tg.user(1001, "Anna", "lv"), tg.user(1002, "Boris", "ru")
    monkeypatch.setattr(handoff, "now", lambda: at(1, 18, 30))  # Friday evening
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT, staff_hours=HOURS):
        reply = await ask_one(tg, anna, "/ask_staff Vai ir sadraudzības fonds?")
        assert reply.text.startswith("✉️ Jūsu jautājums nodots pašvaldībai")
        assert reply.text.endswith(
            "🕗 Darbinieki strādā pirmd.–piektd., 8:00–17:00. Atbildi gaidiet, kad viņi atsāks "
            "darbu: pirmdiena, 4. janvāris, 8:00."
        )
        [posted] = await tg.wait_for_reply(STAFF_CHAT)
        assert "🕗" not in posted.text  # the staff chat gets the question only

        # The "Ask the municipality" button says the same.
        answer = await ask_one(tg, boris, "Какая погода будет завтра?")
        await press(tg, boris, answer, "✉️ Задать вопрос самоуправлению")
        [passed] = await tg.wait_for_reply(boris)
        assert passed.text.endswith("когда они вернутся к работе: понедельник, 4 января, 8:00.")

        monkeypatch.setattr(handoff, "now", lambda: at(4, 10))  # Monday morning: at work
        reply = await ask_one(tg, anna, "/ask_staff Kur var pieteikties apmaiņai?")
        assert "🕗" not in reply.text


async def test_without_hours_nothing_is_added(
    tg: FakeTelegram, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff_group(tg)
    anna = tg.user(1001, "Anna", "en")
    monkeypatch.setattr(handoff, "now", lambda: at(2, 3))  # Saturday night
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT):
        reply = await ask_one(tg, anna, "/ask_staff Is there a twinning fund?")
        assert "🕗" not in reply.text
