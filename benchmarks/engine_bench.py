"""Engine latency, knowledge-base load time and the rapidfuzz baseline, for one knowledge base.

Each knowledge base is measured in a fresh process (`python -m benchmarks.engine_bench`), so
peak RSS, the caches and the garbage collector's heap belong to that size alone. In that
process, for the same questions:

* load: `load_knowledge(dir)` (read + validate), then `Engine(kb)` (build the vocabulary);
* ours, cold: each question asked once after a fresh vocabulary (its word cache empty),
  repeated `cold_rounds` times; this is the figure held against the targets;
* ours, warm: the same questions again on the warmed engine;
* render: `render_html` of each answer (what the bot sends);
* baseline: rapidfuzz `process.extractOne(question, every name/alias/keyword, WRatio)`;
* accuracy of both, judged by tests/eval/score.py.

Peak RSS is measured apart, in another fresh process (`serving`): the bot's own life at that
size, one load and one build, every question answered once (the figure held against the
target), then a reload while it serves (the old snapshot is held until the new one is
built, as `Engine.kb` does). The timing loops above load and build several times over, so
their process's peak is reported too, but it is not the bot's.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process, utils

from benchmarks.cases import ROOT, Case, accuracy, judge, scorer
from benchmarks.stats import median, peak_rss_mb, summarise
from bot.engine import Engine
from bot.engine.text import fold
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge.loader import forget_validated
from bot.render import html_to_text, render_html

MUNICIPALITY = {"lv": "Rēzeknes novada pašvaldība", "ru": "Резекненский край",
                "en": "Rēzekne Municipality"}  # fmt: skip
BASELINE_MIN_SCORE = 60  # as tests/eval/score.py --baseline
SERVING_RUNS = 3  # fresh processes measuring a bot's peak RSS; the median is reported


class Baseline:
    """The obvious retrieval: the entity whose name, alias or keyword best matches (WRatio)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.choices: list[str] = []
        self.owners: list[Any] = []
        for p in kb.partners.values():
            self._add(p, [*p.name.values(), p.local_name, *p.aliases.all()])
        for pr in kb.projects.values():
            self._add(pr, [*pr.title.values(), pr.original_title, *pr.keywords.all()])
        for ev in kb.events.values():
            self._add(ev, [*ev.name.values(), *ev.place.values(), *ev.keywords.all()])
        for m in kb.media.values():
            self._add(m, [*m.title.values(), m.original_title, *m.keywords.all()])

    def _add(self, entity: Any, names: list[str]) -> None:
        for name in dict.fromkeys(names):
            self.choices.append(utils.default_process(fold(name)))
            self.owners.append(entity)

    def match(self, question: str) -> tuple[Any, float]:
        best = process.extractOne(
            utils.default_process(fold(question)), self.choices, scorer=fuzz.WRatio
        )
        if best is None:
            return None, 0.0
        return self.owners[best[2]], float(best[1])

    def reply(self, question: str, entity: Any, score: float) -> dict[str, Any]:
        """Like score.py --baseline: the matched entry's whole record, if the score is ≥ 60."""
        answered = entity is not None and score >= BASELINE_MIN_SCORE
        text = (
            yaml.safe_dump(entity.model_dump(mode="json"), allow_unicode=True) if answered else ""
        )
        return {"answered": answered, "lang": scorer().guess_lang(question), "text": text}


