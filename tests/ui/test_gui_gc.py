"""Garbage is collected on the GUI thread only: Python's automatic collection, run on the engine
thread, would delete Qt objects caught in reference cycles there (and Qt can crash)."""

import gc
import threading
from typing import ClassVar


class Cycle:
    """A reference cycle (as a widget and the lambda connected to its signal make) that says which
    thread collected it."""

    collected_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.collected_on.append(threading.current_thread().name)


def test_cycles_made_anywhere_are_collected_on_the_gui_thread(qtbot, window):
    assert not gc.isenabled()  # no automatic collection, on any thread
    Cycle.collected_on.clear()

    def garbage_elsewhere():
        for _ in range(2000):  # enough allocations to cross every automatic threshold
            Cycle()
            [[] for _ in range(50)]

    worker = threading.Thread(target=garbage_elsewhere, name="not-the-gui")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(Cycle.collected_on) >= 1000, timeout=10_000)
    assert set(Cycle.collected_on) == {"MainThread"}
