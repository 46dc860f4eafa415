"""Start-up to the first answer, and peak RSS, each in a fresh `python -c` process.

The parent takes the wall clock just before it starts the child and passes it on; the child
imports the engine, loads and validates the knowledge base, builds the Engine, answers one
question and renders it, then reports the time since it was started (interpreter start-up
included), the phases, and its own peak RSS (VmHWM; ru_maxrss is inherited from the parent
across fork and exec on Linux, so it would report the benchmark's own size). The second child
answers the whole evaluation set, for the peak RSS of a realistic run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.cases import ROOT
from benchmarks.stats import median

FIRST_QUESTION = "Kad noslēgts līgums ar Biržiem?"

CHILD = """
import json, resource, sys, time
def peak_rss_mb():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0, kb_dir, mode, question = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
started = time.time()
from bot.engine import Engine
from bot.knowledge import load_knowledge
from bot.render import render_html
imported = time.time()
kb = load_knowledge(kb_dir)
loaded = time.time()
engine = Engine(kb)
built = time.time()
municipality = {"lv": "Rēzeknes novada pašvaldība", "ru": "Резекненский край",
                "en": "Rēzekne Municipality"}
html = render_html(engine.ask(question, chat="1"), kb, municipality)
answered = time.time()
asked = 0
if mode == "eval":
    import yaml
    with open(sys.argv[5], encoding="utf-8") as f:
        cases = yaml.safe_load(f)["cases"]
    for n, case in enumerate(cases):
        chat = f"eval-{n}"
        if case.get("after"):
            engine.ask(str(case["after"]), chat=chat)
        render_html(engine.ask(str(case["q"]), chat=chat), kb, municipality)
        asked += 1
print(json.dumps({
    "first_answer_s": answered - t0,
    "interpreter_s": started - t0,
    "imports_s": imported - started,
    "load_s": loaded - imported,
    "engine_s": built - loaded,
    "answer_s": answered - built,
    "answered_chars": len(html),
    "asked": asked,
    "peak_rss_mb": peak_rss_mb(),
}))
"""


def _child(kb_dir: Path, mode: str, eval_set: Path) -> dict[str, Any]:
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, repr(t0), str(kb_dir), mode, FIRST_QUESTION, str(eval_set)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"start-up child failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(kb_dir: Path, eval_set: Path, runs: int = 5) -> dict[str, Any]:
    """Median start-up (and its phases) over `runs` fresh processes; peak RSS of each kind."""
    samples = [_child(kb_dir, "first", eval_set) for _ in range(runs)]
    eval_run = _child(kb_dir, "eval", eval_set)
    phases = ("first_answer_s", "interpreter_s", "imports_s", "load_s", "engine_s", "answer_s")
    out: dict[str, Any] = {key: median([s[key] for s in samples]) for key in phases}
    out["runs"] = runs
    out["first_answer_max_s"] = max(s["first_answer_s"] for s in samples)
    out["peak_rss_mb"] = max(s["peak_rss_mb"] for s in samples)
    out["eval_run_peak_rss_mb"] = eval_run["peak_rss_mb"]
    out["eval_run_questions"] = eval_run["asked"]
    return out
