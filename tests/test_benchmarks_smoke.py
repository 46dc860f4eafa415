"""`python -m benchmarks --quick` keeps working: it exits 0 and writes every section.

No timing is asserted here: wall-clock figures depend on the machine and belong in
benchmarks/results/, not in a test that must pass everywhere.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "bot" / "transport" / "app.py"

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def quick_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON written by one quick run (end-to-end part included when the app exists)."""
    path = tmp_path_factory.mktemp("bench") / "results.json"
    command = [sys.executable, "-m", "benchmarks", "--quick", "--json", str(path)]
    if not APP.is_file():
        command.append("--no-e2e")
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=280, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Targets" in done.stdout
    assert path.with_suffix(".md").is_file()
    results: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return results


def test_run_describes_the_command_and_the_machine(quick_results: dict[str, Any]) -> None:
    assert quick_results["command"].startswith("python -m benchmarks --quick")
    machine = quick_results["machine"]
    for key in ("cpu", "cores", "ram_gib", "python", "platform", "packages"):
        assert machine[key], key


def test_engine_section_has_every_size_with_ours_and_the_baseline(
    quick_results: dict[str, Any],
) -> None:
    engine = quick_results["engine"]
    assert "shipped" in engine
    assert len(engine) >= 2, "at least one synthetic size"
    for label, measured in engine.items():
        for key in ("load", "engine_build", "ours", "baseline", "peak_rss_mb", "entities"):
            assert key in measured, (label, key)
        for part in ("cold", "cold_cpu", "warm", "render"):
            assert measured["ours"][part]["n"] > 0, (label, part)
        assert measured["baseline"]["latency"]["n"] > 0
        assert 0.0 <= measured["ours"]["accuracy"] <= 1.0
        assert 0.0 <= measured["baseline"]["accuracy"] <= 1.0


def test_startup_section_has_the_first_answer_and_peak_memory(
    quick_results: dict[str, Any],
) -> None:
    startup = quick_results["startup"]
    for key in ("first_answer_s", "load_s", "engine_s", "peak_rss_mb", "eval_run_peak_rss_mb"):
        assert startup[key] > 0, key


def test_every_target_gets_a_verdict(quick_results: dict[str, Any]) -> None:
    names = [v["name"] for v in quick_results["verdicts"]]
    assert len(names) == len(set(names)) == 9
    assert all(v["ok"] in (True, False, None) for v in quick_results["verdicts"])


@pytest.mark.skipif(
    not APP.is_file(),
    reason="bot/transport/app.py (build_application) does not exist yet: no end-to-end part",
)
def test_end_to_end_section_answers_every_question(quick_results: dict[str, Any]) -> None:
    e2e = quick_results["e2e"]
    assert "skipped" not in e2e, e2e.get("skipped")
    for name in ("saturated", "light", "shipped_limiter"):
        run = e2e[name]
        assert run["answered"] == run["questions"] > 0, name
        assert run["latency"]["n"] == run["answered"]
        assert run["rejected_calls"] == [], run["rejected_calls"]
        assert run["exit_code"] == 0, "the bot stops cleanly on SIGTERM"


def test_the_readme_block_is_rewritten_between_its_markers(
    quick_results: dict[str, Any], tmp_path: Path
) -> None:
    from benchmarks import report

    readme = tmp_path / "README.md"
    readme.write_text(
        f"# Bot\n\n## Performance\n\n{report.README_START}\nold figures\n"
        f"{report.README_END}\n\n## Next\n",
        encoding="utf-8",
    )
    block = report.summary(quick_results)
    assert report.update_readme(readme, block)
    text = readme.read_text(encoding="utf-8")
    assert "old figures" not in text and block in text
    assert text.endswith(f"{report.README_END}\n\n## Next\n")
    machine = quick_results["machine"]
    for shown in (machine["cpu"], machine["commit"], "load average", "| target | limit |"):
        assert shown in block, shown
    (tmp_path / "plain.md").write_text("no markers\n", encoding="utf-8")
    assert not report.update_readme(tmp_path / "plain.md", block)
