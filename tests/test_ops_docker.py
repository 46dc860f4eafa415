"""The image's build steps, checked without a Docker engine (there is none here): the
Dockerfile is read, and its two install steps are replayed with pip in a temporary folder.

What is really tested: the command of the dependency step (run as written) reads the
dependency list from pyproject.toml alone; the application step, `pip install --no-deps .`
on the copied sources followed by the clean-up, installs a package whose every file equals
the source, and leaves no build/ or *.egg-info behind. What is not: the base image, apt, the
users and the layers' caching, which only `docker build` shows.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_reliability_docker import instructions

from bot import cli
from bot.store import DataDirNotWritable, Store

pytestmark = pytest.mark.slow  # builds the package with pip

ROOT = Path(__file__).resolve().parent.parent


def run_steps() -> list[str]:
    return [rest for keyword, rest in instructions() if keyword == "RUN"]


def copied_before(step: int) -> list[str]:
    """The sources of every COPY before the `step`-th instruction."""
    steps = instructions()
    return [rest.split()[0] for keyword, rest in steps[:step] if keyword == "COPY"]


def test_the_dependency_layer_depends_only_on_pyproject() -> None:
    steps = instructions()
    first_pip = next(i for i, (kw, rest) in enumerate(steps) if kw == "RUN" and "pip" in rest)
    assert copied_before(first_pip) == ["pyproject.toml"]
    deps_step = steps[first_pip][1]
    assert "bot" not in deps_step.replace("tomllib.load", "") and "README" not in deps_step


def test_the_dependency_step_reads_the_list_from_pyproject(tmp_path: Path) -> None:
    [deps_step] = [step for step in run_steps() if "tomllib" in step]
    command = re.match(r'python -c "(.+?)" >', deps_step)
    assert command is not None, deps_step
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    code = command.group(1).replace("\\n", "\\n")
    listed = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert [line for line in listed if line] == project["dependencies"]


def install_like_the_dockerfile(app: Path, site: Path) -> None:
    """The application step: the sources copied as the Dockerfile copies them, then
    `pip install --no-deps .` (into `site` instead of the image's Python), then the clean-up."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, app)
    # copytree keeps the files' times, as COPY does: older than anything built in the image.
    shutil.copytree(ROOT / "bot", app / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    [app_step] = [step for step in run_steps() if "--no-deps ." in step]
    assert "rm -rf build ./*.egg-info" in app_step
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile",
         "--target", str(site), "."],
        cwd=app, check=True, capture_output=True, text=True,
    )  # fmt: skip
    subprocess.run("rm -rf build ./*.egg-info", shell=True, cwd=app, check=True)


def test_the_installed_package_equals_the_source(tmp_path: Path) -> None:
    app, site = tmp_path / "app", tmp_path / "site"
    app.mkdir()
    install_like_the_dockerfile(app, site)
    copied = app / "bot"  # the sources as copied in (others may be editing the checkout)
    source = sorted(
        p.relative_to(copied)
        for p in copied.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.suffix in {".py", ".po", ".typed", ".css", ".js"}  # .css, .js: the console
    )
    installed = sorted(
        p.relative_to(site / "bot")
        for p in (site / "bot").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert installed == source
    assert (site / "bot" / "__init__.py").read_text(encoding="utf-8").strip()  # not empty
    different = [str(p) for p in source if not filecmp.cmp(copied / p, site / "bot" / p, False)]
    assert different == []
    assert not (app / "build").exists() and not list(app.glob("*.egg-info"))


def test_the_old_two_step_build_shipped_an_empty_init(tmp_path: Path) -> None:
    """The way the check above would have caught the issue's bug: a placeholder package built
    first in the same folder (the old dependency step) leaves build/ behind, and the real
    build then packs the placeholder's empty bot/__init__.py (it is newer than the source)."""
    app, site = tmp_path / "app", tmp_path / "site"
    (app / "bot").mkdir(parents=True)
    (app / "bot" / "__init__.py").touch()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, app)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile"]
    subprocess.run([*pip, "--target", str(tmp_path / "deps"), "."], cwd=app, check=True)
    shutil.rmtree(app / "bot")
    shutil.copytree(ROOT / "bot", app / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([*pip, "--target", str(site), "."], cwd=app, check=True)
    assert (site / "bot" / "__init__.py").read_text(encoding="utf-8") == ""


# -- an unwritable data directory ------------------------------------------------------------


@pytest.fixture
def unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory this user cannot write: read-only by its mode; when the tests run as
    root (whom modes do not stop), os.access is made to answer as for another user."""
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    if os.access(data, os.W_OK):  # root
        real_access = os.access

        def access(path: Any, mode: int, **kwargs: Any) -> bool:
            if Path(path) == data and mode & os.W_OK:
                return False
            return real_access(path, mode, **kwargs)

        monkeypatch.setattr(os, "access", access)
    yield data
    data.chmod(0o755)


def test_an_unwritable_data_directory_is_named_with_the_fix(unwritable: Path) -> None:
    with pytest.raises(DataDirNotWritable) as error:
        Store.in_data_dir(unwritable)
    message = str(error.value)
    assert message.startswith(f"the data directory {unwritable} is not writable by user ")
    assert "fix its owner/permissions" in message


def test_run_with_an_unwritable_data_directory_says_so_in_one_line(
    unwritable: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As in Docker with a root-owned bind mount on /app/data (the bot runs as 10001)."""
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "BOT_", "TWINNING_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")  # never reached
    monkeypatch.setenv("BOT_DATA_DIR", str(unwritable))
    monkeypatch.chdir(ROOT)
    assert cli.main(["run"]) == 2
    out, err = capsys.readouterr()
    [line] = err.splitlines()
    assert line.startswith(f"twinning-bot: the data directory {unwritable} is not writable by ")
    assert "fix its owner/permissions" in line and "unable to open database" not in line
    assert "ABCDEFGHIJKLMNOP" not in out + err
