"""The questions the benchmarks ask, and judging the replies exactly as tests/eval/score.py does.

A case is score.py's dict (q, lang, answered, expect, forbid) plus `after` (the previous
question of a follow-up, asked first in the same chat) and `source` ("eval" or "synthetic").
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "tests" / "eval" / "questions.yaml"

Case = dict[str, Any]


@cache
def scorer() -> ModuleType:
    """tests/eval/score.py, the shared scorer (its `load`, `judge` and `guess_lang`)."""
    path = str(ROOT / "tests" / "eval")
    if path not in sys.path:
        sys.path.insert(0, path)
    import score

    module: ModuleType = score
    return module


def eval_cases(path: Path = EVAL_SET, limit: int | None = None) -> list[Case]:
    """The evaluation set, with each follow-up's previous question under `after`."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    loaded: list[Case] = scorer().load(path)
    out = []
    for case, extra in zip(loaded, raw, strict=True):
        after = extra.get("after")
        out.append(
            {
                **case,
                "after": str(after) if after else None,
                "kind": str(extra.get("kind", "?")),
                "source": "eval",
            }
        )
    if limit is not None and limit < len(out):
        step = len(out) / limit  # an even spread over the kinds of question
        out = [out[int(i * step)] for i in range(limit)]
    return out


def judge(case: Case, reply: dict[str, Any]) -> bool:
    """True when score.py would count the reply as correct."""
    why, _ = scorer().judge(case, reply)
    return not why


def accuracy(cases: list[Case], correct: list[bool]) -> dict[str, Any]:
    """Overall accuracy and accuracy per source (eval / synthetic)."""
    out: dict[str, Any] = {"n": len(cases), "correct": sum(correct)}
    out["accuracy"] = out["correct"] / len(cases) if cases else 0.0
    for source in sorted({c["source"] for c in cases}):
        picked = [ok for c, ok in zip(cases, correct, strict=True) if c["source"] == source]
        out[f"accuracy_{source}"] = sum(picked) / len(picked)
        out[f"n_{source}"] = len(picked)
    return out
