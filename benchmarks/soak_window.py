"""Soak test of the real window: memory (RSS) and autosave file size over a long training run.

    python benchmarks/soak_window.py [--minutes 10] [--every 60]

Trains the default experiment offscreen with autosave on, samples every --every seconds. Targets:
RSS growth after the first sample <= 5 %, autosave file <= 5 MB. Always exits 0 once it has run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

import playground.ui  # noqa: F401 - applies the PySide 6.12 refcount fix first
from playground.ui.main_window import MainWindow
from playground.ui.top_bar import PACE_KEY

RSS_GROWTH_TARGET_PCT = 5.0
AUTOSAVE_TARGET_MB = 5.0
MB = 1024 * 1024


def rss_mb() -> float:
    """Resident set size of this process now, in MB (VmRSS; the peak where /proc is missing)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024 / MB  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MB if sys.platform == "darwin" else peak * 1024 / MB


def file_mb(path: Path) -> float | None:
    """Size of path in MB, None while it does not exist."""
    try:
        return path.stat().st_size / MB
    except OSError:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="training time (default 10)")
    parser.add_argument("--every", type=float, default=60.0, help="seconds between samples (default 60)")
    args = parser.parse_args()
    if args.minutes <= 0 or args.every <= 0:
        parser.error("--minutes and --every must be positive")
    total_s = args.minutes * 60.0
    n = max(1, int(total_s / args.every + 1e-9))
    schedule = [args.every * k for k in range(1, n + 1)]
    if total_s - schedule[-1] > 1e-6:
        schedule.append(total_s)

    app = QApplication.instance() or QApplication(sys.argv)
    tmp = tempfile.mkdtemp(prefix="soak_window_")
    settings = QSettings(os.path.join(tmp, "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(PACE_KEY, 0)  # as fast as it goes: the soak is about long runs
    autosave_dir = os.path.join(tmp, "autosave")
    t_launch = time.perf_counter()
    window = MainWindow(settings=settings, config={}, autosave_dir=autosave_dir)
    window.resize(1440, 900)
    window.show()
    autosave_file = window.autosave.path

    samples: list[tuple[float, float, int, float | None, int]] = []  # t, rss, epoch, autosave MB, saves
    state: dict[str, float] = {"max_autosave": 0.0}

    def epoch() -> int:
        snap = window.lastSnapshot()
        return snap.epoch if snap is not None else 0

    def poll_autosave() -> None:  # every second, so the largest file written is not missed
        size = file_mb(autosave_file)
        if size is not None:
            state["max_autosave"] = max(state["max_autosave"], size)

    def sample(last: bool) -> None:
        poll_autosave()
        t = time.perf_counter() - state["t0"]
        size = file_mb(autosave_file)
        row = (t, rss_mb(), epoch(), size, window.autosave.saves)
        samples.append(row)
        size_text = f"{size:11.3f}" if size is not None else f"{'none':>11}"
        print(f"{t:8.0f} s  {row[1]:9.1f}  {row[2]:>12,}  {size_text}  {row[4]:>6}", flush=True)
        if last:
            finish()

    def start() -> None:
        state["ready_s"] = time.perf_counter() - t_launch
        state["t0"] = time.perf_counter()
        state["rss0"] = rss_mb()
        print(f"worker ready {state['ready_s']:.1f} s after launch; RSS {state['rss0']:.1f} MB before "
              f"training; autosave file {autosave_file}", flush=True)
        print(f"training {args.minutes:g} min, a sample every {args.every:g} s", flush=True)
        print(f"{'elapsed':>10}  {'RSS MB':>9}  {'epoch':>12}  {'autosave MB':>11}  {'saves':>6}",
              flush=True)
        window.topBar.playButton.click()  # as a user starts training
        poller.start()
        last_at = schedule[-1]
        for at in schedule:
            QTimer.singleShot(int(at * 1000), lambda at=at: sample(at == last_at))

    def finish() -> None:
        poller.stop()
        state["playing"] = float(window.topBar.playButton.isChecked())
        window.close()
        app.quit()

    def never_ready() -> None:
        if "t0" not in state:
            window.close()
            app.quit()

    poller = QTimer()
    poller.setInterval(1000)
    poller.timeout.connect(poll_autosave)
    window.worker.ready.connect(lambda: QTimer.singleShot(300, start))
    QTimer.singleShot(600_000, never_ready)
    app.exec()
    shutil.rmtree(tmp, ignore_errors=True)
    if not samples:
        print("the worker never became ready (600 s); nothing measured", file=sys.stderr)
        return 1

    first, final = samples[0], samples[-1]
    growth = 100.0 * (final[1] - first[1]) / first[1]
    largest = state["max_autosave"]
    print()
    print(f"summary            {final[0]:.0f} s of training, epoch {final[2]:,} "
          f"({(final[2] - first[2]) / max(final[0] - first[0], 1e-9):,.0f} epochs/s after the first "
          f"sample), {final[4]} autosaves written")
    print(f"RSS first sample   {first[1]:.1f} MB at {first[0]:.0f} s")
    print(f"RSS final          {final[1]:.1f} MB at {final[0]:.0f} s")
    print(f"RSS growth         {growth:+.1f} % after the first sample   (target <= {RSS_GROWTH_TARGET_PCT:g} %)")
    print(f"largest autosave   {largest:.3f} MB   (target <= {AUTOSAVE_TARGET_MB:g} MB)")
    if not state.get("playing"):
        print("warning: training was not running at the end (paused or stopped by the window)")
    if final[4] == 0:
        print("warning: no autosave was written; the autosave figure means nothing")
    print(f"{'PASS' if growth <= RSS_GROWTH_TARGET_PCT else 'FAIL'}  RSS growth {growth:+.1f} % "
          f"(target <= {RSS_GROWTH_TARGET_PCT:g} %)")
    print(f"{'PASS' if largest <= AUTOSAVE_TARGET_MB else 'FAIL'}  largest autosave {largest:.3f} MB "
          f"(target <= {AUTOSAVE_TARGET_MB:g} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
