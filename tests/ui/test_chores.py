"""chores.later: work queued for the GUI thread runs one piece per pass of the event loop, in order,
and not at all for a window deleted meanwhile."""

import time
from itertools import pairwise

from PySide6.QtCore import QObject, QTimer

from playground.ui import chores


def test_chores_run_in_order_one_per_pass_with_the_timers_between(qtbot):
    ticks = [0]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start(5)
    ran = []

    def slow(name):
        def run():
            ran.append((name, ticks[0]))
            time.sleep(0.05)  # a 50 ms piece of work: the 5 ms timer is due when it ends

        return run

    for name in "abcd":
        chores.later(slow(name))
    qtbot.waitUntil(lambda: len(ran) == 4, timeout=5000)
    timer.stop()
    assert [name for name, _ in ran] == list("abcd")
    seen = [tick for _, tick in ran]
    assert all(later > earlier for earlier, later in pairwise(seen)), seen  # a tick between


def test_a_chore_whose_owner_was_deleted_does_not_run(qtbot):
    owner, kept = QObject(), QObject()
    ran = []
    chores.later(lambda: ran.append("gone"), owner)
    chores.later(lambda: ran.append("kept"), kept)
    owner.deleteLater()
    qtbot.waitUntil(lambda: ran == ["kept"], timeout=5000)
    qtbot.wait(100)
    assert ran == ["kept"]
