"""The whole benchmark run: engine at each size, start-up, end to end; then the report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import e2e_bench, engine_bench, report, startup, synthetic
from benchmarks.cases import EVAL_SET, ROOT, eval_cases
from benchmarks.machine import describe

RESULTS = Path(__file__).resolve().parent / "results"
README = ROOT / "README.md"


@dataclass(frozen=True)
class Plan:
    """How much to measure: the full run, or --quick for CI."""

    quick: bool
    sizes: tuple[int, ...]
    eval_limit: int | None
    synthetic_cases: int
    cold_rounds: int
    warm_rounds: int
    budget_s: float
    startup_runs: int
    users: int
    questions: int
    light_users: int
    limited_questions: int
    saturated_runs: int
    e2e: bool
    profile_dir: Path | None


def plan_from(args: argparse.Namespace) -> Plan:
    quick = bool(args.quick)
    sizes = args.sizes if args.sizes is not None else ((300,) if quick else (1000, 10000))
    return Plan(
        quick=quick,
        sizes=tuple(sizes),
        eval_limit=60 if quick else None,
        synthetic_cases=30 if quick else 150,
        cold_rounds=1 if quick else 3,
        warm_rounds=1 if quick else 3,
        budget_s=10.0 if quick else 90.0,
        startup_runs=1 if quick else 5,
        users=args.users if args.users is not None else (5 if quick else 200),
        questions=args.questions if args.questions is not None else (60 if quick else 2000),
        light_users=2 if quick else 10,
        limited_questions=20 if quick else 300,
        saturated_runs=1 if quick else 3,
        e2e=not args.no_e2e,
        profile_dir=(RESULTS / "profiles") if args.profile else None,
    )


def _load_average() -> float | None:
    """The 1-minute load average: other work on the machine makes figures noisy."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(plan: Plan, command: str) -> dict[str, Any]:
    started = time.perf_counter()
    result: dict[str, Any] = {
        "command": command,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": plan.quick,
        "machine": {**describe(), "load_average_at_start": _load_average()},
        "targets": report.TARGETS,
        "plan": {
            "sizes": list(plan.sizes),
            "cold_rounds": plan.cold_rounds,
            "warm_rounds": plan.warm_rounds,
            "users": plan.users,
            "questions": plan.questions,
            "limited_questions": plan.limited_questions,
            "saturated_runs": plan.saturated_runs,
        },
        "engine": {},
    }
    questions = eval_cases(limit=plan.eval_limit)

    _say(f"engine: shipped knowledge base, {len(questions)} questions")
    result["engine"]["shipped"] = engine_bench.run_in_subprocess(
        ROOT / "knowledge",
        questions,
        cold_rounds=plan.cold_rounds,
        warm_rounds=plan.warm_rounds,
        budget_s=plan.budget_s,
        profile_dir=plan.profile_dir,
        label="shipped",
    )
    for size in plan.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-kb-{size}-") as tmp:
            generated_at = time.perf_counter()
            generated = synthetic.write_knowledge(Path(tmp), size)
            generation_s = time.perf_counter() - generated_at
            cases = questions + synthetic.cases(generated, plan.synthetic_cases)
            _say(f"engine: synthetic knowledge base of {size:,} entities, {len(cases)} questions")
            measured = engine_bench.run_in_subprocess(
                Path(tmp),
                cases,
                cold_rounds=plan.cold_rounds,
                warm_rounds=plan.warm_rounds,
                budget_s=plan.budget_s,
                profile_dir=plan.profile_dir,
                label=f"n{size}",
            )
        measured["generation_s"] = generation_s
        result["engine"][str(size)] = measured

    _say("start-up: fresh processes")
    result["startup"] = startup.measure(ROOT / "knowledge", EVAL_SET, runs=plan.startup_runs)

    reason = e2e_bench.available() if plan.e2e else "--no-e2e was given"
    if reason is None:
        _say(f"end to end: {plan.users} users, {plan.questions} questions")
        runs = e2e_bench.sessions(
            plan.users,
            plan.questions,
            plan.light_users,
            plan.limited_questions,
            plan.saturated_runs,
        )
        stream = [c["q"] for c in eval_cases()]
        result["e2e"] = e2e_bench.measure(stream, runs, profile_dir=plan.profile_dir)
    else:
        _say(f"end to end: skipped ({reason})")
        result["e2e"] = {"skipped": reason}
    result["machine"]["load_average_at_end"] = _load_average()
    result["verdicts"] = report.verdicts(result)
    result["duration_s"] = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmarks of the twinning bot: engine latency at several knowledge-base "
        "sizes against a rapidfuzz baseline, load time, start-up, memory and end-to-end "
        "throughput through the real Telegram application. Prints a table, writes JSON.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, few questions (CI)")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(s) for s in text.split(",") if s.strip()),
        help="synthetic knowledge-base sizes in entities (default: 1000,10000)",
    )
    parser.add_argument("--json", type=Path, help="where to write the results")
    parser.add_argument("--users", type=int, help="end to end: users asking at once")
    parser.add_argument("--questions", type=int, help="end to end: questions in all")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end part")
    parser.add_argument(
        "--profile", action="store_true", help="also write cProfile reports to results/profiles"
    )
    args = parser.parse_args(argv)
    plan = plan_from(args)
    shown = ["python", "-m", "benchmarks", *(sys.argv[1:] if argv is None else argv)]
    result = run(plan, shlex.join(shown))
    table = report.table(result)
    print(table)
    path = args.json or RESULTS / ("quick.json" if args.quick else "latest.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    path.with_suffix(".md").write_text(report.markdown(result, table), encoding="utf-8")
    _say(f"wrote {path} and {path.with_suffix('.md')}")
    if path == RESULTS / "latest.json" and not args.quick:  # the report kept: README too
        if report.update_readme(README, report.summary(result)):
            _say(f"updated the figures in {README} (between its benchmark markers)")
        else:
            _say(f"{README} has no benchmark markers: its figures were left as they were")
    return 0
