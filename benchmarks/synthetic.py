"""Synthetic knowledge bases: N plausible partners, projects and events, valid for the loader.

Names are built from syllables, flavoured with the letters of their country (Kęstrów, Gölvaşı),
given a Latvian form (Dolmisa -> Dolmisā, Dolmisu) and a Russian transliteration with case
endings (Долмиса, Долмисой), so a question can name them the way people do. Fields come from
the real fields.yaml, projects link partners, dates have mixed precision (2011, 2011-03,
2011-09-23).

The shipped entries are kept, and the generated ones leave the evaluation set's answers true,
so it still measures accuracy at every size: they are in countries with no shipped partner or
event ("partners in Poland" keeps its answer), their agreements fall strictly between the
oldest and the newest shipped one ("the oldest partner" keeps its answer), and their projects
have themes no shipped project has ("the water tourism project" stays one project).

`write_knowledge(directory, n)` writes the YAML files and returns the generated entities;
`cases(...)` turns some of them into evaluation cases in the format of tests/eval/score.py.
"""

from __future__ import annotations

import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SHIPPED_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

# Share of the generated entities of each kind (media stay the shipped film).
SHARES = {"partners": 0.4, "projects": 0.45, "events": 0.15}

_ONSETS = ("b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr",
           "kr", "st", "tr", "sl", "pl", "kl", "sv", "h", "j")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ie")
_CODAS = ("", "", "", "n", "r", "s", "l", "m", "k", "st")

# Country -> (name endings, letter flavour applied to the local spelling).
COUNTRIES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "PL": (("ów", "ice", "owo", "in"), {"z": "ż", "l": "ł", "e": "ę"}),
    "LT": (("iai", "is", "ai", "ėnai"), {"s": "š", "e": "ė", "u": "ū"}),
    "EE": (("a", "mäe", "küla", "se"), {"a": "ä", "o": "õ", "u": "ü"}),
    "FI": (("la", "järvi", "koski", "nen"), {"a": "ä", "o": "ö"}),
    "SE": (("by", "köping", "holm", "sund"), {"a": "å", "o": "ö"}),
    "NO": (("vik", "dal", "stad", "heim"), {"o": "ø", "a": "å"}),
    "DE": (("burg", "dorf", "hausen", "berg"), {"o": "ö", "u": "ü"}),
    "FR": (("ville", "court", "ac", "y"), {"e": "é"}),
    "TR": (("lı", "köy", "pınar", "ova"), {"s": "ş", "i": "ı", "o": "ö", "g": "ğ"}),
    "BY": (("ichy", "ovo", "ny", "sk"), {}),
    "UA": (("iv", "ka", "horod", "sk"), {}),
    "CZ": (("ov", "ice", "any", "ín"), {"c": "č", "r": "ř", "e": "ě"}),
    "SK": (("ovce", "any", "ín", "ava"), {"c": "č", "a": "á"}),
    "HU": (("háza", "vár", "falva", "egyház"), {"o": "ö", "u": "ü", "e": "é"}),
    "IT": (("ano", "ello", "ino", "ara"), {}),
    "GE": (("eti", "ani", "uri", "ari"), {}),
    "RO": (("ești", "eni", "ița", "ău"), {"a": "ă", "s": "ș"}),
    "BG": (("ovo", "evo", "ets", "ik"), {}),
}

