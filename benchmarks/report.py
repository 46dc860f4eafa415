"""The results as a table for the terminal (and Markdown), and the verdict on each target."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TARGETS: dict[str, float] = {
    "engine_p99_shipped_ms": 2.0,
    "engine_p99_10000_ms": 5.0,
    "engine_max_10000_ms": 20.0,
    "load_build_10000_s": 1.5,
    "peak_rss_10000_mb": 150.0,
    "e2e_answered_per_s": 500.0,
    "startup_first_answer_s": 1.5,
    "peak_rss_shipped_mb": 120.0,
}
README_START, README_END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"


ENGINE_HEADERS = [
    "knowledge base", "entities", "questions", "load+validate", "engine build", "p50", "p99",
    "p99 CPU", "warm p99", "render p99", "base p50", "base p99", "p50 ratio", "p99 ratio",
    "accuracy", "base acc", "peak RSS",
]  # fmt: skip
E2E_HEADERS = [
    "run", "rate limiter", "users", "answered", "throughput", "p50", "p99", "first reply",
    "bot CPU", "fake CPU", "bot RSS", "rejected",
]  # fmt: skip


def _grid(headers: list[str], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> str:
    """A plain-text table; the columns in `left` are aligned left, the others right."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def _s(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ratio(ours: float, base: float) -> str:
    return f"{ours / base:.3f}×" if base > 0 else "-"


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _spread(run: dict[str, Any]) -> str:
    """How the repeated saturated runs spread: median of n (min-max)."""
    each = run.get("runs_qps") or [run.get("throughput_qps", 0.0)]
    if len(each) == 1:
        return "one run"
    return (
        f"median of {len(each)} runs ({min(each):.0f}–{max(each):.0f}/s: "
        + ", ".join(f"{q:.0f}" for q in each)
        + ")"
    )