class _GcPauses:
    """A gc callback: how long each collection took (full ones, generation 2, apart)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.full: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        took = time.perf_counter() - self._started
        self.seconds.append(took)
        if info.get("generation") == 2:
            self.full.append(took)


def _timed_load(kb_dir: Path, budget_s: float) -> tuple[KnowledgeBase, dict[str, Any]]:
    """Load repeatedly (at most 5 times, within the budget); the first load is kept apart."""
    runs: list[float] = []
    kb: KnowledgeBase | None = None
    spent = 0.0
    while len(runs) < 5 and (not runs or spent + runs[-1] < budget_s):
        kb = None  # one knowledge base at a time, as a fresh start has
        forget_validated()  # each load cold: no file taken as it was read before
        started = time.perf_counter()
        kb = load_knowledge(kb_dir)
        runs.append(time.perf_counter() - started)
        spent += runs[-1]
    assert kb is not None
    later = runs[1:] or runs
    return kb, {"first_s": runs[0], "median_s": median(later), "runs": len(runs)}


def _timed_build(kb: KnowledgeBase, budget_s: float) -> tuple[Engine, dict[str, Any]]:
    runs: list[float] = []
    engine: Engine | None = None
    while len(runs) < 5 and (not runs or sum(runs) + runs[-1] < budget_s):
        # Each build as for a new snapshot: the tables the engine derives from it once
        # (bot/engine/snapshot.py) are made again, as a reload makes them. One engine at a
        # time, as at a start (a reload's figure, the old engine still held, is the
        # serving process's).
        engine = None
        kb.memo.clear()
        started = time.perf_counter()
        engine = Engine(kb)
        runs.append(time.perf_counter() - started)
    assert engine is not None
    return engine, {"first_s": runs[0], "median_s": median(runs[1:] or runs), "runs": len(runs)}


@dataclass
class Round:
    """One pass over the questions: seconds per question (wall and CPU), render seconds."""

    asks: list[float] = field(default_factory=list)
    asks_cpu: list[float] = field(default_factory=list)  # thread CPU: robust to a busy machine
    renders: list[float] = field(default_factory=list)
    correct: list[bool] = field(default_factory=list)


def _ask_round(
    engine: Engine, cases: list[Case], tag: str, *, judge_replies: bool = False
) -> Round:
    """Ask every case once (a follow-up after its previous question, in the same chat)."""
    out = Round()
    wall, cpu = time.perf_counter, time.thread_time
    for n, case in enumerate(cases):
        chat = f"{tag}-{n}"
        if case["after"]:
            engine.ask(case["after"], chat=chat)
        started, started_cpu = wall(), cpu()
        answer = engine.ask(case["q"], chat=chat)
        asked, asked_cpu = wall(), cpu()
        html = render_html(answer, engine.kb, MUNICIPALITY)
        out.renders.append(wall() - asked)
        out.asks.append(asked - started)
        out.asks_cpu.append(asked_cpu - started_cpu)
        if judge_replies:
            reply = {"answered": answer.answered, "lang": answer.lang, "text": html_to_text(html)}
            out.correct.append(judge(case, reply))
    return out


def measure(
    kb_dir: Path,
    cases: list[Case],
    *,
    cold_rounds: int = 3,
    warm_rounds: int = 3,
    budget_s: float = 60.0,
    profile_dir: Path | None = None,
    label: str = "kb",
) -> dict[str, Any]:
    """Every engine-side figure for the knowledge base in `kb_dir` (see the module docstring)."""
    kb, load = _timed_load(kb_dir, budget_s / 4)
    engine, build = _timed_build(kb, budget_s / 4)
    gc.collect()
    pauses = _GcPauses()
    gc.callbacks.append(pauses)

    cold = Round()
    slowest: list[tuple[float, str]] = []
    spent = time.perf_counter()
    for r in range(cold_rounds):
        if r:
            if time.perf_counter() - spent > budget_s:
                break
            gc.callbacks.remove(pauses)  # rebuilding is not asking
            engine.kb = kb  # a fresh vocabulary: its word cache starts empty
            gc.callbacks.append(pauses)
        done = _ask_round(engine, cases, f"cold{r}", judge_replies=r == 0)
        cold.asks += done.asks
        cold.asks_cpu += done.asks_cpu
        cold.renders += done.renders
        if r == 0:
            cold.correct = done.correct
            questions = (c["q"] for c in cases)
            slowest = sorted(zip(done.asks, questions, strict=True), reverse=True)[:5]
    warm: list[float] = []
    for r in range(warm_rounds):
        warm += _ask_round(engine, cases, f"warm{r}").asks
    gc.callbacks.remove(pauses)

    baseline = Baseline(kb)
    base_times: list[float] = []
    base_correct: list[bool] = []
    spent = time.perf_counter()
    for r in range(max(1, cold_rounds)):
        if r and time.perf_counter() - spent > budget_s / 2:
            break
        for case in cases:
            started = time.perf_counter()
            entity, score = baseline.match(case["q"])
            base_times.append(time.perf_counter() - started)
            if r == 0:
                base_correct.append(judge(case, baseline.reply(case["q"], entity, score)))

    profiles: dict[str, str] = {}
    if profile_dir is not None:
        profiles = _profile(kb_dir, kb, cases, profile_dir, label)

    correct = cold.correct
    ours = {
        "cold": summarise(cold.asks),
        "cold_cpu": summarise(cold.asks_cpu),
        "warm": summarise(warm),
        "render": summarise(cold.renders),
        **accuracy(cases, correct),
        "slowest": [{"q": q, "ms": s * 1000} for s, q in slowest],
        "failures": [
            {"q": c["q"], "source": c["source"], "kind": c.get("kind", "?")}
            for c, ok in zip(cases, correct, strict=True)
            if not ok
        ][:30],
    }
    base = {"latency": summarise(base_times), "choices": len(baseline.choices)}
    base.update(accuracy(cases, base_correct))
    return {
        "entities": kb.entry_count(),
        "partners": len(kb.partners),
        "projects": len(kb.projects),
        "events": len(kb.events),
        "yaml_bytes": sum(p.stat().st_size for p in kb_dir.glob("*.yaml")),
        "load": load,
        "engine_build": build,
        "ours": ours,
        "baseline": base,
        "peak_rss_mb": peak_rss_mb(),
        "gc": {
            "tracked_objects": len(gc.get_objects()),
            "collections_while_asking": len(pauses.seconds),
            "full_collections_while_asking": len(pauses.full),
            "longest_full_collection_ms": max(pauses.full, default=0.0) * 1000,
        },
        "profiles": profiles,
    }


def serving(kb_dir: Path, cases: list[Case]) -> dict[str, float]:
    """Peak RSS of a bot at this size (run it in a fresh process): after one load, one build
    and every question answered once; then after staff edit events.yaml and the bot reloads
    while serving (the old snapshot serves until the new one is built), with that reload's
    time."""
    engine = Engine(load_knowledge(kb_dir))
    _ask_round(engine, cases, "serving")
    served = peak_rss_mb()
    with tempfile.TemporaryDirectory(prefix="bench-edited-") as tmp:
        edited = Path(tmp)  # a copy: the knowledge folder measured is never written to
        for path in kb_dir.glob("*.yaml"):
            shutil.copyfile(path, edited / path.name)
        events = edited / "events.yaml"
        events.write_text(events.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        started = time.perf_counter()
        engine.kb = load_knowledge(edited)
        reload_s = time.perf_counter() - started
    _ask_round(engine, cases[:50], "reloaded")
    return {"serving_peak_rss_mb": served, "reload_peak_rss_mb": peak_rss_mb(),
            "reload_s": reload_s}  # fmt: skip


def _profile(
    kb_dir: Path, kb: KnowledgeBase, cases: list[Case], out: Path, label: str
) -> dict[str, str]:
    """cProfile of one load and of one cold round; the top functions, saved as text."""
    out.mkdir(parents=True, exist_ok=True)
    saved: dict[str, str] = {}
    for what in ("load", "ask"):
        profiler = cProfile.Profile()
        if what == "load":
            forget_validated()
            profiler.runcall(load_knowledge, kb_dir)
        else:
            engine = Engine(kb)
            profiler.runcall(_ask_round, engine, cases, "profile")
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
        path = out / f"profile-{label}-{what}.txt"
        path.write_text(text.getvalue(), encoding="utf-8")
        profiler.dump_stats(str(path.with_suffix(".prof")))
        saved[what] = str(path)
    return saved


# --------------------------------------------------------------------------- process boundary


def run_in_subprocess(
    kb_dir: Path,
    cases: list[Case],
    *,
    cold_rounds: int,
    warm_rounds: int,
    budget_s: float,
    profile_dir: Path | None,
    label: str,
    timeout: float = 1800.0,
) -> dict[str, Any]:
    """`measure` in a fresh Python process; its result."""
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        cases_path, out_path = Path(tmp) / "cases.json", Path(tmp) / "result.json"
        cases_path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
        command = [
            sys.executable, "-m", "benchmarks.engine_bench", "--kb", str(kb_dir),
            "--cases", str(cases_path), "--out", str(out_path), "--label", label,
            "--cold-rounds", str(cold_rounds), "--warm-rounds", str(warm_rounds),
            "--budget", str(budget_s),
        ]  # fmt: skip
        if profile_dir is not None:
            command += ["--profile-dir", str(profile_dir)]
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"engine benchmark of {kb_dir} failed:\n{done.stderr[-4000:]}")
        result: dict[str, Any] = json.loads(out_path.read_text(encoding="utf-8"))
        command = [
            sys.executable, "-m", "benchmarks.engine_bench", "--kb", str(kb_dir),
            "--cases", str(cases_path), "--out", str(out_path), "--serving",
        ]  # fmt: skip
        # Three fresh processes: where each string's hash falls (random per process) moves
        # the peak by a few MB; the median is reported, with the three.
        served: list[dict[str, float]] = []
        for _ in range(SERVING_RUNS):
            done = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
            )
            if done.returncode != 0:
                raise RuntimeError(f"serving peak of {kb_dir} failed:\n{done.stderr[-4000:]}")
            served.append(json.loads(out_path.read_text(encoding="utf-8")))
        for key in ("serving_peak_rss_mb", "reload_peak_rss_mb", "reload_s"):
            result[key] = median([run[key] for run in served])
        result["serving_runs_mb"] = [run["serving_peak_rss_mb"] for run in served]
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--cases", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--label", default="kb")
    parser.add_argument("--cold-rounds", type=int, default=3)
    parser.add_argument("--warm-rounds", type=int, default=3)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--profile-dir", type=Path)
    parser.add_argument("--serving", action="store_true", help="only the bot's peak RSS")
    args = parser.parse_args(argv)
    cases = json.loads(args.cases.read_text(encoding="utf-8"))
    if args.serving:
        args.out.write_text(json.dumps(serving(args.kb, cases)), encoding="utf-8")
        return 0
    result = measure(
        args.kb,
        cases,
        cold_rounds=args.cold_rounds,
        warm_rounds=args.warm_rounds,
        budget_s=args.budget,
        profile_dir=args.profile_dir,
        label=args.label,
    )
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
