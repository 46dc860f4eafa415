"""The soak test's short version (tests/soak.py has the long one): questions from many users
under injected faults and a restart; every question is answered exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from soak import FAULTS, run_soak

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API


def test_150_questions_from_30_users_under_faults_and_a_restart(tmp_path: Path) -> None:
    report = run_soak(150, 30, data_dir=tmp_path)
    assert report.lost == []
    assert report.duplicated == []
    assert report.unexpected == []
    assert report.answered == report.logged == 150
    assert report.exit_codes == [0, 0]  # the restart and the end: SIGTERM, clean exits
    assert all(took < 10 for took in report.restarts)
    assert report.injected >= 6  # the faults were really hit: every kind of them
    assert {name for name in report.faults if "skipped" not in name} == {
        fault.name for _, fault in FAULTS
    }
    assert report.ok, report.summary()
