"""The renderer: Answers built by hand, rendered from the real knowledge base in lv, ru and en."""

from __future__ import annotations

import re
import shutil
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural

from bot.answer import (
    Action,
    Answer,
    DeclineReason,
    Facet,
    Filters,
    Followup,
    Kind,
    Match,
    SmallTalk,
    Superlative,
)
from bot.config import Settings
from bot.knowledge import KnowledgeBase, PartialDate, load_knowledge
from bot.render import (
    button_label,
    html_to_text,
    render_html,
    render_text,
    split_message,
    t,
    tn,
    visible_length,
)
from bot.render.formats import (
    country_name,
    flag,
    format_date,
    format_period,
    format_when,
    join_list,
)
from bot.render.i18n import TRANSLATED_LANGUAGES, load_catalog
from bot.transport.keyboards import Op, Ref
from bot.transport.views import screen

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("lv", "ru", "en")
MUNICIPALITY = {
    "lv": "Rēzeknes novada pašvaldība",
    "ru": "Резекненский край",
    "en": "Rēzekne Municipality",
}
ALLOWED_TAGS = {"b", "i", "a", "code", "blockquote"}
FESTIVAL = "mayenne_festival_2011"
NNBSP = "\u202f"  # CLDR's narrow no-break space in Russian dates: "2011 г."


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(ROOT / "knowledge")