_LATIN_TO_CYRILLIC = (
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("ie", "ие"), ("ai", "ай"), ("ei", "ей"), ("oi", "ой"),
    ("a", "а"), ("b", "б"), ("c", "ц"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
    ("h", "х"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "ы"), ("z", "з"),
)  # fmt: skip

# Themes of projects: (en, lv, ru) name and keywords per language.
Theme = tuple[tuple[str, str, str], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
THEMES: tuple[Theme, ...] = (
    (("Sustainable tourism", "Ilgtspējīgs tūrisms", "Устойчивый туризм"),
     ("tourism", "sustainable tourism"), ("tūrisms", "ilgtspējīgs tūrisms"), ("туризм",)),
    (("Cycling routes", "Velomaršruti", "Веломаршруты"),
     ("cycling", "bike", "cycle routes"), ("velosipēds", "velo"), ("велосипед", "вело")),
    (("Water tourism", "Ūdens tūrisms", "Водный туризм"),
     ("water tourism", "boating"), ("ūdens tūrisms",), ("водный туризм",)),
    (("Cultural heritage", "Kultūras mantojums", "Культурное наследие"),
     ("heritage", "culture"), ("mantojums", "kultūra"), ("наследие", "культура")),
    (("Youth exchange", "Jauniešu apmaiņa", "Молодёжный обмен"),
     ("youth", "youth exchange"), ("jaunieši", "jauniešu apmaiņa"), ("молодёжь",)),
    (("Folk crafts", "Tautas amatniecība", "Народные ремёсла"),
     ("crafts", "folk crafts"), ("amatniecība",), ("ремёсла",)),
    (("Lake management", "Ezeru apsaimniekošana", "Управление озёрами"),
     ("lake", "lakes"), ("ezers", "ezeri"), ("озеро", "озёра")),
    (("Organic farming", "Bioloģiskā lauksaimniecība", "Органическое земледелие"),
     ("organic farming", "agriculture"), ("lauksaimniecība",), ("земледелие",)),
    (("School cooperation", "Skolu sadarbība", "Сотрудничество школ"),
     ("school", "schools"), ("skola", "skolas"), ("школа", "школы")),
    (("Energy efficiency", "Energoefektivitāte", "Энергоэффективность"),
     ("energy", "energy efficiency"), ("enerģija", "energoefektivitāte"), ("энергия",)),
    (("Museum network", "Muzeju tīkls", "Сеть музеев"),
     ("museum", "museums"), ("muzejs", "muzeji"), ("музей", "музеи")),
    (("Choir music", "Kora mūzika", "Хоровая музыка"),
     ("choir", "music"), ("koris", "mūzika"), ("хор", "музыка")),
    (("Forest management", "Mežu apsaimniekošana", "Управление лесами"),
     ("forest", "forests"), ("mežs", "meži"), ("лес", "леса")),
    (("Digital services", "Digitālie pakalpojumi", "Цифровые услуги"),
     ("digital", "e-services"), ("digitālie pakalpojumi",), ("цифровые услуги",)),
    (("Local food", "Vietējā pārtika", "Местные продукты"),
     ("food", "local food"), ("pārtika",), ("продукты",)),
)  # fmt: skip

# Festival kinds: (en, lv, ru adjective phrase).
FESTIVALS = (
    ("European festival", "Eiropas festivāls", "Европейский фестиваль"),
    ("Folk festival", "Folkloras festivāls", "Фольклорный фестиваль"),
    ("Youth festival", "Jauniešu festivāls", "Молодёжный фестиваль"),
    ("Harvest festival", "Ražas svētki", "Праздник урожая"),
    ("Choir festival", "Koru festivāls", "Хоровой фестиваль"),
    ("Crafts fair", "Amatnieku gadatirgus", "Ярмарка ремёсел"),
    ("Theatre festival", "Teātra festivāls", "Театральный фестиваль"),
    ("Sports games", "Sporta spēles", "Спортивные игры"),
)

_REGION = ("region", "reģions", "регион")


def strip_accents(text: str) -> str:
    text = text.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def to_cyrillic(latin: str) -> str:
    """A rough Russian transliteration of a (diacritic-free) Latin name."""
    text, out = latin.lower(), []
    i = 0
    while i < len(text):
        for src, dst in _LATIN_TO_CYRILLIC:
            if text.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
        else:
            out.append(text[i])
            i += 1
    word = "".join(out)
    return word[:1].upper() + word[1:]


@dataclass
class Name:
    """One place name in every spelling people use, with the case forms questions need."""

    en: str  # the local spelling with its diacritics (Gölbaşı), used in English too
    ascii: str  # Golbasi
    lv: str  # Gelbaši: the Latvian form
    lv_loc: str  # Gelbašos ("in ...")
    lv_acc: str  # Gelbašiem ("par ...", "ar ...")
    lv_gen: str  # Gelbašu ("... reģions")
    ru: str  # Гелбаши
    ru_prep: str  # "в ..."
    ru_instr: str  # "с ..."
    ru_acc: str  # "про ..."

    @property
    def lv_forms(self) -> list[str]:
        return list(
            dict.fromkeys(f for f in (self.lv_loc, self.lv_acc, self.lv_gen) if f != self.lv)
        )

    @property
    def ru_forms(self) -> list[str]:
        forms = (self.ru_prep, self.ru_instr, self.ru_acc)
        return list(dict.fromkeys(f for f in forms if f != self.ru))

    def stems(self) -> list[str]:
        """Folded beginnings of the name, found in any reply that names it."""
        out = []
        for value in (self.en, self.ascii, self.lv, self.ru):
            folded = strip_accents(value).casefold()
            out.append(folded[: max(4, len(folded) - 2)])
        return list(dict.fromkeys(out))


class NameMaker:
    """Unique pronounceable names, flavoured by country."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def _root(self) -> str:
        syllables = [
            self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) + self.rng.choice(_CODAS)
            for _ in range(self.rng.choice((2, 2, 3)))
        ]
        return "".join(syllables)

    def make(self, country: str) -> Name:
        endings, flavour = COUNTRIES[country]
        while True:
            root = self._root()
            if self.rng.random() < 0.6:
                root += self.rng.choice(endings)
            ascii_name = strip_accents(root).capitalize()
            if 6 <= len(ascii_name) <= 16 and ascii_name.lower() not in self.seen:
                break
        self.seen.add(ascii_name.lower())
        local = root
        for src, dst in flavour.items():
            if self.rng.random() < 0.5 and src in local[1:]:
                at = local.index(src, 1)
                local = local[:at] + dst + local[at + 1 :]
        local = local[:1].upper() + local[1:]
        return Name(local, ascii_name, *_latvian(ascii_name), *_russian(to_cyrillic(ascii_name)))


def _latvian(name: str) -> tuple[str, str, str, str]:
    """Latvian form of a foreign name, then its locative, accusative and genitive.

    Arendal -> Arendala, Arendalā, Arendalu, Arendalas; Biržai -> Birži, Biržos, Biržiem, Biržu.
    """
    lower = name.lower()
    if lower.endswith(("is", "ai", "y")):
        stem = name[:-2] if lower.endswith(("is", "ai")) else name[:-1]
        return stem + "i", stem + "os", stem + "iem", stem + "u"
    if lower.endswith(("e", "i", "o", "u")):
        return name, name, name, name  # indeclinable
    stem = name[:-1] if lower.endswith("a") else name
    return stem + "a", stem + "ā", stem + "u", stem + "as"


def _russian(ru: str) -> tuple[str, str, str, str]:
    """The name, then its prepositional, instrumental and accusative forms."""
    if ru.endswith("а"):
        return ru, ru[:-1] + "е", ru[:-1] + "ой", ru[:-1] + "у"
    if ru[-1:] in "бвгджзклмнпрстфхцчшщ":
        return ru, ru + "е", ru + "ом", ru
    return ru, ru, ru, ru  # indeclinable


def _date(rng: random.Random, start: int, end: int) -> tuple[int, int, int, Any]:
    """A date with mixed precision: (year, month, day, YAML value)."""
    year = rng.randint(start, end)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.35:
        return year, 1, 1, year
    if roll < 0.6:
        return year, month, 1, f"{year}-{month:02d}"
    return year, month, day, f"{year}-{month:02d}-{day:02d}"


def _text(en: str, lv: str, ru: str) -> dict[str, str]:
    return {"en": en, "lv": lv, "ru": ru}


@dataclass(frozen=True)
class Preserved:
    """What generated entries must avoid so the evaluation set's answers stay true."""

    countries: tuple[str, ...]  # countries with no shipped partner or event
    first_year: int  # agreements are signed and prolonged in [first_year, last_year]
    last_year: int
    themes: tuple[Theme, ...]  # project themes sharing no keyword with a shipped project


def _preserved(docs: dict[str, list[dict[str, Any]]]) -> Preserved:
    taken = {str(e["country"]) for kind in ("partners", "events") for e in docs[kind]}
    years = [
        int(str(value)[:4])
        for p in docs["partners"]
        for value in (p.get("agreement") or {}).values()
        if isinstance(value, int | str) and str(value)[:4].isdigit()
    ]
    words = {
        strip_accents(str(w)).casefold()
        for p in docs["projects"]
        for ws in (p.get("keywords") or {}).values()
        for w in ws
    }
    themes = tuple(
        t
        for t in THEMES
        if not any(strip_accents(w).casefold() in words for group in t[1:] for w in group)
    )
    return Preserved(
        countries=tuple(c for c in COUNTRIES if c not in taken),
        first_year=min(years, default=1990) + 1,
        last_year=max(years, default=2020) - 1,
        themes=themes or THEMES,
    )


@dataclass
class Generated:
    """What was generated, for writing questions about it."""

    partners: list[tuple[str, Name, dict[str, Any]]] = field(default_factory=list)
    projects: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # acronym
    events: list[tuple[str, Name, dict[str, Any]]] = field(default_factory=list)


def generate(n: int, seed: int = 2011, shipped: Path = SHIPPED_KNOWLEDGE) -> tuple[
    dict[str, list[dict[str, Any]]], Generated
]:  # fmt: skip
    """The entries of a knowledge base of `n` entities (the shipped ones included)."""
    rng = random.Random(seed)
    names = NameMaker(rng)
    docs = {
        kind: yaml.safe_load((shipped / f"{kind}.yaml").read_text(encoding="utf-8"))[kind]
        for kind in ("partners", "projects", "events", "media", "fields")
    }
    for kind in ("partners", "projects", "events"):
        names.seen.update(str(known["id"]) for known in docs[kind])
    missing = max(0, n - sum(len(docs[k]) for k in ("partners", "projects", "events", "media")))
    counts = {kind: int(missing * share) for kind, share in SHARES.items()}
    counts["partners"] += missing - sum(counts.values())
    field_ids = [str(f["id"]) for f in docs["fields"]]
    keep = _preserved(docs)
    out = Generated()
    for i in range(counts["partners"]):
        previous = out.partners[-1][0] if out.partners else None
        pid, name, entry = _partner(rng, names, i, field_ids, previous, keep)
        docs["partners"].append(entry)
        out.partners.append((pid, name, entry))
    for i in range(counts["projects"]):
        pid, acronym, entry = _project(rng, names, i, out.partners, keep)
        docs["projects"].append(entry)
        out.projects.append((pid, acronym, entry))
    for i in range(counts["events"]):
        eid, place, entry = _event(rng, names, i, keep)
        docs["events"].append(entry)
        out.events.append((eid, place, entry))
    return docs, out


def _partner(
    rng: random.Random,
    names: NameMaker,
    i: int,
    field_ids: list[str],
    previous: str | None,
    keep: Preserved,
) -> tuple[str, Name, dict[str, Any]]:
    country = rng.choice(keep.countries)
    name = names.make(country)
    pid = f"{name.ascii.lower()[:30]}_{i}"
    entry: dict[str, Any] = {
        "id": pid,
        "name": _text(name.en, name.lv, name.ru),
        "local_name": name.en,
        "aliases": {
            "lv": [name.lv, *name.lv_forms],
            "ru": [name.ru, *name.ru_forms],
            "other": [name.ascii],
        },
        "country": country,
        "location": {
            "lat": round(rng.uniform(36.0, 69.0), 4),
            "lon": round(rng.uniform(-5.0, 44.0), 4),
        },
        "fields": rng.sample(field_ids, rng.randint(1, 4)),
    }
    if rng.random() < 0.3:
        region = names.make(country)
        entry["region"] = _text(
            f"{region.en} region", f"{region.lv_gen} reģions", f"регион {region.ru}"
        )
    agreement: dict[str, Any] = {}
    if rng.random() < 0.85:
        year, _, _, signed = _date(rng, keep.first_year, keep.last_year - 1)
        agreement["signed"] = signed
        if rng.random() < 0.4:
            agreement["prolonged"] = _date(rng, year + 1, keep.last_year)[3]
    if previous is not None and rng.random() < 0.05:
        agreement["listed_with"] = [previous]
    if agreement:
        entry["agreement"] = agreement
    if rng.random() < 0.5:
        entry["summary"] = _text(
            f"Rēzekne and {name.en} have exchanged delegations since the 1990s.",
            f"Rēzekne un {name.lv} apmainās ar delegācijām kopš 90. gadiem.",
            f"Резекне и {name.ru} обмениваются делегациями с 1990-х годов.",
        )
    return pid, name, entry


def _project(
    rng: random.Random,
    names: NameMaker,
    i: int,
    partners: list[tuple[str, Name, Any]],
    keep: Preserved,
) -> tuple[str, str, dict[str, Any]]:
    (t_en, t_lv, t_ru), k_en, k_lv, k_ru = rng.choice(keep.themes)
    members = rng.sample(partners, min(len(partners), rng.randint(1, 3)))
    a = members[0][1] if members else names.make(keep.countries[0])
    acronym = names.make(rng.choice(keep.countries)).ascii.upper()
    title = _text(
        f"{acronym}: {t_en} in {a.en} and Rēzekne",
        f"{acronym}: {t_lv} {a.lv_loc} un Rēzeknē",
        f"{acronym}: {t_ru} в {a.ru_prep} и Резекне",
    )
    first_year, _, _, start = _date(rng, 1998, 2022)
    pid = f"{acronym.lower()[:30]}_{i}"
    entry: dict[str, Any] = {
        "id": pid,
        "title": title,
        "original_title": title["en"].upper(),
        "partners": [m[0] for m in members],
        "start": start,
        "keywords": {"en": list(k_en), "lv": list(k_lv), "ru": list(k_ru), "other": [acronym]},
        "about": _text(
            f"A joint project with {a.en} on {t_en.lower()}.",
            f"Kopīgs projekts ar {a.lv_acc} par tēmu: {t_lv.lower()}.",
            f"Совместный проект с {a.ru_instr}: {t_ru.lower()}.",
        ),
    }
    if rng.random() < 0.8:
        entry["end"] = _date(rng, first_year + 1, first_year + 4)[3]
    return pid, acronym, entry


def _event(
    rng: random.Random, names: NameMaker, i: int, keep: Preserved
) -> tuple[str, Name, dict[str, Any]]:
    country = rng.choice(keep.countries)
    place = names.make(country)
    f_en, f_lv, f_ru = rng.choice(FESTIVALS)
    year = rng.randint(2000, 2024)
    eid = f"{place.ascii.lower()[:24]}_{year}_{i}"
    entry: dict[str, Any] = {
        "id": eid,
        "name": _text(
            f"{f_en} in {place.en}", f"{f_lv} {place.lv_loc}", f"{f_ru} в {place.ru_prep}"
        ),
        "keywords": {
            "en": [f_en.split()[-1].lower(), place.en],
            "lv": [f_lv.split()[-1].lower(), place.lv, *place.lv_forms],
            "ru": [f_ru.split()[-1].lower(), place.ru, *place.ru_forms],
        },
        "country": country,
        "place": _text(place.en, place.lv, place.ru),
        "date": _date(rng, year, year)[3],
        "about": _text(
            f"A delegation of Rēzekne Municipality took part in the {f_en.lower()}.",
            f"Rēzeknes novada delegācija piedalījās pasākumā: {f_lv.lower()}.",
            f"Делегация Резекненского края участвовала: {f_ru.lower()}.",
        ),
    }
    if rng.random() < 0.6:
        entry["duration_days"] = rng.randint(1, 5)
    if rng.random() < 0.5:
        entry["delegation_size"] = rng.randint(3, 60)
    if rng.random() < 0.3:
        entry["countries_count"] = rng.randint(2, 20)
    return eid, place, entry


def write_knowledge(
    directory: Path, n: int, seed: int = 2011, shipped: Path = SHIPPED_KNOWLEDGE
) -> Generated:
    """Write a knowledge directory of `n` entities; returns what was generated."""
    directory.mkdir(parents=True, exist_ok=True)
    docs, generated = generate(n, seed, shipped)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for kind in ("partners", "projects", "events"):
        text = yaml.dump(
            {kind: docs[kind]}, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120
        )
        (directory / f"{kind}.yaml").write_text(text, encoding="utf-8")
    for name in ("fields.yaml", "countries.yaml", "media.yaml", "faq.yaml"):
        if (shipped / name).is_file():
            shutil.copyfile(shipped / name, directory / name)
    return generated


def _typo(word: str, rng: random.Random) -> str:
    """The word with two neighbouring letters swapped (not the first one)."""
    at = rng.randint(1, len(word) - 3)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _year(value: Any) -> str:
    return str(value)[:4]


def cases(generated: Generated, count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Evaluation cases (score.py's format) about generated entities, in three languages."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []

    def add(q: str, lang: str | None, expect: list[list[str]], kind: str) -> None:
        out.append(
            {
                "q": q,
                "lang": lang,
                "answered": True,
                "expect": expect,
                "forbid": [],
                "after": None,
                "kind": kind,
                "source": "synthetic",
            }
        )

    per_kind = max(1, count // 3)
    for _, name, entry in rng.sample(generated.partners, min(per_kind, len(generated.partners))):
        signed = entry.get("agreement", {}).get("signed")
        q, lang = rng.choice(
            (
                (f"Tell me about {name.en}", "en"),
                (f"what about {name.ascii.lower()}", "en"),
                (f"{_typo(name.ascii, rng)} partnership", "en"),
                (f"Pastāsti par {name.lv_acc}", "lv"),
                (f"Расскажи про {name.ru_acc}", "ru"),
                (f"Что у нас с {name.ru_instr}?", "ru"),
            )
        )
        expect = [name.stems()]
        if signed is not None and rng.random() < 0.5:
            q = {
                "en": f"When was the agreement with {name.en} signed?",
                "lv": f"Kad noslēgts līgums ar {name.lv_acc}?",
                "ru": f"Когда подписан договор с {name.ru_instr}?",
            }[lang]
            expect.append([_year(signed)])
        add(q, lang, expect, "partner")
    for _, acronym, entry in rng.sample(generated.projects, min(per_kind, len(generated.projects))):
        lang = rng.choice(("en", "lv", "ru"))
        q = {
            "en": f"When did the {acronym} project start?",
            "lv": f"Kad sākās projekts {acronym}?",
            "ru": f"Когда начался проект {acronym}?",
        }[lang]
        add(q, lang, [[acronym.casefold()], [_year(entry["start"])]], "project")
    for _, place, entry in rng.sample(generated.events, min(per_kind, len(generated.events))):
        lang = rng.choice(("en", "lv", "ru"))
        q = {
            "en": f"When was the festival in {place.en}?",
            "lv": f"Kad notika festivāls {place.lv_loc}?",
            "ru": f"Когда был фестиваль в {place.ru_prep}?",
        }[lang]
        add(q, lang, [place.stems(), [_year(entry["date"])]], "event")
    return out
