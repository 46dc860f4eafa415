"""Answer quality on the evaluation sets, judged exactly as the shared scorer judges.

`tests/eval/sample.yaml` (the shared sample) must score 100%; our own, larger set
`tests/eval/questions.yaml` and `tests/eval/holdout.yaml` (written later, independently of
the engine, to measure how it generalises) must stay above their floor. Follow-up cases
(`after:`) are asked in
one chat right after their previous question. Run `pytest tests/test_eval.py -s` to see the
figures per language and per kind of question.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.engine import Engine
from bot.knowledge import load_knowledge
from bot.render import render_text

EVAL = Path(__file__).resolve().parent / "eval"
sys.path.insert(0, str(EVAL))
import score  # noqa: E402  (the shared scorer, copied: the same folding and judging)

MUNICIPALITY = {"lv": "Rēzeknes novada pašvaldība", "ru": "Резекненский край",
                "en": "Rēzekne Municipality"}  # fmt: skip
OWN_SET_FLOOR = 0.95
LANG_FLOOR = 0.95


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(Path(__file__).resolve().parent.parent / "knowledge"))


def _run(engine: Engine, path: Path) -> list[tuple[dict[str, Any], dict[str, Any], list[str]]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    cases = score.load(path)
    results = []
    for n, (case, extra) in enumerate(zip(cases, raw, strict=True)):
        chat = f"{path.stem}-{n}"
        if extra.get("after"):
            engine.ask(str(extra["after"]), chat=chat)
        answer = engine.ask(case["q"], chat=chat)
        reply = {
            "answered": answer.answered,
            "lang": answer.lang,
            "text": render_text(answer, engine.kb, MUNICIPALITY),
        }
        why, _ = score.judge(case, reply)
        case = {
            **case,
            "kind": extra.get("kind", "?"),
            "key": case["lang"] or score.guess_lang(case["q"]),
        }
        results.append((case, reply, why))
    return results


def _report(name: str, results: list[tuple[dict[str, Any], dict[str, Any], list[str]]]) -> str:
    by: dict[str, dict[str, list[int]]] = {
        "lang": defaultdict(lambda: [0, 0]),
        "kind": defaultdict(lambda: [0, 0]),
    }
    for case, _, why in results:
        for axis in ("lang", "kind"):
            key = case["key"] if axis == "lang" else case["kind"]
            by[axis][key][0] += not why
            by[axis][key][1] += 1
    ok = sum(not why for _, _, why in results)
    lines = [f"{name}: accuracy {ok / len(results):.3f} ({ok}/{len(results)})"]
    for axis, table in by.items():
        lines.append(
            f"  per {axis}: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(table.items()))
        )
    fails = [
        f"  FAIL [{c['key']}/{c['kind']}] {c['q']!r}: {', '.join(w)}\n       -> {r['text'][:200]!r}"
        for c, r, w in results
        if w
    ]
    return "\n".join(lines + fails[:40])


def test_shared_sample_scores_100_percent(engine: Engine) -> None:
    results = _run(engine, EVAL / "sample.yaml")
    report = _report("sample", results)
    print(report)
    assert all(not why for _, _, why in results), report


@pytest.mark.parametrize("name", ["questions", "holdout", "blind", "blind2"])
def test_own_evaluation_sets_meet_their_floor(engine: Engine, name: str) -> None:
    results = _run(engine, EVAL / f"{name}.yaml")
    assert len(results) >= 200
    report = _report(name, results)
    print(report)
    accuracy = sum(not why for _, _, why in results) / len(results)
    assert accuracy >= OWN_SET_FLOOR, report
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, _, why in results:
        per_lang[case["key"]][0] += not why
        per_lang[case["key"]][1] += 1
    for lang, (ok, n) in per_lang.items():
        assert ok / n >= LANG_FLOOR, f"{lang}: {ok}/{n}\n{report}"
    declined = [(c, w) for c, _, w in results if c["answered"] is False]
    assert sum(not w for _, w in declined) / len(declined) >= 0.95, report
