"""Print the README's answer-quality table: every evaluation set scored now, as the shared
scorer judges it (`python tests/eval/figures.py`). Copy its output, never type figures."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import test_eval as te

# What each set is, and its first run (scored once, when the set was written: the honest
# estimate for unseen questions; these are history, not re-computed).
SETS = {
    "sample": ("the shared sample", "—"),
    "questions": ("our main set: every kind, 3 languages, follow-ups", "89.4%"),
    "holdout": ("written later, blind to the engine", "95.0%"),
    "blind": ("blind: chatty, comparisons, yes/no, two-part", "92.9%"),
    "blind2": ("blind: short queries, unusual cases", "94.0%"),
    "blind3": ("blind: the sample's kind, inflections, typos, translit", "93.9%"),
    "blind4": ("blind: rambling, slangy, practical and precise users", "82.6%"),
    "gen2": ("blind: negations, superlatives, comparisons, translit, requests to act", "78.9%"),
    "gen3": ("blind: the shared sample's kind of question, after the rewrite", "99.0%"),
    "kb2": ("an invented second municipality, its own knowledge base", "72.9%"),
    "kb3": ("a third invented municipality (Japanese, Armenian names ...)", "94.9%"),
    "kb4": ("a fourth (Georgian, Greek, Korean names, new fields)", "88.4%"),
    "kb5": ("a fifth, dense: 22 partners, look-alike names", "93.9%"),
}


def main() -> None:
    print("| set | questions | what it is | accuracy now | first run |")
    print("|---|---|---|---|---|")
    for name, (what, first) in SETS.items():
        engine, municipality = te._engine_for(name)
        results = te._run(engine, te.EVAL / f"{name}.yaml", municipality)
        ok = sum(not why for _, _, why in results)
        print(f"| `{name}` | {len(results)} | {what} | {ok / len(results):.1%} | {first} |")


if __name__ == "__main__":
    main()
