"""Personal data in questions: masked before the question log (and a handoff's stored copy)
keeps them; years, dates and short numbers stay. End to end, the staff chat still gets a
passed-on question as the resident wrote it."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import string
from pathlib import Path

import pytest
from conftest import ask_one, press
from fakebot import FakeTelegram
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from staffbot import STAFF_CHAT, running_bot, staff_group

from bot.privacy import mask_personal_data
from bot.store import Store


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Zvaniet +371 2912 3456", "Zvaniet [phone]"),
        ("tel. 29123456, mājās 64623456", "tel. [phone], mājās [phone]"),
        ("mob. 29 123 456 / 291 23 456 / 29 12 34 56", "mob. [phone] / [phone] / [phone]"),
        ("00371 29123456 vai (+371) 2912-3456", "[phone] vai ([phone])"),
        ("+7 (495) 123-45-67, +44 20 7946 0958", "[phone], [phone]"),
        ("rakstiet anna.berzina@rezekne.lv.", "rakstiet [e-mail]."),
        ("Пишите: ivan_petrov+bot@mail.ru", "Пишите: [e-mail]"),
        ("anna (at) inbox (dot) lv", "[e-mail]"),
        ("mans kods 010190-12345", "mans kods [personal code]"),
        ("jaunais kods 321234-56789", "jaunais kods [personal code]"),
        ("kods 01019012345 vai 32123456789", "kods [personal code] vai [personal code]"),
        ("līguma nr. 1234567", "līguma nr. [number]"),
        ("karte 4111 1111 1111 1111", "karte [number]"),
        ("konts LV80BANK0000435195001", "konts LV80BANK[number]"),
    ],
)
def test_personal_data_is_masked(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Kad noslēgts līgums ar Biržiem? 2011",
        "signed on 2011-09-23 or 23.09.2011?",
        "projects in 2007-2011 and 2011 2012",
        "2007 2011 2015",
        "30 people, 800 participants, 12 countries, 2 days",
        "Сколько проектов было в 2006–2007 годах?",
        "partner #123456 of 999",
        "@rezekne_bot what about 2011?",
        "12:30 on 1.05",
    ],
)
def test_years_dates_and_short_numbers_stay(text: str) -> None:
    assert mask_personal_data(text) == text


# ------------------------------------------------------------------------- properties

WORDS = st.lists(
    st.text(alphabet=string.ascii_letters + "āčēģīķļņšūžабвгдежзий", min_size=1, max_size=8),
    max_size=4,
).map(" ".join)
"""Text around the personal data: words without digits (they could be taken for its digits)."""

LOCAL = st.text(alphabet=string.ascii_lowercase + string.digits + "._+-", min_size=1, max_size=12)
LABEL = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=10)
TLD = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=6)


@st.composite
def emails(draw: st.DrawFn) -> str:
    local = draw(LOCAL.filter(lambda s: s[0].isalnum() and s[-1].isalnum()))
    labels = draw(st.lists(LABEL.filter(lambda s: s[0] != "-" != s[-1]), min_size=1, max_size=3))
    return f"{local}@{'.'.join(labels)}.{draw(TLD)}"


SEPARATORS = st.sampled_from([" ", "-", ".", "\u00a0", ""])
GROUPINGS = [(8,), (2, 3, 3), (4, 4), (3, 2, 3), (2, 2, 2, 2)]


def two_years(written: str) -> bool:
    """'2011 2012', '2007-2011': read as two years, not as a phone (when nothing else, such as
    +371, says it is one)."""
    groups = [g for g in re.split(r"\D", written) if g]
    return len(groups) == 2 and all(re.fullmatch(r"(19|20)\d\d", g) for g in groups)


@st.composite
def latvian_numbers(draw: st.DrawFn) -> str:
    """A Latvian mobile or landline number, as people write it (grouped or not)."""
    digits = draw(st.sampled_from("26")) + draw(
        st.text(alphabet=string.digits, min_size=7, max_size=7)
    )
    grouping = draw(st.sampled_from(GROUPINGS))
    sep = draw(SEPARATORS)
    parts, at = [], 0
    for size in grouping:
        parts.append(digits[at : at + size])
        at += size
    return sep.join(parts)


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str]:
    """(the phone as written, its digits that must not survive)."""
    national = draw(latvian_numbers())
    prefix = draw(st.sampled_from(["", "+371 ", "+371", "00371 ", "(+371) "]))
    assume(prefix or not two_years(national))
    if draw(st.booleans()):
        return prefix + national, "".join(c for c in national if c.isdigit())
    country = draw(st.sampled_from(["+1", "+44", "+49", "+7", "+370", "+48"]))
    rest = draw(st.text(alphabet=string.digits, min_size=7, max_size=11))
    cut = draw(st.integers(1, len(rest) - 1))
    written = f"{country} {rest[:cut]}{draw(SEPARATORS)}{rest[cut:]}"
    return written, rest


@settings(max_examples=300, deadline=None)
@given(before=WORDS, address=emails(), after=WORDS)
@example(before="write", address="a.b@c.lv", after="")
def test_no_email_survives(before: str, address: str, after: str) -> None:
    masked = mask_personal_data(f"{before} {address} {after}")
    assert address not in masked
    assert "@" not in masked
    assert "[e-mail]" in masked


@settings(max_examples=300, deadline=None)
@given(before=WORDS, phone=phones(), after=WORDS)
@example(before="zvaniet", phone=("+371 2011 2012", "20112012"), after="")  # +371: a phone
def test_no_phone_survives(before: str, phone: tuple[str, str], after: str) -> None:
    written, digits = phone
    masked = mask_personal_data(f"{before} {written} {after}")
    assert digits not in "".join(c for c in masked if c.isdigit())
    assert "[phone]" in masked or "[number]" in masked


DATES = st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(0, 999_999).map(str),
            st.integers(1900, 2095).map(lambda y: f"{y}-{y + 4}"),
            DATES.map(lambda d: d.isoformat()),
            DATES.map(lambda d: d.strftime("%d.%m.%Y")),
            WORDS,
        ),
        max_size=6,
    ),
    st.sampled_from([", ", " un ", "; ", " и ", " and "]),
)
def test_short_numbers_years_and_dates_stay(parts: list[str], joiner: str) -> None:
    text = joiner.join(parts)
    assert mask_personal_data(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_masking_is_idempotent_and_keeps_no_long_run(text: str) -> None:
    once = mask_personal_data(text)
    assert mask_personal_data(once) == once
    run = 0
    for char in once:
        run = run + 1 if char.isdigit() else 0
        assert run < 7


def test_masking_a_hostile_message_is_fast() -> None:
    import time

    for text in ("a" * 4096, "1" * 4096, "a." * 2048, "+1" * 2048, "2-" * 2048, "a@" * 2048):
        started = time.perf_counter()
        mask_personal_data(text)
        assert time.perf_counter() - started < 0.05, text[:10]


# ------------------------------------------------------------------------- end to end


def logged_texts(data_dir: Path) -> list[str]:
    with sqlite3.connect(Store.path_in(data_dir)) as db:
        return [row[0] for row in db.execute("SELECT text FROM questions ORDER BY id")]


async def test_the_question_log_keeps_no_phone_or_email(tg: FakeTelegram, tmp_path: Path) -> None:
    anna = tg.user(1001, "Anna", "lv")
    async with running_bot(tg, tmp_path) as bot:
        await ask_one(tg, anna, "Zgierz 2011, mans tālrunis +371 2912 3456, e-pasts anna@inbox.lv")
        await ask_one(tg, anna, "Mans personas kods ir 010190-12345, kā pieteikties?")
        assert logged_texts(bot.settings.data_dir) == [
            "Zgierz 2011, mans tālrunis [phone], e-pasts [e-mail]",
            "Mans personas kods ir [personal code], kā pieteikties?",
        ]


@pytest.mark.parametrize("how", ["command", "button"])
async def test_staff_get_the_question_as_written_the_store_masked(
    tg: FakeTelegram, tmp_path: Path, how: str
) -> None:
    staff = staff_group(tg)
    liga = tg.user(2001, "Līga", "lv")
    anna = tg.user(1001, "Anna", "en")
    question = "Who can I call about parking? My number is 29123456"
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        if how == "command":
            await ask_one(tg, anna, f"/ask_staff {question}")
        else:
            answer = await ask_one(tg, anna, question)
            await press(tg, anna, answer, "✉️ Ask the municipality")
            await tg.wait_for_reply(anna)
        [posted] = await tg.wait_for_reply(STAFF_CHAT)
        assert "29123456" in posted.text  # the staff must be able to call back
        [handoff] = bot.store.handoffs_of(anna.id)
        assert handoff.question == "Who can I call about parking? My number is [phone]"
        tg.send_text(liga, "Call the office.", chat=staff, reply_to=posted.message_id)
        [delivered] = await tg.wait_for_reply(anna)
        assert "My number is [phone]" in delivered.text  # quoted from the stored copy
        assert all("29123456" not in text for text in logged_texts(bot.settings.data_dir))


async def test_a_question_passed_on_twice_is_recognised_though_masked(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    staff_group(tg)
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT):
        await ask_one(tg, anna, "/ask_staff Call me at 29123456 please")
        await tg.wait_for_reply(STAFF_CHAT)
        again = await ask_one(tg, anna, "/ask_staff Call me at 29123456 please")
        assert again.text == "You have already passed this question on; the answer will come here."


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("lv", "tiek aizstāti ar [phone], [e-mail], [personal code] un [number]"),
        ("ru", "заменяются на [phone], [e-mail], [personal code] и [number]"),
        ("en", "are replaced by [phone], [e-mail], [personal code] and [number]"),
    ],
)
async def test_privacy_says_personal_data_is_masked(
    tg: FakeTelegram, tmp_path: Path, language_code: str, expected: str
) -> None:
    user = tg.user(1001, "Anna", language_code)
    async with running_bot(tg, tmp_path):
        reply = await ask_one(tg, user, "/privacy")
        assert expected in reply.text