def verdicts(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue, the measured value and whether it is met (None: not measured)."""
    engine = result.get("engine", {})
    e2e = result.get("e2e", {})
    startup = result.get("startup", {})
    out: list[dict[str, Any]] = []

    def add(name: str, target: str, value: float | None, unit: str, ok: bool | None,
            note: str = "") -> None:  # fmt: skip
        out.append(
            {"name": name, "target": target, "value": value, "unit": unit, "ok": ok, "note": note}
        )

    def at_most(value: float | None, limit: float) -> bool | None:
        return None if value is None else value <= limit

    shipped = engine.get("shipped", {}).get("ours", {}).get("cold", {}).get("p99_ms")
    limit = TARGETS["engine_p99_shipped_ms"]
    cold = "cold: each question once per fresh vocabulary"
    add("engine p99, shipped KB", f"≤ {limit:g} ms", shipped, "ms", at_most(shipped, limit), cold)
    n10k = engine.get("10000", {})
    big = n10k.get("ours", {}).get("cold", {}).get("p99_ms")
    limit = TARGETS["engine_p99_10000_ms"]
    note = cold if big is not None else "size not measured"
    add("engine p99, 10,000 entities", f"≤ {limit:g} ms", big, "ms", at_most(big, limit), note)
    worst = n10k.get("ours", {}).get("cold", {}).get("max_ms")
    limit = TARGETS["engine_max_10000_ms"]
    gc_ = n10k.get("gc", {})
    note = (
        f"{gc_.get('full_collections_while_asking', 0)} full collections while asking"
        if worst is not None
        else "size not measured"
    )
    add("engine max, 10,000 entities", f"≤ {limit:g} ms", worst, "ms", at_most(worst, limit), note)
    load, build = n10k.get("load", {}), n10k.get("engine_build", {})
    both = load["median_s"] + build["median_s"] if load and build else None
    limit = TARGETS["load_build_10000_s"]
    note = (
        f"median of later runs; first run {load['first_s']:.2f} + {build['first_s']:.2f} s"
        if both is not None
        else "size not measured"
    )
    add("read + validate + build, 10,000 entities", f"≤ {limit:g} s", both, "s",
        at_most(both, limit), note)  # fmt: skip
    rss = n10k.get("serving_peak_rss_mb")
    limit = TARGETS["peak_rss_10000_mb"]
    note = (
        "loaded, built, every question answered, in a fresh process: median of "
        + ", ".join(f"{v:.0f}" for v in n10k.get("serving_runs_mb", [rss]))
        + f" MB; {n10k['reload_peak_rss_mb']:.0f} MB after an edit reloads while serving "
        "(old and new snapshot held at once)"
        if rss is not None
        else "size not measured"
    )
    add("peak RSS, 10,000 entities", f"≤ {limit:g} MB", rss, "MB", at_most(rss, limit), note)

    saturated = e2e.get("saturated", {})
    lifted = saturated.get("throughput_qps")
    capped = e2e.get("shipped_limiter", {}).get("throughput_qps")
    limit = TARGETS["e2e_answered_per_s"]
    note = "rate limiter lifted" if lifted is not None else str(e2e.get("skipped", ""))
    if lifted is not None:
        note += "; " + _spread(saturated)
    if capped is not None:
        note += f"; with the shipped AIORateLimiter (30 msg/s overall): {capped:.0f}/s"
    met = None if lifted is None else lifted >= limit
    add("answered questions per second, end to end", f"≥ {limit:g}/s", lifted, "/s", met, note)

    first = startup.get("first_answer_s")
    limit = TARGETS["startup_first_answer_s"]
    note = "fresh process, median"
    add("start-up to first answer", f"≤ {limit:g} s", first, "s", at_most(first, limit), note)

    rss = [
        startup.get("eval_run_peak_rss_mb"),
        *(run.get("bot_peak_rss_mb") for run in e2e.values() if isinstance(run, dict)),
    ]
    known = [r for r in rss if r is not None]
    peak = max(known) if known else None
    limit = TARGETS["peak_rss_shipped_mb"]
    note = "largest of the eval-set run and the running bot"
    add("peak RSS, shipped KB", f"≤ {limit:g} MB", peak, "MB", at_most(peak, limit), note)

    worse = [
        label
        for label, measured in engine.items()
        if measured["ours"]["accuracy"] < measured["baseline"]["accuracy"]
    ]
    note = f"worse at {', '.join(worse)}" if worse else "at every size measured"
    add("accuracy: ours ≥ baseline", "≥ baseline", None, "", not worse and bool(engine), note)
    return out


def _engine_rows(engine: dict[str, Any]) -> list[list[str]]:
    rows = []
    for label, m in engine.items():
        ours, base = m["ours"], m["baseline"]
        name = "shipped" if label == "shipped" else f"synthetic {int(label):,}"
        rows.append(
            [
                name,
                f"{m['entities']:,}",
                str(ours["n"]),
                _s(m["load"]["median_s"]),
                _s(m["engine_build"]["median_s"]),
                _ms(ours["cold"]["p50_ms"]),
                _ms(ours["cold"]["p99_ms"]),
                _ms(ours["cold_cpu"]["p99_ms"]),
                _ms(ours["warm"]["p99_ms"]),
                _ms(ours["render"]["p99_ms"]),
                _ms(base["latency"]["p50_ms"]),
                _ms(base["latency"]["p99_ms"]),
                _ratio(ours["cold"]["p50_ms"], base["latency"]["p50_ms"]),
                _ratio(ours["cold"]["p99_ms"], base["latency"]["p99_ms"]),
                _pct(ours["accuracy"]),
                _pct(base["accuracy"]),
                f"{m.get('serving_peak_rss_mb', m['peak_rss_mb']):.0f} MB",
            ]
        )
    return rows


def _rss(m: dict[str, Any]) -> str:
    """A size's peak RSS: the bot's (and after a reload), then the benchmark process's."""
    if "serving_peak_rss_mb" not in m:
        return f"peak RSS {m['peak_rss_mb']:.0f} MB"
    return (
        f"peak RSS {m['serving_peak_rss_mb']:.0f} MB serving, "
        f"{m['reload_peak_rss_mb']:.0f} MB after staff edit events.yaml and it reloads while "
        f"serving (in {_s(m['reload_s'])}: the unchanged files are not read again) "
        f"({m['peak_rss_mb']:.0f} MB in the benchmark's process, which loads and builds "
        "several times)"
    )


def table(result: dict[str, Any]) -> str:
    """The figures as plain text, the way `python -m benchmarks` prints them."""
    machine = result["machine"]
    lines = [
        f"Benchmarks of the twinning bot — {result['date']}, commit {machine['commit']}"
        + (" (quick run: tiny sizes, not for comparison)" if result.get("quick") else ""),
        f"Machine: {machine['cpu']}, {machine['usable_cores']} of {machine['cores']} cores usable,"
        f" {machine['ram_gib']} GiB RAM; Python {machine['python']} on {machine['platform']};"
        f" libyaml {'yes' if machine['libyaml'] else 'no'}; load average "
        f"{machine.get('load_average_at_start')} at start, {machine.get('load_average_at_end')}"
        " at end",
        f"Command: {result['command']}",
        "",
        "Engine, per question (ours = Engine.ask; cold = each question once after a fresh "
        "vocabulary; CPU = the same in thread CPU time, robust to other load; warm = asked "
        "again; render = render_html; baseline = rapidfuzz "
        "process.extractOne over every name/alias/keyword, WRatio; ratio = ours/baseline; "
        "accuracy judged by tests/eval/score.py)",
        _grid(ENGINE_HEADERS, _engine_rows(result["engine"])),
    ]
    for label, m in result["engine"].items():
        if "accuracy_synthetic" in m["ours"]:
            lines.append(
                f"  {label}: accuracy on the evaluation set {_pct(m['ours']['accuracy_eval'])} "
                f"(baseline {_pct(m['baseline']['accuracy_eval'])}), on generated questions "
                f"{_pct(m['ours']['accuracy_synthetic'])} "
                f"(baseline {_pct(m['baseline']['accuracy_synthetic'])})"
            )
    for label, m in result["engine"].items():
        gc_ = m["gc"]
        lines.append(
            f"  {label}: max {_ms(m['ours']['cold']['max_ms'])}; {gc_['tracked_objects']:,} objects"
            f" tracked by the gc, {gc_['full_collections_while_asking']} full collections while"
            f" asking, longest {_ms(gc_['longest_full_collection_ms'])}"
        )
    for label, m in result["engine"].items():
        slow = m["ours"]["slowest"][:3]
        shown = "; ".join(f"{s['q'][:48]!r} {_ms(s['ms'])}" for s in slow)
        lines.append(f"  slowest ({label}): {shown}")

    s = result["startup"]
    lines += [
        "",
        f"Start-up to first answer (fresh process, median of {s['runs']}): "
        f"{_s(s['first_answer_s'])} = interpreter {_s(s['interpreter_s'])} + imports "
        f"{_s(s['imports_s'])} + load {_s(s['load_s'])} + engine {_s(s['engine_s'])} + "
        f"answer {_s(s['answer_s'])}; peak RSS {s['peak_rss_mb']:.0f} MB; "
        f"peak RSS answering the {s['eval_run_questions']} evaluation questions "
        f"{s['eval_run_peak_rss_mb']:.0f} MB",
    ]

    e2e = result["e2e"]
    lines.append("")
    if "skipped" in e2e:
        lines.append(f"End to end: skipped ({e2e['skipped']})")
    else:
        lines.append(
            "End to end (the real python-telegram-bot application in its own process, long "
            "polling the loopback fake Bot API; each user asks, waits for the reply, asks again; "
            "latency = update queued -> sendMessage handled)"
        )
        rows = []
        for name, run in e2e.items():
            rows.append(
                [
                    name.replace("_", " "),
                    "lifted" if run["rate_limiter"] == "off" else "shipped (30/s)",
                    str(run["users"]),
                    f"{run['answered']}/{run['questions']}",
                    f"{run['throughput_qps']:.0f}/s",
                    _ms(run["latency"]["p50_ms"]),
                    _ms(run["latency"]["p99_ms"]),
                    _s(run["startup_to_first_reply_s"]),
                    f"{run['bot_cpu_share'] * 100:.0f}%",
                    f"{run['fake_and_driver_cpu_share'] * 100:.0f}%",
                    f"{run['bot_peak_rss_mb']:.0f} MB",
                    str(len(run["rejected_calls"])),
                ]
            )
        lines.append(_grid(E2E_HEADERS, rows, left=(0, 1)))

    lines += ["", "Targets"]
    rows = []
    for v in result["verdicts"]:
        value = v["value"]
        digits = 2 if v["unit"] in ("ms", "s") else 0
        shown = "-" if value is None else f"{value:.{digits}f} {v['unit']}".replace(" /", "/")
        status = {True: "met", False: "MISSED", None: "not measured"}[v["ok"]]
        rows.append([v["name"], v["target"], shown, status, v["note"]])
    lines.append(_grid(["target", "limit", "measured", "verdict", "note"], rows, left=(0, 3, 4)))
    return "\n".join(lines)


def summary(result: dict[str, Any]) -> str:
    """The figures that matter, as Markdown: the head of latest.md and the README's table."""
    machine = result["machine"]
    lines = [
        f"Latest figures — {result['date']}, commit {machine['commit']}, {machine['cpu']}, "
        f"{machine['usable_cores']} of {machine['cores']} cores, {machine['ram_gib']} GiB RAM, "
        f"Python {machine['python']}; load average {machine.get('load_average_at_start')} at "
        f"the start, {machine.get('load_average_at_end')} at the end (`{result['command']}`, "
        f"{result.get('duration_s', 0):.0f} s). Written by the benchmark from "
        "`benchmarks/results/latest.md`; not edited by hand.",
        "",
        "| target | limit | measured | verdict | note |",
        "|---|---|---|---|---|",
    ]
    for v in result["verdicts"]:
        value = v["value"]
        digits = 2 if v["unit"] in ("ms", "s") else 0
        shown = "-" if value is None else f"{value:.{digits}f} {v['unit']}".replace(" /", "/")
        status = {True: "met", False: "**missed**", None: "not measured"}[v["ok"]]
        lines.append(f"| {v['name']} | {v['target']} | {shown} | {status} | {v['note']} |")
    lines.append("")
    for label, m in result["engine"].items():
        ours, base = m["ours"], m["baseline"]
        name = "shipped knowledge base" if label == "shipped" else f"{int(label):,} entities"
        parts = [
            f"p50 {_ms(ours['cold']['p50_ms'])}, p99 {_ms(ours['cold']['p99_ms'])} "
            f"(CPU {_ms(ours['cold_cpu']['p99_ms'])}), max {_ms(ours['cold']['max_ms'])}",
            f"load {_s(m['load']['median_s'])} + build {_s(m['engine_build']['median_s'])}",
            _rss(m),
            f"accuracy {_pct(ours['accuracy'])} (baseline {_pct(base['accuracy'])})",
        ]
        if "accuracy_synthetic" in ours:
            parts[-1] += (
                f": evaluation set {_pct(ours['accuracy_eval'])}, generated questions "
                f"{_pct(ours['accuracy_synthetic'])}"
            )
        lines.append(f"- Engine, {name}: " + "; ".join(parts) + ".")
    e2e = result.get("e2e", {})
    for name, run in e2e.items():
        if isinstance(run, dict) and "throughput_qps" in run:
            limiter = "limiter lifted" if run["rate_limiter"] == "off" else "shipped limiter"
            lines.append(
                f"- End to end, {name.replace('_', ' ')} ({limiter}, {run['users']} users): "
                f"{run['throughput_qps']:.0f} answers/s ({_spread(run)}), p50 "
                f"{_ms(run['latency']['p50_ms'])}, p99 {_ms(run['latency']['p99_ms'])}, bot CPU "
                f"{run['bot_cpu_share'] * 100:.0f}%, bot RSS {run['bot_peak_rss_mb']:.0f} MB."
            )
    return "\n".join(lines) + "\n"


def update_readme(readme: Path, block: str) -> bool:
    """Rewrite the README's text between the benchmark markers; False when they are absent."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return False
    head = text[: start + len(README_START)]
    readme.write_text(f"{head}\n{block}{text[end:]}", encoding="utf-8")
    return True


def markdown(result: dict[str, Any], text: str) -> str:
    """results/latest.md: the summary, then the whole table, with the command and machine."""
    machine = result["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in machine["packages"].items())
    return (
        "# Latest benchmark results\n\n" + summary(result) + "\n## Everything measured\n\n"
        f"- Command: `{result['command']}` (run from the repository root)\n"
        f"- Date: {result['date']}; commit {machine['commit']}; "
        f"took {result['duration_s']:.0f} s\n"
        f"- Machine: {machine['cpu']}, {machine['usable_cores']} cores, "
        f"{machine['ram_gib']} GiB RAM, {machine['platform']}\n"
        f"- Python {machine['python']}; {packages}\n\n"
        "```\n" + text + "\n```\n"
    )
