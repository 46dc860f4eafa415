"""The command line as a user runs it: the installed `twinning-bot` console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API

ROOT = Path(__file__).resolve().parent.parent
EXE = shutil.which("twinning-bot", path=str(Path(sys.executable).parent)) or "twinning-bot"


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "TWINNING_", "BOT_"))
    }
    return subprocess.run(
        [EXE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_ask_json_one_question() -> None:
    proc = run("ask", "--json", "Kad noslēgts līgums ar Biržiem?")
    assert proc.returncode == 0, proc.stderr
    reply = json.loads(proc.stdout)
    assert reply["answered"] is True and reply["lang"] == "lv"
    assert "2011" in reply["text"] and "Birž" in reply["text"]
    assert reply["kind"] == "partner" and "partner:birzai" in reply["matched"]


def test_ask_reads_one_question_per_line_and_answers_in_order() -> None:
    questions = ["Zgierz", "Как получить паспорт?", "How long did the festival last?", "🙂"]
    proc = run("ask", "--json", stdin="\n".join(questions) + "\n")
    assert proc.returncode == 0, proc.stderr
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(replies) == 4
    assert replies[0]["answered"] and "2000" in replies[0]["text"]
    assert not replies[1]["answered"] and replies[1]["lang"] == "ru"
    assert replies[2]["answered"] and "2" in replies[2]["text"].split()
    assert not replies[3]["answered"]


def test_ask_plain_text_and_chosen_language() -> None:
    proc = run("ask", "--lang", "ru", "Zgierz")
    assert proc.returncode == 0
    assert "Згеж" in proc.stdout and "{" not in proc.stdout.splitlines()[0]


def test_ask_context_links_lines_as_one_conversation() -> None:
    stdin = "When was the agreement with Zgierz signed?\nand Biržai?\n"
    linked = [
        json.loads(x) for x in run("ask", "--json", "--context", stdin=stdin).stdout.splitlines()
    ]
    assert "2011" in linked[1]["text"]
    alone = [json.loads(x) for x in run("ask", "--json", stdin=stdin).stdout.splitlines()]
    assert alone[1]["matched"] == ["partner:birzai"]


def test_chat_keeps_context_and_language() -> None:
    proc = run("chat", stdin="Kupiškis\nwhat projects?\n")
    assert proc.returncode == 0
    assert "Lubāns" in proc.stdout or "Lubān" in proc.stdout
    assert "Sustainable Water Tourism" in proc.stdout


def test_bare_command_without_token_starts_the_chat() -> None:
    proc = run(stdin="Zgierz\n")
    assert proc.returncode == 0
    assert "2000" in proc.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": "123456:ABCdefGHIjklMNOpqrSTUvwxYZ", "BOT_ADMIN_IDS": "12,abc"},
         "BOT_ADMIN_IDS must be comma-separated numeric Telegram user ids"),
        ({"TELEGRAM_BOT_TOKEN": "123456:ABCdefGHIjklMNOpqrSTUvwxYZ",
          "TWINNING_DEFAULT_LANGUAGE": "de"}, "default_language"),
    ],
)  # fmt: skip
def test_run_with_a_bad_setting_says_one_line_and_exits_2(
    env: dict[str, str], message: str
) -> None:
    proc = run("run", env=env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    token = env.get("TELEGRAM_BOT_TOKEN", "")
    if token:
        assert token not in proc.stderr + proc.stdout


def test_settings_file_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "settings.yaml"
    bad.write_text("languages: [lv, ru\n")
    proc = run("--config", str(bad), "ask", "Zgierz")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "not valid YAML" in proc.stderr


def test_environment_overrides_a_setting() -> None:
    proc = run("ask", "--json", "Zgierz", env={"TWINNING_DEFAULT_LANGUAGE": "en"})
    assert json.loads(proc.stdout)["lang"] == "en"


def test_invalid_knowledge_stops_with_a_pointer_to_validate(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    (tmp_path / "knowledge" / "events.yaml").write_text("events: [\n")
    proc = run("ask", "Zgierz", env={"TWINNING_KNOWLEDGE_DIR": str(tmp_path / "knowledge")})
    assert proc.returncode == 2
    assert "twinning-bot validate" in proc.stderr and "Traceback" not in proc.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    from bot.cli import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"twinning-bot {command}" in readme, command


def test_health_follows_the_heartbeat(tmp_path: Path) -> None:
    env = {"BOT_DATA_DIR": str(tmp_path)}
    missing = run("health", env=env)
    assert missing.returncode == 1 and "no heartbeat" in missing.stdout
    beat = tmp_path / "heartbeat"
    beat.touch()
    assert run("health", env=env).returncode == 0
    os.utime(beat, (beat.stat().st_atime, beat.stat().st_mtime - 600))
    stale = run("health", env=env)
    assert stale.returncode == 1 and "old" in stale.stdout


def test_every_setting_is_documented_in_the_readme() -> None:
    import yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    settings = yaml.safe_load((ROOT / "config" / "settings.yaml").read_text(encoding="utf-8"))
    for key, value in settings.items():
        names = [f"{key}.{sub}" for sub in value] if key == "matching" else [key]
        for name in names:
            assert f"`{name}`" in readme, name
            env = "TWINNING_" + name.upper().replace(".", "__")
            assert env in readme, env
