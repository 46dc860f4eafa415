"""The logic of the /stats actions (bot/teach.py), the hidden groups of the question log, and
the teaching buttons' callback data; the conversation itself is in test_staff_teaching.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import teach
from bot.knowledge import load_knowledge
from bot.report import Group, compute, group_similar, question_key
from bot.store import Store
from bot.transport.teaching import Op, TeachPress, decode, encode

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
LANGUAGES = ("lv", "ru", "en")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    return tmp_path / "knowledge"


def group(text: str, language: str = "en", count: int = 1) -> Group:
    return Group(text, count, language, question_key(text))


# --------------------------------------------------------------------------- teaching a wording


def test_a_wording_is_taught_in_the_language_it_was_asked_in(folder: Path) -> None:
    lesson = teach.teach(folder, group("Kas ir Zgeržas draugi?", "lv"), "partners", "zgierz")
    assert (lesson.file, lesson.key, lesson.lang) == ("partners.yaml", "aliases", "lv")
    assert lesson.phrase == "Kas ir Zgeržas draugi"  # without the question mark
    assert lesson.content is not None
    (folder / lesson.file).write_bytes(lesson.content)
    assert "Kas ir Zgeržas draugi" in load_knowledge(folder).partners["zgierz"].aliases.lv


@pytest.mark.parametrize(
    ("section", "key"),
    [("projects", "keywords"), ("events", "keywords"), ("media", "keywords"),
     ("fields", "keywords"), ("faq", "questions")],
)  # fmt: skip
def test_each_kind_is_taught_through_its_word_list(folder: Path, section: str, key: str) -> None:
    kb = load_knowledge(folder)
    entry_id = teach.entry_names(kb, section, "en")[0][0]
    lesson = teach.teach(folder, group("what about the lake boats", "ru"), section, entry_id)
    assert lesson.key == key and lesson.lang == "ru" and lesson.content is not None
    (folder / lesson.file).write_bytes(lesson.content)
    entry = getattr(load_knowledge(folder), section)[entry_id]
    assert "what about the lake boats" in getattr(entry, key).ru


def test_a_wording_already_there_in_another_case_changes_nothing(folder: Path) -> None:
    lesson = teach.teach(folder, group("ZGEŽA", "lv"), "partners", "zgierz")
    assert lesson.content is None


def test_a_question_of_no_known_language_goes_to_other_spellings(folder: Path) -> None:
    lesson = teach.teach(folder, group("Zgierzowi", ""), "partners", "zgierz")
    assert lesson.lang == "other"


def test_entries_are_named_in_the_admins_language(folder: Path) -> None:
    kb = load_knowledge(folder)
    assert ("zgierz", "Згеж") in teach.entry_names(kb, "partners", "ru")
    assert ("zgierz", "Zgeža") in teach.entry_names(kb, "partners", "lv")
    names = dict(teach.entry_names(kb, "faq", "en"))
    assert names["what_is_twinning"] == "what is twinning"


# --------------------------------------------------------------------------- a new FAQ entry


def test_the_faq_form_asks_the_other_languages_then_the_answers() -> None:
    form = teach.FaqForm("1a2b3c4d", "Kas izveidoja botu", "lv", LANGUAGES)
    asked = []
    replies = iter(["Botu izveidoja novads.", "Кто сделал бота", "Бота сделал край.",
                    "Who made the bot?", "The municipality did."])  # fmt: skip
    while (step := form.next_step()) is not None:
        asked.append((step.ask.value, step.lang))
        assert not form.give("   ")  # an empty message is asked again
        assert form.give(next(replies))
    assert asked == [
        ("answer", "lv"),
        ("question", "ru"),
        ("answer", "ru"),
        ("question", "en"),
        ("answer", "en"),
    ]
    entry = form.entry(taken={"who_made_the_bot"})
    assert entry == {
        "id": "who_made_the_bot_2",
        "questions": {
            "lv": ["Kas izveidoja botu"],
            "ru": ["Кто сделал бота"],
            "en": ["Who made the bot?"],
        },
        "answer": {
            "lv": "Botu izveidoja novads.",
            "ru": "Бота сделал край.",
            "en": "The municipality did.",
        },
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is twinning?", "what_is_twinning"),
        ("Что такое побратимство", "chto_takoe_pobratimstvo"),
        ("Kā sauc Zgežas mēru?", "ka_sauc_zgezas_meru"),
        ("2011 festival", "faq_2011_festival"),
        ("🙂", "faq"),
        ("a " * 40, "a_a_a_a_a_a_a_a_a_a_a_a_a_a_a_a_a_a"),
    ],
)
def test_new_ids_are_valid_ids(text: str, expected: str) -> None:
    made = teach.new_id(text, taken=())
    assert made == expected
    assert len(made) <= 40


def test_a_new_faq_entry_is_added_and_validates(folder: Path) -> None:
    form = teach.FaqForm("1a2b3c4d", "who made you", "en", LANGUAGES)
    for text in ("kas tevi radīja", "novads", "кто тебя создал", "край", "the municipality"):
        form.give(text)
    entry_id, content = teach.add_faq(folder, form)
    assert entry_id == "who_made_you"
    (folder / "faq.yaml").write_bytes(content)
    faq = load_knowledge(folder).faq["who_made_you"]
    assert faq.questions.ru == ["кто тебя создал"] and faq.answer.get("en") == "the municipality"


def test_the_first_faq_entry_creates_faq_yaml(folder: Path) -> None:
    (folder / "faq.yaml").unlink()
    form = teach.FaqForm("1a2b3c4d", "who made you", "en", ("en",))
    form.give("the municipality")
    _, content = teach.add_faq(folder, form)
    (folder / "faq.yaml").write_bytes(content)
    assert list(load_knowledge(folder, ("en",)).faq) == ["who_made_you"]


def test_a_form_expires_after_an_hour() -> None:
    form = teach.FaqForm("1a2b3c4d", "x", "en", LANGUAGES, started_at=1000.0)
    assert not form.expired(now=1000.0 + 3599) and form.expired(now=1000.0 + 3601)


# --------------------------------------------------------------------------- hidden groups


def test_a_hidden_group_stays_hidden_when_asked_again_in_other_words(tmp_path: Path) -> None:
    store = Store.in_data_dir(tmp_path)
    for text in ("Where can I park my car?", "How do I get a passport?"):
        store.log_question(language="en", answered=False, kind="decline", matched=[],
                           score=0.0, latency_ms=1.0, text=text)  # fmt: skip
    [parking] = [g for g in compute(Store.path_in(tmp_path)).unanswered if "park" in g.example]
    store.hide_question(parking.key, parking.example)
    store.log_question(language="en", answered=False, kind="decline", matched=[],
                       score=0.0, latency_ms=1.0, text="where can i park my car")  # fmt: skip
    store.close()
    again = Store.in_data_dir(tmp_path)  # a restart: the table is in the file
    assert again.hidden_questions() == [parking.key]
    again.close()
    assert [g.example for g in compute(Store.path_in(tmp_path)).unanswered] == [
        "How do I get a passport?"
    ]


def test_groups_carry_their_language_and_a_stable_id() -> None:
    groups = group_similar(
        ["Kur ir Rīga?", "kur ir riga", "Где паспорт"], languages=["lv", "lv", "ru"]
    )
    assert [(g.count, g.language) for g in groups] == [(2, "lv"), (1, "ru")]
    assert groups[0].id == group("Kur ir Rīga?").id and len(groups[0].id) == 8
    assert groups[0].id != groups[1].id


def test_only_groups_the_knowledge_base_still_misses_are_open() -> None:
    groups = [group("a"), group("b"), group("c")]
    still = teach.still_unanswered(groups, lambda text, lang: text == "b", limit=1)
    assert still == [groups[0]]


# --------------------------------------------------------------------------- callback data


@pytest.mark.parametrize(
    "press",
    [
        TeachPress("lv", Op.OPEN, "1a2b3c4d"),
        TeachPress("ru", Op.KIND, "1a2b3c4d", "q", "12"),
        TeachPress("en", Op.ENTRY, "1a2b3c4d", "j", "x" * 40),
    ],
)
def test_callback_data_decodes_to_what_was_encoded(press: TeachPress) -> None:
    data = encode(press)
    assert len(data.encode()) <= 64
    assert decode(data, LANGUAGES) == press


@pytest.mark.parametrize(
    "data",
    [
        "v1|en|tg:1a2b3c4d:p:zgierz",
        "v1|en|tk:1a2b3c4d",
        "v1|en|tk:1a2b3c4d:p:1234",
        "v1|en|tk:1a2b3c4d:s:0",
        "v1|en|te:1a2b3c4d:p:Zgierz",
        "v1|en|tg:1A2B3C4D",
        "v1|en|tg:1a2b3c4",
        "v1|de|tg:1a2b3c4d",
        "v1|en|ty:1a2b3c4d",
        "v1|en|tg:1a2b3c4d|+",
        None,
    ],
)
def test_malformed_callback_data_decodes_to_nothing(data: str | None) -> None:
    assert decode(data, LANGUAGES) is None