class _TagChecker(HTMLParser):
    """Records problems: tags Telegram does not allow, and unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        if tag == "a" and [name for name, _ in attrs] != ["href"]:
            self.problems.append("<a> must have exactly one attribute, href")
        if tag != "a" and attrs:
            self.problems.append(f"<{tag}> must have no attributes")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
        else:
            self.stack.pop()


def assert_telegram_html(markup: str) -> None:
    checker = _TagChecker()
    checker.feed(markup)
    checker.close()
    assert not checker.problems, checker.problems
    assert not checker.stack, f"unclosed tags: {checker.stack}"
    bare = re.search(r"&(?!(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);)", markup)
    assert bare is None, f"unescaped & at {bare.start() if bare else 0}"


def render(kb: KnowledgeBase, answer: Answer) -> str:
    markup = render_html(answer, kb, MUNICIPALITY)
    assert_telegram_html(markup)
    return markup


def headline(kb: KnowledgeBase, answer: Answer) -> str:
    """The first line of the plain-text reply: it must answer the question."""
    return render_text(answer, kb, MUNICIPALITY).split("\n")[0]


# --------------------------------------------------------------------------- catalogue


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# t() and tn() translate; N_() and Nn_() mark a message chosen at run time from a table.
KEYWORDS = {"t": (2,), "tn": (2, 3), "N_": (1,), "Nn_": (1, 2)}


def _extracted() -> dict[str | tuple[str, ...], list[str]]:
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _, _ in extract_from_dir(
        str(ROOT / "bot"), keywords=KEYWORDS, comment_tags=()
    ):
        found.setdefault(message, []).append(f"bot/{filename}:{lineno}")
    return found


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_catalogue_is_complete_and_current(lang: str) -> None:
    extracted = _extracted()
    assert len(extracted) > 50, "the extractor found too few messages: are t()/tn() literal?"
    catalog = load_catalog(lang)
    in_po = {m.id: m for m in catalog if m.id}
    problems: list[str] = []
    for msgid, where in extracted.items():
        message = in_po.get(msgid)
        if message is None or message.fuzzy:
            problems.append(f"{lang}: no translation for {msgid!r} ({where[0]})")
            continue
        raw = message.string
        forms: list[str] = [raw] if isinstance(raw, str) else [str(f or "") for f in raw or ()]
        ids: list[str] = [msgid] if isinstance(msgid, str) else [*msgid]
        expected = {frozenset(_placeholders(x)) for x in ids}
        if len(expected) != 1:
            problems.append(f"singular and plural differ in placeholders: {msgid!r}")
        for form in forms:
            if not form:
                problems.append(f"{lang}: empty translation of {msgid!r}")
            elif frozenset(_placeholders(form)) not in expected:
                problems.append(f"{lang}: placeholders of {form!r} differ from {msgid!r}")
            if any(ch in form for ch in "<>&"):
                problems.append(f"{lang}: markup in a translation: {form!r}")
        if isinstance(msgid, tuple) and len(forms) != catalog.num_plurals:
            problems.append(f"{lang}: {msgid!r} has {len(forms)} plural forms")
    stale = [msgid for msgid in in_po if msgid not in extracted]
    problems += [f"{lang}: stale msgid in the .po: {msgid!r}" for msgid in stale]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_catalogue_plural_forms_come_from_cldr(lang: str) -> None:
    catalog = load_catalog(lang)
    assert catalog.plural_forms == get_plural(lang).plural_forms
    assert catalog.num_plurals == 3


def test_messages_hold_no_markup() -> None:
    for msgid in _extracted():
        for text in [msgid] if isinstance(msgid, str) else msgid:
            assert not any(ch in text for ch in "<>&"), text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("lv", ["1 partneris", "2 partneri", "5 partneri", "10 partneru", "21 partneris"]),
        ("ru", ["1 партнёр", "2 партнёра", "5 партнёров", "10 партнёров", "21 партнёр"]),
        ("en", ["1 partner", "2 partners", "5 partners", "10 partners", "21 partners"]),
    ],
)
def test_plural_forms(lang: str, expected: list[str]) -> None:
    got = [tn(lang, "{n} partner", "{n} partners", n) for n in (1, 2, 5, 10, 21)]
    assert got == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("lv", ["Festivāls ilga 1 dienu.", "Festivāls ilga 2 dienas.", "Festivāls ilga 5 dienas."]),
        ("ru", ["Фестиваль длился 1 день.", "Фестиваль длился 2 дня.", "Фестиваль длился 5 дней."]),
        (
            "en",
            [
                "The festival lasted 1 day.",
                "The festival lasted 2 days.",
                "The festival lasted 5 days.",
            ],
        ),
    ],
)
def test_plural_forms_of_days(lang: str, expected: list[str]) -> None:
    single, plural = "The festival lasted {n} day.", "The festival lasted {n} days."
    assert [tn(lang, single, plural, n) for n in (1, 2, 5)] == expected


def test_missing_translation_falls_back_to_english() -> None:
    assert t("lv", "Not in any catalogue: {x}", x=1) == "Not in any catalogue: 1"
    assert tn("ru", "{n} unknown thing", "{n} unknown things", 5) == "5 unknown things"
    assert t("de", "All partners") == "All partners"
    assert t("lv", "All partners") == "Visi partneri"


# --------------------------------------------------------------------------- formats


def test_flags_and_country_names() -> None:
    assert flag("PL") == "🇵🇱"
    assert flag("no") == "🇳🇴"
    assert flag("EUR") == ""
    assert country_name("TR", "en") == "Türkiye"
    assert country_name("TR", "lv") == "Turcija"
    assert country_name("BY", "ru") == "Беларусь"
    assert country_name("DE", "lv") == "Vācija"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (PartialDate(2011), "en", "2011"),
        (PartialDate(2011), "lv", "2011"),
        (PartialDate(2011), "ru", "2011"),
        (PartialDate(2011, 3), "en", "March 2011"),
        (PartialDate(2011, 3), "lv", "2011. gada marts"),
        (PartialDate(2011, 3), "ru", "март 2011 г."),
        (PartialDate(2011, 9, 23), "en", "September 23, 2011"),
        (PartialDate(2011, 9, 23), "lv", "2011. gada 23. septembris"),
        (PartialDate(2011, 9, 23), "ru", f"23 сентября 2011{NNBSP}г."),
    ],
)
def test_format_date_keeps_precision(value: PartialDate, lang: str, expected: str) -> None:
    assert format_date(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (PartialDate(2000), "en", "in 2000"),
        (PartialDate(2000), "lv", "2000. gadā"),
        (PartialDate(2000), "ru", "в 2000 году"),
        (PartialDate(2011, 3), "en", "in March 2011"),
        (PartialDate(2011, 3), "lv", "2011. gada martā"),
        (PartialDate(2011, 3), "ru", "в марте 2011 года"),
        (PartialDate(2011, 9, 23), "en", "on September 23, 2011"),
        (PartialDate(2011, 9, 23), "lv", "2011. gada 23. septembrī"),
        (PartialDate(2011, 9, 23), "ru", "23 сентября 2011 года"),
    ],
)
def test_format_when(value: PartialDate, lang: str, expected: str) -> None:
    assert format_when(value, lang) == expected


def test_month_names_inflect_for_every_month() -> None:
    lv = (
        "janvārī februārī martā aprīlī maijā jūnijā jūlijā augustā septembrī oktobrī "
        "novembrī decembrī"
    )
    ru = "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"
    for month, (lv_name, ru_name) in enumerate(zip(lv.split(), ru.split(), strict=True), 1):
        assert format_when(PartialDate(2007, month), "lv") == f"2007. gada {lv_name}"
        assert format_when(PartialDate(2007, month), "ru") == f"в {ru_name} 2007 года"


def test_format_period() -> None:
    start, end = PartialDate(2009, 3, 20), PartialDate(2011, 3)
    assert format_period(start, end, "en") == "March 20, 2009 – March 2011"
    assert format_period(start, end, "lv") == "2009. gada 20. marts – 2011. gada marts"
    assert format_period(start, end, "ru") == f"20 марта 2009{NNBSP}г. – март 2011 г."
    assert format_period(None, None, "en") == ""
    assert "2011" in format_period(None, end, "lv")


def test_join_list() -> None:
    assert join_list(["A", "B", "C"], "lv") == "A, B un C"
    assert join_list(["A", "B", "C"], "ru") == "A, B и C"
    assert join_list(["A", "B"], "en") == "A and B"
    assert join_list(["A", "B"], "en", "or") == "A or B"
    assert join_list([], "en") == ""


# --------------------------------------------------------------------------- partners


def partner(ids: tuple[str, ...], *facets: Facet, lang: str = "en") -> Answer:
    return Answer(Kind.PARTNER, lang, facets=facets, partners=ids)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The agreement with Zgierz was entered into in 2000 and prolonged in 2007."),
        ("lv", "Zgeža: līgums noslēgts 2000. gadā, pagarināts 2007. gadā."),
        ("ru", "Згеж: договор заключён в 2000 году и продлён в 2007 году."),
    ],
)
def test_partner_signed(kb: KnowledgeBase, lang: str, expected: str) -> None:
    assert headline(kb, partner(("zgierz",), Facet.SIGNED, lang=lang)) == expected


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["I don't know when", "Kupiškis", "It was prolonged in 2007."]),
        ("lv", ["Nezinu, kad", "Kupišķi", "pagarināts 2007. gadā"]),
        ("ru", ["Не знаю, когда", "Купишкис", "продлён в 2007 году"]),
    ],
)
def test_partner_signed_unknown_says_so(kb: KnowledgeBase, lang: str, words: list[str]) -> None:
    line = headline(kb, partner(("kupiskis",), Facet.SIGNED, lang=lang))
    for word in words:
        assert word in line


@pytest.mark.parametrize(
    ("lang", "zgierz", "birzai"),
    [
        (
            "en",
            "The agreement with Zgierz was prolonged in 2007.",
            "does not mention a prolongation of the agreement with Biržai; "
            "it was entered into on September 23, 2011.",
        ),
        ("lv", "Zgeža: līgums pagarināts 2007. gadā.", "līgums noslēgts 2011. gada 23. septembrī."),
        ("ru", "Згеж: договор продлён в 2007 году.", "договор заключён 23 сентября 2011 года."),
    ],
)
def test_partner_prolonged(kb: KnowledgeBase, lang: str, zgierz: str, birzai: str) -> None:
    text = render_text(partner(("zgierz", "birzai"), Facet.PROLONGED, lang=lang), kb, MUNICIPALITY)
    first, second = text.split("\n")[:2]  # one headline per partner, before the cards
    assert first == zgierz
    assert birzai in second


@pytest.mark.parametrize(
    ("lang", "fields"),
    [
        ("en", "experience exchange between schools and institutions; mutual visits of official"),
        ("lv", "pieredzes apmaiņa starp skolām un iestādēm; oficiālo delegāciju"),
        ("ru", "обмен опытом между школами и учреждениями; взаимные визиты"),
    ],
)
def test_partner_fields(kb: KnowledgeBase, lang: str, fields: str) -> None:
    assert fields in headline(kb, partner(("zgierz",), Facet.FIELDS, lang=lang))


@pytest.mark.parametrize(
    ("lang", "count", "title"),
    [
        ("en", "2 joint projects with Kupiškis", "Sustainable Water Tourism Development"),
        ("lv", "Kupišķi: pašvaldības lapā minēti 2 kopīgi projekti", "Ilgtspējīga ūdens tūrisma"),
        ("ru", "Купишкис: на странице самоуправления указано 2 совместных проекта", "водного"),
    ],
)
def test_partner_projects(kb: KnowledgeBase, lang: str, count: str, title: str) -> None:
    answer = partner(("kupiskis",), Facet.PROJECTS, lang=lang)
    assert count in headline(kb, answer)
    assert title in render_text(answer, kb, MUNICIPALITY)


def test_partner_without_projects(kb: KnowledgeBase) -> None:
    line = headline(kb, partner(("zgierz",), Facet.PROJECTS))
    assert line == "The municipality's page lists no joint projects with Zgierz."


@pytest.mark.parametrize(
    ("lang", "title", "line"),
    [
        ("en", "🇵🇱 <b>Zgierz</b>\n", "Zgierz (Poland) is a twinning partner of Rēzekne"),
        ("lv", "🇵🇱 <b>Zgeža</b> (Zgierz)\n", "Zgeža (Polija) ir sadraudzības partneris"),
        ("ru", "🇵🇱 <b>Згеж</b> (Zgierz)\n", "Згеж (Польша) — партнёр-побратим"),
    ],
)
def test_partner_overview_and_card(kb: KnowledgeBase, lang: str, title: str, line: str) -> None:
    answer = partner(("zgierz",), Facet.OVERVIEW, lang=lang)
    markup = render(kb, answer)
    assert headline(kb, answer).startswith(line)
    assert "2000" in headline(kb, answer)
    assert title in markup
    assert markup.count("(Zgierz)") <= 1  # the local name once, in the card title
    card = markup.split("\n\n")[1]
    assert "2000" in card and "2007" in card
    assert kb.fields["school_exchange"].name.get(lang) in card


@pytest.mark.parametrize(
    ("lang", "together"),
    [
        ("en", "Gölbaşı and Kahta are listed together"),
        ("lv", "Gelbaši un Kahta"),
        ("ru", "Гёльбаши и Кяхта"),
    ],
)
def test_partner_listed_with(kb: KnowledgeBase, lang: str, together: str) -> None:
    line = headline(kb, partner(("golbasi",), Facet.SIGNED, lang=lang))
    assert together in line
    assert "23" in line and "2011" in line


def test_partner_without_any_date_never_invents_one(kb: KnowledgeBase) -> None:
    text = render_text(partner(("postavy",), Facet.OVERVIEW), kb, MUNICIPALITY)
    first = text.split("\n")[0]
    assert "does not say when the agreement was first entered into" in first
    assert "prolonged in 2007" in first
    assert "not stated on the municipality's page" in text


def test_partner_location_has_map_and_region(kb: KnowledgeBase) -> None:
    markup = render(kb, partner(("golbasi",), Facet.LOCATION))
    assert (
        headline(kb, partner(("golbasi",), Facet.LOCATION))
        == "Gölbaşı is in Türkiye, Ankara region."
    )
    assert '<a href="https://www.openstreetmap.org/?mlat=39.7889&amp;mlon=32.8089' in markup


def test_several_partners_get_one_headline_each(kb: KnowledgeBase) -> None:
    markup = render(kb, partner(("zgierz", "kupiskis", "arendal"), Facet.SIGNED))
    headlines, *cards = markup.split("\n\n")
    assert len(headlines.split("\n")) == 3
    assert len(cards) == 3
    assert cards[2].startswith(
        "🇳🇴 <b>Arendal and the Aust-Agder region</b> (Arendal og Aust-Agder)"
    )


# --------------------------------------------------------------------------- lists, counts


def partner_list(lang: str, ids: tuple[str, ...], **filters: object) -> Answer:
    return Answer(Kind.PARTNER_LIST, lang, partners=ids, filters=Filters(**filters))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "3 partners in Lithuania and Belarus: Kupiškis, Biržai, and Postavy."),
        ("lv", "Lietuva un Baltkrievija: 3 partneri — Kupišķi, Birži un Pastavi."),
        ("ru", "Литва и Беларусь: 3 партнёра — Купишкис, Биржай и Поставы."),
    ],
)
def test_partner_list_by_country(kb: KnowledgeBase, lang: str, expected: str) -> None:
    answer = partner_list(lang, ("kupiskis", "birzai", "postavy"), countries=("LT", "BY"))
    text = render_text(answer, kb, MUNICIPALITY)
    lines = text.split("\n")
    assert lines[0] == expected
    kupiskis = kb.partners["kupiskis"].name.get(lang)
    assert lines[2].startswith(f"🇱🇹 {kupiskis}, ")  # one line per partner, with its flag
    assert len([x for x in lines if x.startswith(("🇱🇹", "🇧🇾"))]) == 3


@pytest.mark.parametrize("lang", LANGS)
def test_partner_list_by_field_names_the_field(kb: KnowledgeBase, lang: str) -> None:
    answer = partner_list(lang, ("golbasi", "kahta", "birzai"), fields=("lake_management",))
    line = headline(kb, answer)
    assert kb.fields["lake_management"].name.get(lang) in line
    assert "3" in line


@pytest.mark.parametrize(
    ("lang", "signed", "prolonged"),
    [
        ("en", "3 agreements entered into in 2011:", "3 agreements prolonged in 2007:"),
        ("lv", "2011. gadā noslēgti 3 līgumi:", "2007. gadā pagarināti 3 līgumi:"),
        ("ru", "В 2011 году заключено 3 договора:", "В 2007 году продлено 3 договора:"),
    ],
)
def test_partner_list_by_year(kb: KnowledgeBase, lang: str, signed: str, prolonged: str) -> None:
    by_signed = partner_list(lang, ("golbasi", "kahta", "birzai"), signed_year=2011)
    by_prolonged = partner_list(lang, ("zgierz", "kupiskis", "postavy"), prolonged_year=2007)
    assert headline(kb, by_signed).startswith(signed)
    assert headline(kb, by_prolonged).startswith(prolonged)


@pytest.mark.parametrize(
    ("lang", "oldest", "newest"),
    [
        (
            "en",
            "The oldest agreement is with Arendal and the Aust-Agder region: 1995.",
            "The newest agreements are with Gölbaşı, Kahta, and Biržai: September 23, 2011.",
        ),
        (
            "lv",
            "Senākais līgums: Arendāle un Austagderes reģions (1995).",
            "Jaunākie līgumi: Gelbaši, Kahta un Birži (2011. gada 23. septembris).",
        ),
        (
            "ru",
            "Самый давний договор: Арендал и регион Эуст-Агдер (1995).",
            f"Самые новые договоры: Гёльбаши, Кяхта и Биржай (23 сентября 2011{NNBSP}г.).",
        ),
    ],
)
def test_superlatives(kb: KnowledgeBase, lang: str, oldest: str, newest: str) -> None:
    old = partner_list(lang, ("arendal",), superlative=Superlative.OLDEST)
    new = partner_list(lang, ("golbasi", "kahta", "birzai"), superlative=Superlative.NEWEST)
    assert headline(kb, old) == oldest
    assert headline(kb, new) == newest


def test_empty_partner_list_says_so_and_lists_all(kb: KnowledgeBase) -> None:
    text = render_text(partner_list("en", (), signed_year=2005), kb, MUNICIPALITY)
    assert text.startswith("No partner matches: agreement entered into in 2005.")
    for p in kb.partners.values():
        assert p.name.get("en") in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Rēzekne Municipality has 7 twinning partners in 5 countries."),
        ("lv", "Rēzeknes novada pašvaldība sadarbojas ar 7 sadraudzības partneriem 5 valstīs."),
        ("ru", "Резекненский край сотрудничает с 7 партнёрами-побратимами в 5 странах."),
    ],
)
def test_count_partners(kb: KnowledgeBase, lang: str, expected: str) -> None:
    answer = Answer(Kind.COUNT, lang, count_of="partners", partners=tuple(kb.partners))
    text = render_text(answer, kb, MUNICIPALITY)
    assert text.split("\n")[0] == expected
    for p in kb.partners.values():
        assert p.name.get(lang) in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The partners are in 5 countries: Norway, Poland, Lithuania, Belarus, and Türkiye."),
        ("lv", "Partneri ir 5 valstīs: Norvēģija, Polija, Lietuva, Baltkrievija un Turcija."),
        ("ru", "Партнёры находятся в 5 странах: Норвегия, Польша, Литва, Беларусь и Турция."),
    ],
)
def test_count_countries(kb: KnowledgeBase, lang: str, expected: str) -> None:
    answer = Answer(Kind.COUNT, lang, count_of="countries", partners=tuple(kb.partners))
    assert headline(kb, answer) == expected


def test_count_follows_the_engine_numbers(kb: KnowledgeBase) -> None:
    one = Answer(Kind.COUNT, "lv", count_of="partners", partners=("zgierz",))
    assert headline(kb, one) == (
        "Rēzeknes novada pašvaldība sadarbojas ar 1 sadraudzības partneri 1 valstī."
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        # The count says what it counted: one of the projects names no twinning partner.
        ("en", "The municipality's page lists 4 joint projects. 3 of them have twinning partners."),
        (
            "lv",
            "Pašvaldības lapā minēti 4 kopīgi projekti. No tiem 3 ir ar sadraudzības partneriem.",
        ),
        (
            "ru",
            "На странице самоуправления указано 4 совместных проекта. "
            "Из них 3 — с партнёрами-побратимами.",
        ),
    ],
)
def test_count_projects(kb: KnowledgeBase, lang: str, expected: str) -> None:
    answer = Answer(Kind.COUNT, lang, count_of="projects", projects=tuple(kb.projects))
    text = render_text(answer, kb, MUNICIPALITY)
    assert text.split("\n")[0] == expected
    assert text.count("•") == 4


# --------------------------------------------------------------------------- projects


def project(ids: tuple[str, ...], *facets: Facet, lang: str = "en") -> Answer:
    return Answer(Kind.PROJECT, lang, facets=facets, projects=ids)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "The project “Exciting Cycling Net in the Baltic Country of Lakes” ran from "
            "January 16, 2006 to October 31, 2007.",
        ),
        (
            "lv",
            "Projekta „Aizraujošs velosipēdu maršrutu tīkls Baltijas ezeru zemē” norises laiks: "
            "2006. gada 16. janvāris – 2007. gada 31. oktobris.",
        ),
        (
            "ru",
            "Сроки проекта «Увлекательная велосипедная сеть в балтийском крае озёр»: "
            f"16 января 2006{NNBSP}г. – 31 октября 2007{NNBSP}г.",
        ),
    ],
)
def test_project_dates(kb: KnowledgeBase, lang: str, expected: str) -> None:
    answer = project(("cycling_net",), Facet.DATES, lang=lang)
    assert headline(kb, answer) == expected
    markup = render(kb, answer)
    original = "<i>EXCITING CYCLING NET IN THE BALTIC COUNTRY OF LAKES</i>"
    assert (original in markup) == (lang != "en")  # only where it differs (case aside)
    assert f"🇧🇾 {kb.partners['postavy'].name.get(lang)}" in markup


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "ended in March 2011."),
        ("lv", "beidzās 2011. gada martā."),
        ("ru", "завершился в марте 2011 года."),
    ],
)
def test_project_end_keeps_month_precision(kb: KnowledgeBase, lang: str, expected: str) -> None:
    line = headline(kb, project(("kupiskis_lagoon_tourism",), Facet.END, lang=lang))
    assert line.endswith(expected)
    assert "1. mart" not in line and "1 марта" not in line and "March 1" not in line


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "I don't know"), ("lv", "Nezinu"), ("ru", "Не знаю")]
)
def test_project_without_dates(kb: KnowledgeBase, lang: str, words: str) -> None:
    line = headline(kb, project(("neighbors_twinning",), Facet.DATES, lang=lang))
    assert line.startswith(words)


def test_project_partners(kb: KnowledgeBase) -> None:
    line = headline(kb, project(("kupiskis_water_tourism",), Facet.PARTNERS))
    assert line.endswith(": 🇱🇹 Kupiškis.")
    none = headline(kb, project(("neighbors_twinning",), Facet.PARTNERS))
    assert "names no twinning partner" in none


@pytest.mark.parametrize(
    ("filters", "partners", "expected"),
    [
        ({}, ("kupiskis",), "The municipality's page lists 2 joint projects with Kupiškis."),
        ({"themes": ("tourism",)}, (), "2 joint projects found for “tourism”."),
        ({"active_year": 2007}, (), "2 joint projects were running in 2007."),
        (
            {"countries": ("LT",)},
            ("kupiskis", "birzai"),
            "2 joint projects with partners in Lithuania.",
        ),
    ],
)
def test_project_list_headline_states_the_selection(
    kb: KnowledgeBase, filters: dict[str, object], partners: tuple[str, ...], expected: str
) -> None:
    ids = ("kupiskis_lagoon_tourism", "kupiskis_water_tourism")
    if filters.get("active_year"):
        ids = ("kupiskis_water_tourism", "cycling_net")
    answer = Answer(
        Kind.PROJECT_LIST,
        "en",
        projects=ids,
        partners=partners,
        filters=Filters(**filters),  # type: ignore[arg-type]
    )
    text = render_text(answer, kb, MUNICIPALITY)
    assert text.split("\n")[0] == expected
    assert text.count("• ") == 2


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("lv", "Meklējot „tūrisms”, atrasts 1 kopīgs projekts."),
        ("ru", "По запросу «туризм» найден 1 совместный проект."),
    ],
)
def test_project_list_plural_one(kb: KnowledgeBase, lang: str, expected: str) -> None:
    theme = "tūrisms" if lang == "lv" else "туризм"
    answer = Answer(
        Kind.PROJECT_LIST,
        lang,
        projects=("kupiskis_lagoon_tourism",),
        filters=Filters(themes=(theme,)),
    )
    assert headline(kb, answer) == expected


def test_project_list_themes_are_escaped(kb: KnowledgeBase) -> None:
    answer = Answer(Kind.PROJECT_LIST, "en", filters=Filters(themes=("<b>x</b>",)))
    markup = render(kb, answer)
    assert "&lt;b&gt;x&lt;/b&gt;" in markup
    assert "All joint projects:" in markup


# --------------------------------------------------------------------------- event, media


def event(*facets: Facet, lang: str = "en") -> Answer:
    return Answer(Kind.EVENT, lang, facets=facets, events=(FESTIVAL,))


@pytest.mark.parametrize(
    ("lang", "facet", "expected"),
    [
        ("en", Facet.DURATION, "The festival lasted 2 days."),
        ("lv", Facet.DURATION, "Festivāls ilga 2 dienas."),
        ("ru", Facet.DURATION, "Фестиваль длился 2 дня."),
        ("en", Facet.DELEGATION, "A delegation of 30 people from Rēzekne Municipality took part."),
        (
            "ru",
            Facet.DELEGATION,
            "Резекненский край: участвовала делегация из 30 человек.",
        ),
        ("en", Facet.PARTICIPANTS, "There were more than 800 participants from 12 EU countries."),
        ("lv", Facet.PARTICIPANTS, "Bija vairāk nekā 800 dalībnieku no 12 ES valstīm."),
        ("ru", Facet.PARTICIPANTS, "Участников было более 800 из 12 стран ЕС."),
        ("en", Facet.COUNTRIES, "Participants came from 12 EU countries."),
        ("en", Facet.WHEN, "The festival took place in 2011."),
        ("lv", Facet.WHEN, "Festivāls notika 2011. gadā."),
        ("en", Facet.WHERE, "The festival took place in Mayenne (France)."),
        ("ru", Facet.WHERE, "Место проведения фестиваля: Майенн (Франция)."),
        (
            "en",
            Facet.PROGRAMME,
            "The festival was held in the framework of the programme Europe for Citizens.",
        ),
        (
            "en",
            Facet.ACTIVITIES,
            "The festival included sport competitions and culture activities.",
        ),
    ],
)
def test_event_headline_answers_the_facet(
    kb: KnowledgeBase, lang: str, facet: Facet, expected: str
) -> None:
    assert headline(kb, event(facet, lang=lang)) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_event_card_has_every_fact(kb: KnowledgeBase, lang: str) -> None:
    markup = render(kb, event(Facet.DURATION, lang=lang))
    card = markup.split("\n\n", 1)[1]
    festival = kb.events[FESTIVAL]
    assert card.startswith(f"🇫🇷 <b>{festival.name.get(lang)}</b>")
    for fact in ("2011", "30", "800", "12", festival.place.get(lang), country_name("FR", lang)):
        assert fact in card
    assert festival.programme is not None and festival.activities is not None
    assert festival.programme.get(lang) in card
    assert festival.activities.get(lang) in card


@pytest.mark.parametrize(
    ("lang", "funder", "project"),
    [
        ("en", "is funded with the support of the European Commission.", "“Neighbors: Enlarging"),
        ("lv", "tapusi ar atbalstu, ko sniedza Eiropas Komisija.", "„Kaimiņi: paplašinot"),
        ("ru", "«Друзья. Бесконечная история о побратимстве»: Европейская комиссия.", "«Соседи:"),
    ],
)
def test_media(kb: KnowledgeBase, lang: str, funder: str, project: str) -> None:
    answer = Answer(
        Kind.MEDIA, lang, facets=(Facet.FUNDER, Facet.PROJECTS), media=("film_friends",)
    )
    line = headline(kb, answer)
    assert funder in line
    assert project in line
    markup = render(kb, answer)
    assert "<i>Friends. Infinite Story on Twinning</i>" in markup or lang == "en"
    assert kb.media["film_friends"].about.get(lang) in markup


def test_media_project_only(kb: KnowledgeBase) -> None:
    answer = Answer(Kind.MEDIA, "en", facets=(Facet.PROJECTS,), media=("film_friends",))
    assert headline(kb, answer) == (
        "The film “Friends. Infinite Story on Twinning” was made in the framework of the "
        "project “Neighbors: Enlarging Twinning Community”."
    )


# --------------------------------------------------------------------------- talk


@pytest.mark.parametrize("lang", LANGS)
def test_faq(kb: KnowledgeBase, lang: str) -> None:
    markup = render(kb, Answer(Kind.FAQ, lang, faq=("source",)))
    assert markup == kb.faq["source"].answer.get(lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("talk", list(SmallTalk))
def test_smalltalk_offers_examples(kb: KnowledgeBase, lang: str, talk: SmallTalk) -> None:
    markup = render(kb, Answer(Kind.SMALLTALK, lang, smalltalk=talk))
    assert t(lang, "You can ask me, for example:") in markup
    # The examples come from the knowledge base: the country with the most partners.
    assert t(lang, "Which partners are in {country}?", country=country_name("LT", lang)) in markup
    assert markup.count("• <i>") >= 3


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "I'm not sure what you mean. Did you mean: 🇵🇱 Zgierz or 🇱🇹 Biržai?"),
        ("lv", "Nav īsti skaidrs, ko jūs domājat. Varbūt: 🇵🇱 Zgeža vai 🇱🇹 Birži?"),
        ("ru", "Не совсем понятно, что вы имеете в виду. Может быть, 🇵🇱 Згеж или 🇱🇹 Биржай?"),
    ],
)
def test_clarify(kb: KnowledgeBase, lang: str, expected: str) -> None:
    answer = Answer(
        Kind.CLARIFY,
        lang,
        suggestions=(Match("partner", "zgierz", 70.0), Match("partner", "birzai", 66.0)),
    )
    assert render(kb, answer) == expected


def test_clarify_names_other_kinds_and_at_most_three(kb: KnowledgeBase) -> None:
    answer = Answer(
        Kind.CLARIFY,
        "en",
        suggestions=(
            Match("project", "cycling_net", 70.0),
            Match("country", "LT", 68.0),
            Match("field", "lake_management", 67.0),
            Match("event", FESTIVAL, 66.0),
        ),
    )
    markup = render(kb, answer)
    assert "“Exciting Cycling Net" in markup and "🇱🇹 Lithuania" in markup
    assert "Lake management" in markup and "Mayenne" not in markup


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "Sorry, I can only answer"), ("lv", "Atvainojiet"), ("ru", "Извините")],
)
@pytest.mark.parametrize("reason", [DeclineReason.OUT_OF_SCOPE, DeclineReason.NONSENSE])
def test_decline_out_of_scope(
    kb: KnowledgeBase, lang: str, words: str, reason: DeclineReason
) -> None:
    markup = render(kb, Answer(Kind.DECLINE, lang, decline_reason=reason))
    assert markup.startswith(words)
    assert MUNICIPALITY[lang] in markup
    # An example drawn from the knowledge base: a partner whose agreement date is known.
    dated = [p.name.get(lang) for p in kb.partners.values() if p.agreement.signed]
    assert any(
        t(lang, "When was the agreement with {name} signed?", name=n) in markup for n in dated
    )


@pytest.mark.parametrize("lang", LANGS)
def test_decline_unknown_place_escapes_user_text(kb: KnowledgeBase, lang: str) -> None:
    answer = Answer(
        Kind.DECLINE,
        lang,
        decline_reason=DeclineReason.UNKNOWN_PLACE,
        unknown_name="<script>&",
        suggestions=(Match("partner", "birzai", 70.0),),
    )
    markup = render(kb, answer)
    assert markup.startswith("&lt;script&gt;&amp; ")
    assert "<script>" not in markup
    for p in kb.partners.values():
        assert p.name.get(lang) in markup
    text = render_text(answer, kb, MUNICIPALITY)
    assert text.startswith("<script>& ")
    assert kb.partners["birzai"].name.get(lang) in text.split("\n")[-1]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Rēzekne Municipality has no twinning partner in Germany."),
        ("lv", "nesadarbojas ne ar vienu sadraudzības partneri šajā valstī: Vācija."),
        ("ru", "не сотрудничает ни с одним партнёром-побратимом в этой стране: Германия."),
    ],
)
def test_decline_no_partner_in_country(kb: KnowledgeBase, lang: str, expected: str) -> None:
    answer = Answer(
        Kind.DECLINE, lang, decline_reason=DeclineReason.NO_PARTNER_IN_COUNTRY, unknown_name="DE"
    )
    markup = render(kb, answer)
    assert expected in markup
    assert country_name("TR", lang) in markup


# --------------------------------------------------------------------------- every Kind, HTML


def _all_answers(kb: KnowledgeBase, lang: str) -> list[Answer]:
    answers = [partner(tuple(kb.partners), *Facet, lang=lang)]
    answers += [partner((pid,), facet, lang=lang) for pid in kb.partners for facet in Facet]
    answers += [project(tuple(kb.projects), *Facet, lang=lang)]
    answers += [project((pid,), facet, lang=lang) for pid in kb.projects for facet in Facet]
    answers += [event(facet, lang=lang) for facet in Facet]
    answers += [Answer(Kind.MEDIA, lang, facets=(f,), media=tuple(kb.media)) for f in Facet]
    answers += [
        Answer(Kind.COUNT, lang, count_of=c, partners=tuple(kb.partners))
        for c in ("partners", "countries")
    ]
    answers += [Answer(Kind.PROJECT_LIST, lang, projects=tuple(kb.projects))]
    answers += [partner_list(lang, tuple(kb.partners))]
    answers += [Answer(Kind.FAQ, lang, faq=tuple(kb.faq))]
    answers += [Answer(Kind.DECLINE, lang, decline_reason=r) for r in DeclineReason]
    answers += [Answer(Kind.CLARIFY, lang), Answer(Kind.PARTNER, lang, partners=("nowhere",))]
    return answers


@pytest.mark.parametrize("lang", LANGS)
def test_every_reply_is_telegram_html_and_fits_or_splits(kb: KnowledgeBase, lang: str) -> None:
    for answer in _all_answers(kb, lang):
        markup = render(kb, answer)
        assert markup.strip(), answer
        assert ".." not in markup.replace("...", "")
        text = render_text(answer, kb, MUNICIPALITY)
        assert "<b>" not in text and "&amp;" not in text
        for part in split_message(markup, 1000):
            assert visible_length(part) <= 1000
            assert_telegram_html(part)


def test_render_text_keeps_lines_and_unescapes(kb: KnowledgeBase) -> None:
    answer = partner(("zgierz",), Facet.SIGNED)
    markup, text = render(kb, answer), render_text(answer, kb, MUNICIPALITY)
    assert markup.count("\n") == text.count("\n")
    assert "🇵🇱 Zgierz\n" in text


# --------------------------------------------------------------------------- split_message


def _long_reply() -> str:
    paragraphs = [
        f'<b>Paragraph {i}</b> with an entity &amp; a link <a href="https://e.x/?a=1&amp;b=2">here</a>.'
        for i in range(40)
    ]
    paragraphs.append("\n".join(f"Line {i}: <i>{'word ' * 12}</i>" for i in range(60)))
    paragraphs.append(
        "<blockquote>" + "\n\n".join("quoted " * 30 for _ in range(10)) + "</blockquote>"
    )
    paragraphs.append("<code>" + "x" * 700 + "</code> 🇱🇹 end")
    return "\n\n".join(paragraphs)


def _words(markup: str) -> list[str]:
    return html_to_text(markup).split()


@pytest.mark.parametrize("limit", [120, 500, 4096])
def test_split_message_parts_fit_and_are_balanced(limit: int) -> None:
    reply = _long_reply() * (3 if limit == 4096 else 1)
    parts = split_message(reply, limit)
    assert len(parts) > 1
    for part in parts:
        assert 0 < visible_length(part) <= limit
        assert_telegram_html(part)
        assert not part.startswith(("\n", " "))
    joined = "".join(html_to_text(p) for p in parts)
    assert joined.replace("\n", "").replace(" ", "") == html_to_text(reply).replace(
        "\n", ""
    ).replace(" ", "")


def test_split_message_prefers_paragraphs_then_lines() -> None:
    first, second = "a " * 30, "b " * 30
    parts = split_message(f"{first.strip()}\n\n{second.strip()}", limit=70)
    assert [html_to_text(p) for p in parts] == [first.strip(), second.strip()]
    lines = "\n".join(f"line {i}" for i in range(30))
    for part in split_message(lines, limit=50):
        assert all(line.startswith("line ") for line in part.split("\n"))


def test_split_message_reopens_tags() -> None:
    reply = "<b>" + " ".join(f"w{i}" for i in range(100)) + "</b>"
    parts = split_message(reply, limit=60)
    assert len(parts) > 1
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)


def test_split_message_short_reply_unchanged() -> None:
    assert split_message("<b>hi</b> &amp; bye") == ["<b>hi</b> &amp; bye"]
    assert visible_length("<b>hi</b> &amp; 🇱🇹") == len("hi & ") + 4


# --------------------------------------------------------------------------- buttons


def test_button_labels(kb: KnowledgeBase) -> None:
    assert button_label(Followup(Action.PARTNER_PROJECTS, "kupiskis"), kb, "en") == (
        "📁 Projects with Kupiškis"
    )
    assert button_label(Followup(Action.PARTNERS_IN_COUNTRY, "LT"), kb, "en") == (
        "🇱🇹 Partners in Lithuania"
    )
    assert button_label(Followup(Action.PARTNER, "zgierz"), kb, "en") == "🤝 Zgierz"
    assert button_label(Followup(Action.ALL_PARTNERS), kb, "en") == "📋 All partners"
    assert button_label(Followup(Action.ALL_PARTNERS), kb, "ru") == "📋 Все партнёры"
    assert button_label(Followup(Action.PARTNER, "zgierz"), kb, "lv") == "🤝 Zgeža"


@pytest.mark.parametrize("lang", LANGS)
def test_every_button_label_is_short(kb: KnowledgeBase, lang: str) -> None:
    followups = [Followup(Action.ALL_PARTNERS), Followup(Action.ALL_PROJECTS)]
    followups += [
        Followup(a, p) for p in kb.partners for a in (Action.PARTNER, Action.PARTNER_PROJECTS)
    ]
    followups += [Followup(Action.PARTNERS_IN_COUNTRY, c) for c in kb.countries]
    followups += [Followup(Action.PARTNERS_WITH_FIELD, f) for f in kb.fields]
    followups += [Followup(Action.PROJECT, p) for p in kb.projects]
    followups += [Followup(Action.EVENT, e) for e in kb.events]
    followups += [Followup(Action.MEDIA, m) for m in kb.media]
    for followup in followups:
        label = button_label(followup, kb, lang)
        assert 3 <= len(label) <= 40, label


def test_a_list_of_one_shows_its_card(kb: KnowledgeBase) -> None:
    answer = partner_list("en", ("postavy",), countries=("BY",))
    blocks = render(kb, answer).split("\n\n")
    assert blocks[0] == "1 partner in Belarus: Postavy."
    assert "Experience exchange between institutions and folk art groups" in blocks[1]
    one = Answer(
        Kind.PROJECT_LIST, "en", projects=("cycling_net",), filters=Filters(active_year=2006)
    )
    assert headline(kb, one) == "1 joint project was running in 2006."
    assert "Partners: 🇧🇾 Postavy" in render(kb, one)


def test_partner_without_location_renders_without_a_map_pin(tmp_path: Path) -> None:
    """`location` is optional: a partner without coordinates renders, with no map link and
    no 📍 button on its card (loaded through the real loader)."""
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    partners = tmp_path / "knowledge" / "partners.yaml"
    text = partners.read_text(encoding="utf-8")
    pin = "    location: {lat: 51.8556, lon: 19.4061}\n"
    assert pin in text
    partners.write_text(text.replace(pin, "", 1), encoding="utf-8")
    kb = load_knowledge(tmp_path / "knowledge")
    assert kb.partners["zgierz"].location is None
    assert kb.partners["kupiskis"].location is not None
    for lang in LANGS:
        markup = render(kb, partner(("zgierz",), Facet.LOCATION, lang=lang))
        assert "openstreetmap" not in markup
        assert "openstreetmap" in render(kb, partner(("kupiskis",), Facet.LOCATION, lang=lang))
        card = screen(Ref(Op.PARTNER, "zgierz"), lang, kb, Settings())
        assert card is not None and card.keyboard is not None
        labels = [b.text for row in card.keyboard.inline_keyboard for b in row]
        assert labels and not any(label.startswith("📍") for label in labels)
        other = screen(Ref(Op.PARTNER, "kupiskis"), lang, kb, Settings())
        assert other is not None and other.keyboard is not None
        assert any(b.text.startswith("📍") for row in other.keyboard.inline_keyboard for b in row)
