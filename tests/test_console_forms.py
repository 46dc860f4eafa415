"""The staff console's forms through its HTTP server: entries added, changed and removed with
forms collect in a draft that is validated as a whole; every problem is shown next to its
input with everything typed kept; Publish writes the YAML (comments kept) through the same
history as Telegram, Discard changes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from consolekit import Console, csrf_of, log_in, running_console, text_of, visible_text
from staffbot import ADMIN

from bot.engine import Engine
from bot.render import render_text

FIELD = {
    "id": "youth_sport",
    "name.lv": "Jauniešu sports",
    "name.ru": "Молодёжный спорт",
    "name.en": "Youth sport",
    "keywords.lv": "sports\njauniešu sports",
    "keywords.ru": "спорт",
    "keywords.en": "sport\nyouth sport",
}
COUNTRY = {
    "code": "EE",
    "keywords.lv": "igauņu",
    "keywords.ru": "эстонский",
    "keywords.en": "Estonian",
}
PARTNER = {
    "id": "tartu",
    "name.lv": "Tartu",
    "name.ru": "Тарту",
    "name.en": "Tartu",
    "local_name": "Tartu",
    "aliases.other": "Tartto",
    "country": "EE",
    "fields": "youth_sport",
    "agreement.signed.year": "2012",
    "agreement.signed.month": "5",
    "agreement.signed.day": "14",
    "location.lat": "58.38",
    "location.lon": "26.72",
}


async def post(console: Console, path: str, csrf: str, form: dict[str, Any]) -> tuple[int, str]:
    response = await console.client.post(path, data={**form, "csrf": csrf})
    return response.status, await response.text()


def answer(console: Console, question: str) -> str:
    engine: Engine = console.keeper.engine
    return render_text(engine.ask(question, language="en"), engine.kb, {"en": "the municipality"})


async def test_a_partner_with_a_new_field_and_a_new_country(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        folder = console.settings.knowledge_dir
        live = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
        for path, form in (
            ("/entries/fields/new", FIELD),
            ("/entries/countries/new", COUNTRY),
            ("/entries/partners/new", PARTNER),
        ):
            status, page = await post(console, path, csrf, form)
            assert status == 200, visible_text(page)
            assert "Saved to the draft" in visible_text(page)
        # Nothing is live yet: the files and the answers are as before.
        assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == live
        assert "Tartu is not among the twinning partners" in answer(console, "Tell me about Tartu")

        draft = visible_text(await (await console.client.get("/draft")).text())
        assert "Added 🇪🇪 Tartu tartu" in draft
        assert "Added Youth sport youth_sport" in draft
        assert "Added 🇪🇪 Estonia EE" in draft
        assert "Which partners are in Estonia?" in draft  # an answer that changes, old -> new

        home = await console.client.post("/draft/publish", data={"csrf": csrf})
        assert home.url.path == "/"
        assert "Published: the new version is live" in await text_of(home)
        assert "Tartu (Estonia) is a twinning partner" in answer(console, "Tell me about Tartu")
        assert "Tartu" in answer(console, "Which partners work on youth sport?")

        partners = (folder / "partners.yaml").read_text(encoding="utf-8")
        assert partners.startswith(live["partners.yaml"].decode().split("\n", 1)[0])  # comments
        assert "  - id: tartu\n" in partners and "signed: 2012-05-14" in partners
        assert "location: {lat: 58.38, lon: 26.72}" in partners
        authors = (folder / ".history" / "authors.jsonl").read_text().splitlines()
        assert {json.loads(x)["file"] for x in authors} == {
            "fields.yaml",
            "countries.yaml",
            "partners.yaml",
        }
        assert {(json.loads(x)["user_id"], json.loads(x)["name"]) for x in authors} == {
            (ADMIN, "Ilze")
        }
        assert console.server.workspace.draft() is None

        # Undo, one file at a time, partners first: the knowledge base stays valid each time.
        history = await text_of(await console.client.get("/history"))
        assert "puts back the version of partners.yaml" in history
        undone = await console.client.post("/history/rollback", data={"csrf": csrf})
        assert "Restored the previous version of partners.yaml." in await text_of(undone)
        assert (folder / "partners.yaml").read_bytes() == live["partners.yaml"]


async def test_every_problem_is_shown_and_nothing_typed_is_lost(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        form = {
            **PARTNER,
            "country": "FI",
            "fields": "no_such_field",
            "agreement.signed.year": "20x1",
            "location.lat": "north",
            "summary.lv": "Sadarbība kopš <b>2012</b> & vēlāk",
        }
        status, page = await post(console, "/entries/partners/new", csrf, form)
        assert status == 422
        text = visible_text(page)
        assert "Nothing was saved:" in text and "Everything you typed is still here." in text
        assert "unknown field id 'no_such_field'" in _problems_of(page, "fields")
        assert "expected a year like 2000" in _problems_of(page, "agreement.signed")
        assert "expected a number, got 'north'" in _problems_of(page, "location")
        # What was typed is still in the inputs (escaped, not interpreted).
        assert 'name="name.lv" value="Tartu"' in page
        assert 'name="agreement.signed.year" value="20x1"' in page
        assert 'name="location.lat" value="north"' in page
        assert "Sadarbība kopš &lt;b&gt;2012&lt;/b&gt; &amp; vēlāk</textarea>" in page
        assert "<b>2012</b>" not in page
        assert console.server.workspace.draft() is None

        # Once those are fixed, what is still missing: a translation.
        form = {**PARTNER, "fields": "school_exchange", "name.ru": "", "country": "FI"}
        status, page = await post(console, "/entries/partners/new", csrf, form)
        assert status == 422
        assert "the text is missing in ru" in _problems_of(page, "name")
        assert 'name="name.en" value="Tartu"' in page


def _problems_of(page: str, key: str) -> str:
    start = page.index(f'id="field-{key}"')
    return visible_text(page[start : page.index("</fieldset>", start)])


async def test_required_inputs_and_a_taken_id(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        status, page = await post(console, "/entries/partners/new", csrf, {"id": "zgierz"})
        assert status == 422
        assert "This id is already used by another entry" in _problems_of(page, "id")
        for key in ("name", "local_name", "country", "fields"):
            assert "This is required." in _problems_of(page, key)
        status, page = await post(console, "/entries/fields/new", csrf, {**FIELD, "id": "Bad Id"})
        assert status == 422
        assert "Use lowercase Latin letters" in _problems_of(page, "id")


async def test_markup_typed_in_a_form_is_shown_as_text(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        evil = '<script>alert("x")</script>'
        status, _ = await post(console, "/entries/fields/new", csrf, {**FIELD, "name.en": evil})
        assert status == 200
        listed = await (await console.client.get("/entries/fields")).text()
        edit = await (await console.client.get("/entries/fields/youth_sport")).text()
        for page in (listed, edit):
            assert evil not in page
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


async def test_huge_input_is_refused_in_plain_words(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        status, page = await post(
            console, "/entries/fields/new", csrf, {**FIELD, "name.en": "x" * 3000}
        )
        assert status == 422
        assert "This text is too long (at most 2000 characters)." in _problems_of(page, "name")
        status, page = await post(
            console, "/entries/fields/new", csrf, {**FIELD, "name.en": "x" * 600_000}
        )
        assert status == 413
        assert "The form is too large to be saved." in visible_text(page)
        assert console.server.workspace.draft() is None


async def test_editing_keeps_what_the_form_does_not_show_and_the_files_comments(
    tmp_path: Path,
) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        page = await (await console.client.get("/entries/partners/zgierz")).text()
        assert 'name="id" value="zgierz" readonly' in page
        form = _form_values(page)
        assert form["agreement.prolonged.year"] == "2007"
        form["agreement.prolonged.year"] = "2008"
        status, _ = await post(console, "/entries/partners/zgierz", csrf, form)
        assert status == 200
        draft = visible_text(await (await console.client.get("/draft")).text())
        assert "Changed" in draft and "zgierz" in draft
        assert "Added" not in draft and "Removed" not in draft
        [content] = console.server.workspace.draft().files.values()  # type: ignore[union-attr]
        live = (console.settings.knowledge_dir / "partners.yaml").read_text(encoding="utf-8")
        changed = [
            (a, b)
            for a, b in zip(live.splitlines(), content.decode().splitlines(), strict=False)
            if a != b
        ]
        # One line changed; every comment, every other entry as it was.
        assert changed == [("      prolonged: 2007", "      prolonged: 2008")]
        assert len(content.decode().splitlines()) == len(live.splitlines())


def _form_values(page: str) -> dict[str, Any]:
    """The values a browser would submit for the entry form on `page`."""
    import re
    from html import unescape

    form = page[page.index('class="entry"') :]
    values: dict[str, Any] = {}
    for name, value in re.findall(r'<input type="text"[^>]*name="([^"]+)" value="([^"]*)"', form):
        values[name] = unescape(value)
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = unescape(value)
    for name, body in re.findall(r'<select name="([^"]+)">(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        values[name] = unescape(chosen.group(1)) if chosen else ""
    checked = re.findall(r'<input type="checkbox" name="([^"]+)" value="([^"]+)" checked>', form)
    for name, value in checked:
        values.setdefault(name, []).append(value)
    return values


async def test_removing_an_entry_others_need_is_refused(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        before = (console.settings.knowledge_dir / "fields.yaml").read_bytes()
        status, page = await post(console, "/entries/fields/school_exchange/delete", csrf, {})
        assert status == 422
        text = visible_text(page)
        assert "Nothing was removed" in text and "unknown field id 'school_exchange'" in text
        assert console.server.workspace.draft() is None
        assert (console.settings.knowledge_dir / "fields.yaml").read_bytes() == before


async def test_discard_changes_nothing_and_a_stale_draft_is_not_published(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        folder = console.settings.knowledge_dir
        before = (folder / "fields.yaml").read_bytes()
        await post(console, "/entries/fields/new", csrf, FIELD)
        discarded = await console.client.post("/draft/discard", data={"csrf": csrf})
        assert "The draft was discarded; nothing was changed." in await text_of(discarded)
        assert console.server.workspace.draft() is None
        assert (folder / "fields.yaml").read_bytes() == before

        await post(console, "/entries/fields/new", csrf, FIELD)
        (folder / "events.yaml").write_bytes((folder / "events.yaml").read_bytes() + b"\n")
        draft = await text_of(await console.client.get("/draft"))
        assert "changed on the server after this draft was begun" in draft
        refused = await console.client.post("/draft/publish", data={"csrf": csrf})
        assert "Nothing was published" in await text_of(refused)
        assert (folder / "fields.yaml").read_bytes() == before


async def test_the_test_pane_asks_the_draft(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        await post(console, "/entries/fields/new", csrf, FIELD)
        await post(console, "/entries/countries/new", csrf, COUNTRY)
        await post(console, "/entries/partners/new", csrf, PARTNER)
        response = await console.client.post(
            "/test",
            data={"csrf": csrf, "question": "When was the agreement with Tartu signed?"},
            headers={"Accept": "application/json"},
        )
        found = await response.json()
        assert "The agreement with Tartu was entered into on May 14, 2012." in found["draft"]
        assert "Tartu is not among the twinning partners" in found["live"]
        page = await console.client.post(
            "/test", data={"csrf": csrf, "question": "Tartu", "language": "ru"}
        )
        assert "Тарту" in await text_of(page)  # without JavaScript: the page with the answer


async def test_pages_in_each_language(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        await log_in(console)
        lv = await text_of(await console.client.get("/entries/partners/new?lang=lv"))
        assert "Nosaukums tā valodā" in lv and "Saglabāt melnrakstā" in lv
        ru = await text_of(await console.client.get("/entries/partners/new?lang=ru"))
        assert "Название на местном языке" in ru and "Эстония" in ru
        en = await text_of(await console.client.get("/draft?lang=en"))
        assert "There is no draft" in en
        assert csrf_of(await (await console.client.get("/")).text())


NEAR_LODZ = "who is our partner near Lodz?"
PARKING = "Where can I park my car in Rezekne?"


def log_unanswered(console: Console, *texts: str) -> None:
    store = console.server.workspace.store
    for text in texts:
        store.log_question(language="en", answered=False, kind="clarify", matched=[],
                           score=0.0, latency_ms=1.0, text=text)  # fmt: skip


async def test_the_unanswered_inbox_teaches_hides_and_starts_a_faq(tmp_path: Path) -> None:
    async with running_console(tmp_path) as console:
        csrf = await log_in(console)
        log_unanswered(console, NEAR_LODZ, NEAR_LODZ, PARKING)
        page = await (await console.client.get("/inbox")).text()
        text = visible_text(page)
        assert f"{NEAR_LODZ} (en, asked 2×)" in text and PARKING in text
        [near, parking] = re.findall(r'action="/inbox/([0-9a-f]{8})/teach"', page)

        # "It means Zgierz": the wording joins its aliases in the draft; live once published.
        assert not answer(console, NEAR_LODZ).startswith("Zgierz")  # not yet
        taught = await console.client.post(
            f"/inbox/{near}/teach", data={"csrf": csrf, "target": "partners:zgierz"}
        )
        assert taught.url.path == "/draft"
        assert "was added to 🇵🇱 Zgierz in the draft" in await text_of(taught)
        await console.client.post("/draft/publish", data={"csrf": csrf})
        assert answer(console, NEAR_LODZ).startswith("Zgierz")
        partners = (console.settings.knowledge_dir / "partners.yaml").read_text(encoding="utf-8")
        assert "who is our partner near Lodz" in partners

        # The FAQ form opens with the question filled in; "out of scope" hides a group.
        faq = await (await console.client.get(f"/entries/faq/new?from={parking}")).text()
        assert 'name="id" value="where_can_i_park_my_car_in_rezekne"' in faq
        assert "Where can I park my car in Rezekne</textarea>" in faq
        hidden = await console.client.post(f"/inbox/{parking}/hide", data={"csrf": csrf})
        assert "is hidden as out of scope" in await text_of(hidden)
        left = visible_text(await (await console.client.get("/inbox")).text())
        assert PARKING not in left and NEAR_LODZ not in left
        assert "No unanswered questions" in left


def test_the_guide_names_the_buttons_the_console_shows() -> None:
    """Every label the staff guide's "Using the console" puts in bold is one the console
    shows (its English text), so a renamed button cannot leave the guide behind."""
    from babel.messages.extract import extract_from_dir

    root = Path(__file__).resolve().parent.parent
    guide = (root / "knowledge" / "README.md").read_text(encoding="utf-8")
    section = guide.split("## Using the console\n", 1)[1].split("\n## ", 1)[0]
    keywords = {"t": (2,), "tn": (2, 3), "N_": (1,)}
    shown = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(root / "bot"), keywords=keywords, comment_tags=()
        )
    }
    bold = {" ".join(b.split()) for b in re.findall(r"\*\*([^*]+)\*\*", section)}
    labels = {b.removeprefix("+ ") for b in bold if not b.endswith(".")}  # not "Publish."
    telegram = {"Start"}  # Telegram's own button
    assert len(labels) > 20
    shown |= {m.split(":")[0] for m in shown}  # "Nothing was saved: {n} problems to fix."
    missing = sorted(label for label in labels - telegram if label not in shown)
    assert not missing, f"the guide names labels the console does not show: {missing}"
