"""The monkey test in the suite (issue 12, item 4): a seeded random-UI run of about a minute.

tools/monkey.py drives the real window offscreen as a careless user would (buttons, combos, sliders,
junk in every field, layer drags, lessons, lab panels, painting, good and garbage files, language
switches) and fails on any uncaught exception, any Qt critical message, any GUI stall over 1 s and
any message that shows the user an internal error (an exception's name, an errno).
The log of numbered actions is printed when it fails, to reproduce.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import monkey

SEED = 12
SECONDS = 60


@pytest.fixture
def user_folders(tmp_path, monkeypatch):
    """HOME and the XDG folders in tmp_path: the run never touches the user's files."""
    for key, value in monkey.user_folders(tmp_path / "user").items():
        monkeypatch.setenv(key, value)


def test_a_minute_of_random_use_finds_nothing(qapp, tmp_path, user_folders, capsys):
    lines = []
    report = monkey.run(SECONDS / 60, SEED, str(tmp_path / "work"), log=lines.append)
    log = "\n".join(lines)
    assert report.actions > 100, log[-3000:]
    problems = "\n\n".join(report.exceptions + report.criticals + report.internal + report.logged
                           + [f"stall {s:.2f} s after #{n} {what}" for s, n, what in report.stalls])
    assert report.ok, f"{report.summary()}\n\n{problems}\n\nlog:\n{log[-20000:]}"
    with capsys.disabled():
        print("\n" + report.summary())
