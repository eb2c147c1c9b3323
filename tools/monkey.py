"""A seeded random-UI driver ("monkey test") for the real main window, offscreen.

    python tools/monkey.py --minutes 8 --seed 3 [--log monkey.log] [--quiet]

It builds the window as the tests do (throwaway settings, autosave on into a temporary folder, the
per-user folders pointed at a temporary directory, so no file of the user's is read or written) and
then acts as a careless user would, one action at a time with short random pauses: Play / Pause /
Step, data set buttons, sliders, learning rate and every other combo, activations, optimizers, the
problem type, layer add / remove / reorder by drag and drop, undo / redo, lessons, the lab panels
(open, close, float, dock), painting on the decision boundary, saving and opening good and garbage
files (in the temporary folder: the file dialogs are answered with paths there), junk typed into every
editable field, popup forms (Settings…) and message boxes answered, language switches, resizes.

It fails on
  * any uncaught exception (sys.excepthook, which PySide calls for an exception in a slot, and
    threading.excepthook),
  * any Qt critical or fatal message (qInstallMessageHandler),
  * any GUI stall over --max-stall seconds (default 1): a 20 ms heartbeat timer on the GUI thread
    measures the gaps between its ticks,
  * any banner or message box that shows the user an internal error (an exception's name such as
    ZeroDivisionError, an "[Errno …]", a traceback) instead of plain words,
  * any error the playground caught and logged (logging level ERROR: a command that failed).

Before the measured part it compiles every kernel variant (the narrow and the wide networks' ones,
or loads them from Numba's cache), waits for the engine, trains one epoch and plays for a second, so
compiling is not counted as a GUI stall (a cold compile holds the GIL for seconds, and the first
wide network of a run compiles its kernels); the worst gap while warming up is reported separately. Every action is printed, numbered, with the time; a problem names the
action it followed. The last line is the summary; exit status 1 when anything was found.

Parts that belong to other work can be avoided with --avoid (comma-separated): eps0 = never type 0
into an optimizer's eps field (issue 12, defect 1; fixed since); landscape = leave the Optimizer
landscape panel and its lessons alone (issue 16, in progress). Nothing is avoided by default.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import json
import logging
import os
import random
import re
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HEARTBEAT_MS = 20
# Qt warnings the offscreen platform gives for every window: not logged.
QUIET_WARNINGS = re.compile(r"does not support (propagateSizeHints|raise|requestActivate)")
# A message that shows the user a Python exception's name, an errno or a traceback: an internal
# error that was caught but not put in plain words (e.g. "ZeroDivisionError" from eps = 0).
INTERNAL = re.compile(r"Traceback|\[Errno|\b[A-Z][A-Za-z]*(Error|Exception)\b")
WARMUP_TIMEOUT_S = 300.0
JUNK = (
    "", " ", "0", "-1", "1e309", "-1e-320", "nan", "inf", "-inf", "NaN", "1e6", "999999999",
    "0.0000001", "3.14159", "1,5", "１２", "abc", "x1 * x2 >", "sin(", "((((", "x1 + x2 > 0",
    "x1 ** 2 + x2 ** 2 < 4", "x1 * 1e308 * 1e308", "exp(x1 * 800)", "__import__('os')", "x1 / 0",
    "'; DROP TABLE", "\t", "😀", "中文", "-0", "+", "e", "2e", "0x10", "1_000", "7", "42", "0.5",
)


def user_folders(base: str | os.PathLike) -> dict[str, str]:
    """HOME and the XDG folders under base (made here): set them so nothing of the user's is touched."""
    base = Path(base)
    for name in ("config", "data", "cache", "state", "runtime"):
        (base / name).mkdir(parents=True, exist_ok=True)
    os.chmod(base / "runtime", 0o700)
    return {
        "HOME": str(base),
        "XDG_CONFIG_HOME": str(base / "config"),
        "XDG_DATA_HOME": str(base / "data"),
        "XDG_CACHE_HOME": str(base / "cache"),
        "XDG_STATE_HOME": str(base / "state"),
        "XDG_RUNTIME_DIR": str(base / "runtime"),
    }


@dataclass
class Report:
    """What a run found."""

    seed: int
    actions: int = 0
    seconds: float = 0.0
    exceptions: list[str] = field(default_factory=list)
    criticals: list[str] = field(default_factory=list)
    stalls: list[tuple[float, int, str]] = field(default_factory=list)  # (seconds, action, what)
    internal: list[str] = field(default_factory=list)  # messages that show an internal error
    logged: list[str] = field(default_factory=list)  # errors the playground caught and logged
    max_stall: float = 0.0
    max_stall_action: int = 0
    warmup_max_gap: float = 0.0
    compiles: int = 0  # Numba compiles in the measured part
    banners: dict[str, int] = field(default_factory=dict)  # kind -> count
    language_switches: int = 0
    rss_mb: tuple[float, float] = (0.0, 0.0)
    max_stall_allowed: float = 1.0

    @property
    def ok(self) -> bool:
        return (not self.exceptions and not self.criticals and not self.internal
                and not self.logged and self.max_stall <= self.max_stall_allowed)

    def summary(self) -> str:
        banners = ", ".join(f"{k} {v}" for k, v in sorted(self.banners.items())) or "none"
        return (
            f"monkey seed {self.seed}: {self.actions} actions in {self.seconds:.0f} s, "
            f"{len(self.exceptions)} exceptions, {len(self.criticals)} Qt criticals, "
            f"{len(self.internal)} internal errors shown, {len(self.logged)} errors logged, "
            f"max stall {self.max_stall:.2f} s (after action #{self.max_stall_action}), "
            f"{len(self.stalls)} stalls over {self.max_stall_allowed:g} s; "
            f"{self.compiles} Numba compiles; warm-up max gap {self.warmup_max_gap:.2f} s; "
            f"banners: {banners}; "
            f"{self.language_switches} language switches; RSS after the warm-up {self.rss_mb[0]:.0f} -> "
            f"{self.rss_mb[1]:.0f} MB; {'OK' if self.ok else 'FAILED'}"
        )


def rss_mb() -> float:
    """This process's resident memory in MB (Linux; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class Monkey:
    """Drives one window (and the windows that replace it on a language switch) for `seconds`."""

    def __init__(self, seed: int, seconds: float, workdir: str | os.PathLike,
                 log: Callable[[str], None] = print, max_stall: float = 1.0,
                 avoid: tuple[str, ...] = (), switch_weight: int = 1) -> None:
        from PySide6.QtCore import QTimer

        self._switch_weight = switch_weight  # language switches per ~100 actions

        self.rng = random.Random(seed)
        self.seconds = float(seconds)
        self.workdir = Path(workdir)
        self.files = self.workdir / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        self.log = log
        self.avoid = set(avoid)
        self.report = Report(seed=seed, max_stall_allowed=max_stall)
        self._lock = threading.Lock()
        self._window = None
        self._phase = "start"  # start, warmup, run, closing, done
        self._t0 = 0.0
        self._warm_t = 0.0
        self._last_beat = 0.0
        self._last_beat_cpu = 0.0  # the GUI thread's CPU clock (time.thread_time) at the last beat
        self._current = "(warm-up)"
        self._last_language = 0.0
        self._saved: list[Path] = []
        self._pause = 10  # ms before the next action
        self._make_garbage()
        self._heartbeat = QTimer()
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        self._dismisser = QTimer()
        self._dismisser.setInterval(80)
        self._dismisser.timeout.connect(self._dismiss)
        self._driver = QTimer()
        self._driver.setSingleShot(True)
        self._driver.timeout.connect(self._tick)
        self.done = False

    # ----- the window -----

    def make_window(self):
        """The main window on throwaway settings, autosaving (the default) into the work folder."""
        from PySide6.QtCore import QSettings

        from playground.ui.main_window import MainWindow

        settings = QSettings(str(self.workdir / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, autosave_dir=str(self.workdir / "autosave"))
        window.show()
        return window

    @property
    def window(self):
        """The window on screen now (a language switch replaces it)."""
        w = self._window
        while w is not None and w.replacement is not None:
            w = w.replacement
        if w is not self._window:
            self._window = w
            self._adopt(w)
        return w

    def _adopt(self, window) -> None:
        """Hook the drags and the banner of a (new) window."""
        window.builder.execDrag = self._fake_drag
        window.builder.layerPalette.execDrag = self._fake_drag
        banner = window.banner
        show = banner.showMessage

        def logged(text, kind="error", *args, **kwargs):
            self.report.banners[kind] = self.report.banners.get(kind, 0) + 1
            self.log(f"      banner [{kind}]: {' '.join(str(text).split())[:300]}")
            self._check_words(f"banner: {text}")
            return show(text, kind, *args, **kwargs)

        banner.showMessage = logged

    # ----- watching -----

    def _check_words(self, text: str) -> None:
        """A message to the user must not show an internal error (an exception's name, an errno)."""
        if INTERNAL.search(text):
            self.report.internal.append(f"after #{self.report.actions}: {' '.join(text.split())[:400]}")
            self.log(f"!!! INTERNAL ERROR SHOWN after action #{self.report.actions}: "
                     f"{' '.join(text.split())[:400]}")

    def install_hooks(self) -> None:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler

        self._old_excepthook = sys.excepthook
        self._old_thread_hook = threading.excepthook

        def excepthook(kind, value, tb):
            text = "".join(traceback.format_exception(kind, value, tb))
            with self._lock:
                self.report.exceptions.append(f"after #{self.report.actions} {self._current}: {text}")
            self.log(f"!!! EXCEPTION after action #{self.report.actions}:\n{text}")

        def thread_hook(args):
            excepthook(args.exc_type, args.exc_value, args.exc_traceback)

        def messages(kind, context, message):
            if kind == QtMsgType.QtWarningMsg and not QUIET_WARNINGS.search(message):
                self.log(f"      Qt warning after action #{self.report.actions}: {message}")
                if "thread" in message.lower():  # a Qt object used from the wrong thread: a crash to come
                    with self._lock:
                        self.report.criticals.append(f"after #{self.report.actions}: {message}")
            if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
                with self._lock:
                    self.report.criticals.append(f"after #{self.report.actions}: {message}")
                self.log(f"!!! Qt {kind.name} after action #{self.report.actions}: {message}")

        monkey = self

        class Logged(logging.Handler):
            """An error the playground caught and logged (a failed command's traceback)."""

            def emit(self, record: logging.LogRecord) -> None:
                text = record.getMessage()
                with monkey._lock:
                    monkey.report.logged.append(f"after #{monkey.report.actions}: {text[-1500:]}")
                monkey.log(f"!!! ERROR LOGGED after action #{monkey.report.actions}: {text[-1500:]}")

        self._log_handler = Logged(level=logging.ERROR)
        logging.getLogger("playground").addHandler(self._log_handler)
        logging.getLogger("kernels").addHandler(self._log_handler)
        sys.excepthook = excepthook
        threading.excepthook = thread_hook
        self._old_handler = qInstallMessageHandler(messages)

    def remove_hooks(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        sys.excepthook = self._old_excepthook
        threading.excepthook = self._old_thread_hook
        logging.getLogger("playground").removeHandler(self._log_handler)
        logging.getLogger("kernels").removeHandler(self._log_handler)
        qInstallMessageHandler(self._old_handler)

    def _watch(self) -> None:
        """On its own thread: while the GUI's heartbeat is late, sample where the GUI thread is every
        0.1 s; once a stall passes a second, log every thread's stack and, when it ends, the GUI
        thread's samples counted by place (its innermost Python frames), so a stall shows its cause.
        Collection is held off while sampling: run on this thread, it could delete Qt objects."""
        import collections
        import gc
        import sys
        import threading
        import traceback

        gui = threading.main_thread().ident
        samples: collections.Counter[str] = collections.Counter()
        dumped_for = sampled_for = None
        while not self._watch_stop.wait(0.1):
            beat = self._last_beat
            late = time.perf_counter() - beat
            if sampled_for is not None and sampled_for != beat:  # the stall has ended
                if dumped_for == sampled_for and samples:
                    lines = [f"--- where the window's thread was in that stall ({sum(samples.values())} samples):"]
                    lines += [f"  {n:3d}  {where}" for where, n in samples.most_common(8)]
                    self.log("\n".join(lines))
                samples.clear()
                sampled_for = None
            if self._phase != "run" or late < 0.3:
                continue
            enabled = gc.isenabled()
            gc.disable()
            try:
                frame = sys._current_frames().get(gui)
                if frame is not None:
                    inner = traceback.extract_stack(frame)[-4:]
                    samples[" < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                       for f in reversed(inner))] += 1
                    sampled_for = beat
                if late < 1.0 or dumped_for == beat:
                    continue
                dumped_for = beat
                names = {t.ident: t.name for t in threading.enumerate()}
                lines = [f"--- stacks {late:.1f} s into a stall after #{self.report.actions} {self._current}"]
                for ident, frame in sys._current_frames().items():
                    if ident == threading.get_ident():
                        continue
                    lines.append(f"thread {names.get(ident, ident)}:")
                    lines += ["  " + x.rstrip() for x in traceback.format_stack(frame)[-12:]]
                self.log("\n".join(lines))
            finally:
                if enabled:
                    gc.enable()

    def _beat(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap = now - self._last_beat - HEARTBEAT_MS / 1000
        busy = cpu - self._last_beat_cpu  # what the window's thread computed in the gap
        self._last_beat, self._last_beat_cpu = now, cpu
        if self._phase == "warmup":
            self.report.warmup_max_gap = max(self.report.warmup_max_gap, gap)
        elif self._phase in ("run", "closing"):
            if gap > self.report.max_stall:
                self.report.max_stall, self.report.max_stall_action = gap, self.report.actions
            if gap > self.report.max_stall_allowed:
                self.report.stalls.append((gap, self.report.actions, self._current))
                self.log(f"!!! STALL {gap:.2f} s after action #{self.report.actions} {self._current} "
                         f"(the window's thread computed {busy:.2f} s of it; the rest it waited for "
                         "the CPU or the GIL)")

    # ----- running -----

    def start(self) -> None:
        """Build the window and start warming up; `done` turns True at the end."""
        from playground.ui import i18n

        self._language = i18n.current()
        self.install_hooks()
        self.report.rss_mb = (rss_mb(), 0.0)
        self._phase = "warmup"
        self._last_beat, self._last_beat_cpu = time.perf_counter(), time.thread_time()
        self._heartbeat.start()
        import threading

        self._watch_stop = threading.Event()
        threading.Thread(target=self._watch, name="monkey-watchdog", daemon=True).start()
        self._dismisser.start()
        # Every kernel variant compiled (or loaded from Numba's cache) before anything is measured:
        # a cold compile holds the GIL for seconds (LLVM), on whichever thread runs it, and the
        # first wide network of a run compiles its variants on the engine thread.
        from kernels.backend import CPUBackend

        CPUBackend().warmup()
        CPUBackend().warmup(wide=True)
        self._listen_for_compiles()
        self._window = self.make_window()
        self._adopt(self._window)
        self._warm_t = time.perf_counter()
        self._warm_step = 0
        self._driver.start(50)

    def _listen_for_compiles(self) -> None:
        """Log every Numba compile (a new specialisation holds the GIL for its whole compile, which
        freezes the window): after the warm-up, each one names the function, its types and seconds."""
        from numba.core import event

        monkey = self

        class Listener(event.Listener):
            def on_start(self, ev) -> None:
                self._t = time.perf_counter()

            def on_end(self, ev) -> None:
                if monkey._phase not in ("run", "closing"):
                    return
                data = ev.data or {}
                name = getattr(data.get("dispatcher"), "__qualname__", "?")
                sig = data.get("args", "")
                monkey.report.compiles += 1
                monkey.log(f"!!! numba compiled {name}{sig} in {time.perf_counter() - self._t:.2f} s "
                           f"(thread {threading.current_thread().name}) after {monkey._current}")

        event.install_listener("numba:compile", Listener())

    def _warmup(self) -> None:
        """Wait for the engine (cold compile on its thread), step one epoch, play a second, pause."""
        w = self.window
        if time.perf_counter() - self._warm_t > WARMUP_TIMEOUT_S:
            raise RuntimeError("the engine did not get ready during the warm-up")
        if self._warm_step == 0 and w.worker.isReady() and w.lastSnapshot() is not None:
            w.step()
            self._warm_step, self._warm_until = 1, time.perf_counter() + 0.5
        elif self._warm_step == 1 and time.perf_counter() > self._warm_until:
            w.togglePlay()
            self._warm_step, self._warm_until = 2, time.perf_counter() + 1.0
        elif self._warm_step == 2 and time.perf_counter() > self._warm_until:
            w.topBar.setPlaying(False)
            w._onPlayToggled(False)
            self.log(f"warm-up done in {time.perf_counter() - self._warm_t:.1f} s "
                     f"(worst GUI gap meanwhile {self.report.warmup_max_gap:.2f} s)")
            self._phase = "run"
            self._t0 = time.perf_counter()
            self.report.rss_mb = (rss_mb(), 0.0)  # from here: the kernels and the window are loaded
            self._driver.start(10)
            return
        self._driver.start(50)

    def _tick(self) -> None:
        if self._phase == "warmup":
            self._warmup()
            return
        if self._phase != "run":
            return
        elapsed = time.perf_counter() - self._t0
        if elapsed >= self.seconds:
            self._finish()
            return
        from PySide6.QtWidgets import QApplication

        self._pause = self.rng.choice((10, 30, 60, 100, 150, 250, 400))
        try:
            if QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None:
                self._act(elapsed)
        finally:  # an exception out of the action is counted by sys.excepthook; the run goes on
            self._driver.start(self._pause)

    def _finish(self) -> None:
        """Close the window (with whatever panels are open) and stop."""
        self._phase = "closing"
        self._current = "close the window"
        self.report.actions += 1
        self.log(f"#{self.report.actions} t={time.perf_counter() - self._t0:.1f}s close the window")
        with contextlib.suppress(RuntimeError):
            self.window.close()
        # Answers still on their way (a file opened just before) arrive in the next second: none
        # may open a dialog over the window that is gone (the dismisser closes it and counts it).
        self._closed_at = time.perf_counter()
        from PySide6.QtCore import QTimer

        QTimer.singleShot(1000, self._wrap_up)

    def _wrap_up(self) -> None:
        self._phase = "done"
        from playground.ui import i18n

        i18n.install(self._language)  # as it was before the run (the language menu may have changed it)
        self._heartbeat.stop()
        if getattr(self, "_watch_stop", None) is not None:
            self._watch_stop.set()
        self._dismisser.stop()
        self.report.seconds = time.perf_counter() - self._t0
        self.report.rss_mb = (self.report.rss_mb[0], rss_mb())
        self.remove_hooks()
        self.done = True

    def _act(self, elapsed: float) -> None:
        actions = (
            (18, self.click_button), (10, self.pick_combo), (5, self.move_slider),
            (7, self.type_spin), (7, self.type_line), (9, self.menu_action), (6, self.press_key),
            (6, self.play_pause), (7, self.paint), (6, self.drag_layer), (5, self.lab_panel),
            (3, self.lesson), (4, self.files_action), (self._switch_weight, self.switch_language),
            (1, self.resize), (5, self.wait),
        )
        weights = [w for w, _f in actions]
        (_w, fn), = self.rng.choices(actions, weights=weights)
        self.report.actions += 1
        n = self.report.actions
        try:
            what = fn()
        except RuntimeError as exc:  # a widget deleted under us (the window was rebuilt)
            what = f"{fn.__name__}: skipped ({exc})"
        self._current = f"{what}"
        self.log(f"#{n} t={elapsed:.1f}s {what}")
        if n % 200 == 0:  # the memory's course: a plateau, or a climb
            self.log(f"      RSS {rss_mb():.0f} MB")

    # ----- finding widgets -----

    def _avoided_widget(self, widget) -> bool:
        if "landscape" in self.avoid:
            dock = self.window.lab.docks.get("landscape")
            return dock is not None and (widget is dock or dock.isAncestorOf(widget))
        return False

    def _visible(self, kind):
        from PySide6.QtWidgets import QWidget

        w = self.window
        found = []
        for widget in [w, *w.findChildren(QWidget)]:
            if (isinstance(widget, kind) and widget.isVisible() and widget.isEnabled()
                    and not self._avoided_widget(widget)):
                found.append(widget)
        return found

    @staticmethod
    def describe(widget) -> str:
        from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

        parts = [type(widget).__name__]
        if widget.objectName():
            parts.append(f"#{widget.objectName()}")
        text = ""
        if isinstance(widget, QAbstractButton):
            text = widget.text() or widget.toolTip()
        elif isinstance(widget, QComboBox):
            text = widget.currentText()
        elif isinstance(widget, QLineEdit):
            text = widget.placeholderText() or widget.toolTip()
        else:
            text = widget.toolTip()
        if text:
            parts.append(repr(" ".join(text.split())[:50]))
        p = widget.parentWidget()
        while p is not None and not p.objectName():
            p = p.parentWidget()
        if p is not None:
            parts.append(f"in #{p.objectName()}")
        return " ".join(parts)

    def _junk(self) -> str:
        r = self.rng.random()
        if r < 0.5:
            return self.rng.choice(JUNK)
        if r < 0.8:
            return f"{self.rng.uniform(-5, 5):.{self.rng.randint(0, 4)}f}"
        return "".join(self.rng.choice("0123456789.-e+x ()*/<>=abc") for _ in range(self.rng.randint(1, 12)))

    def _safe_text(self, widget, text: str) -> str:
        """Avoid the known defect paths named in --avoid (other work owns them)."""
        if "eps0" in self.avoid:
            from playground.ui.optimizer_settings import OptimizerSettingsButton

            for button in self.window.findChildren(OptimizerSettingsButton):
                if button.fields.get("eps") is widget:
                    try:
                        if float(text) == 0.0:
                            return "1e-8"
                    except ValueError:
                        pass
        return text

    def _type(self, widget, text: str, finish: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        widget.setFocus()
        QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(widget, Qt.Key.Key_Backspace)
        for ch in self._safe_text(widget, text):
            if ch.isascii():
                QTest.keyClicks(widget, ch)
            else:  # QTest maps ASCII only: a typed character as the input method delivers it
                from PySide6.QtCore import QEvent
                from PySide6.QtGui import QKeyEvent
                from PySide6.QtWidgets import QApplication

                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        if finish == "enter":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        elif finish == "tab":
            QTest.keyClick(widget, Qt.Key.Key_Tab)
        elif finish == "escape":
            QTest.keyClick(widget, Qt.Key.Key_Escape)

    # ----- the actions (each returns what it did, for the log) -----

    def click_button(self) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QAbstractButton

        buttons = self._visible(QAbstractButton)
        if not buttons:
            return "click: no button"
        b = self.rng.choice(buttons)
        what = f"click {self.describe(b)}"
        QTest.mouseClick(b, Qt.MouseButton.LeftButton)
        return what

    def pick_combo(self) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QComboBox

        combos = [c for c in self._visible(QComboBox) if c.count()]
        if not combos:
            return "combo: none"
        c = self.rng.choice(combos)
        if c.isEditable() and self.rng.random() < 0.4:
            text = self._junk()
            self._type(c.lineEdit(), text, self.rng.choice(("enter", "tab")))
            return f"type {text!r} into {self.describe(c)}"
        target = self.rng.randrange(c.count())
        what = f"combo {self.describe(c)} -> {c.itemText(target)!r}"
        c.setFocus()
        key = Qt.Key.Key_Down if target > c.currentIndex() else Qt.Key.Key_Up
        for _ in range(abs(target - c.currentIndex()) + 1):
            if c.currentIndex() == target or not c.isVisible():
                break
            QTest.keyClick(c, key)
        return what

    def move_slider(self) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QSlider

        sliders = self._visible(QSlider)
        if not sliders:
            return "slider: none"
        s = self.rng.choice(sliders)
        key = self.rng.choice((Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
                               Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Right))
        s.setFocus()
        for _ in range(self.rng.randint(1, 4)):
            QTest.keyClick(s, key)
        return f"slider {self.describe(s)} {key.name} -> {s.value()}"

    def type_spin(self) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QAbstractSpinBox

        spins = self._visible(QAbstractSpinBox)
        if not spins:
            return "spin: none"
        s = self.rng.choice(spins)
        if self.rng.random() < 0.4:
            key = self.rng.choice((Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown))
            s.setFocus()
            for _ in range(self.rng.randint(1, 5)):
                QTest.keyClick(s, key)
            return f"spin {self.describe(s)} {key.name}"
        text = self._junk()
        line = s.lineEdit() if hasattr(s, "lineEdit") else s
        self._type(line, text, self.rng.choice(("enter", "tab", "none")))
        return f"type {text!r} into {self.describe(s)}"

    def type_line(self) -> str:
        from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit

        edits = [e for e in self._visible(QLineEdit)
                 if not isinstance(e.parentWidget(), (QAbstractSpinBox, QComboBox)) and not e.isReadOnly()]
        if not edits:
            return "line edit: none"
        e = self.rng.choice(edits)
        text = self._junk()
        finish = self.rng.choice(("enter", "tab", "enter", "escape"))
        self._type(e, text, finish)
        return f"type {text!r} + {finish} into {self.describe(e)}"

    def _menu_actions(self):
        from PySide6.QtWidgets import QMenu

        out = []

        def walk(menu: QMenu, path: str) -> None:
            for a in menu.actions():
                if a.isSeparator() or not a.isEnabled() or not a.isVisible():
                    continue
                if a.menu() is not None:
                    walk(a.menu(), f"{path} > {a.text()}")
                else:
                    out.append((f"{path} > {a.text()}", a))

        for top in self.window.menuBar().actions():
            if top.menu() is not None:
                walk(top.menu(), top.text())
        return out

    def _avoided_action(self, action) -> bool:
        if "landscape" not in self.avoid:
            return False
        lab = self.window.lab
        dock = lab.docks.get("landscape")
        lessons = {a for n, a in lab.lessonActions.items() if "landscape" in n}
        return action in lessons or (dock is not None and action is dock.toggleViewAction())

    def menu_action(self) -> str:
        w = self.window
        language = set(w.languageActions.values())
        actions = [(p, a) for p, a in self._menu_actions()
                   if a is not w.quitAction and a not in language and not self._avoided_action(a)]
        if not actions:
            return "menu: none"
        path, a = self.rng.choice(actions)
        a.trigger()
        return f"menu {path.replace('&', '')}"

    def press_key(self) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        K, M = Qt.Key, Qt.KeyboardModifier
        key, mods, name = self.rng.choice((
            (K.Key_Space, M.NoModifier, "Space"), (K.Key_Right, M.NoModifier, "Right"),
            (K.Key_Z, M.ControlModifier, "Ctrl+Z"), (K.Key_Y, M.ControlModifier, "Ctrl+Y"),
            (K.Key_Z, M.ControlModifier | M.ShiftModifier, "Ctrl+Shift+Z"),
            (K.Key_R, M.ControlModifier, "Ctrl+R"), (K.Key_G, M.ControlModifier, "Ctrl+G"),
            (K.Key_Escape, M.NoModifier, "Escape"), (K.Key_Delete, M.NoModifier, "Delete"),
            (K.Key_Left, M.AltModifier, "Alt+Left"), (K.Key_Right, M.AltModifier, "Alt+Right"),
            (K.Key_Tab, M.NoModifier, "Tab"),
        ))
        target = QApplication.focusWidget() or self.window
        if not target.window() is self.window and not target.window().isVisible():
            target = self.window
        QTest.keyClick(target, key, mods)
        return f"key {name} on {self.describe(target)}"

    def play_pause(self) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        w = self.window
        choice = self.rng.random()
        if choice < 0.6:
            b = w.topBar.playButton
            if b.isEnabled() and b.isVisible():
                QTest.mouseClick(b, Qt.MouseButton.LeftButton)
            return f"click Play/Pause (now {'playing' if b.isChecked() else 'paused'})"
        if choice < 0.85:
            w.stepAction.trigger()
            return "Training > Step one epoch"
        w.playAction.trigger()
        return "Training > Play / Pause"

    def paint(self) -> str:
        import pyqtgraph as pg
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        w = self.window
        bar = w.userData.paintBar
        if self.rng.random() < 0.2:
            from PySide6.QtWidgets import QAbstractButton

            buttons = [b for b in bar.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]
            if buttons:
                b = self.rng.choice(buttons)
                QTest.mouseClick(b, Qt.MouseButton.LeftButton)
                return f"paint bar: click {self.describe(b)}"
        views = self._visible(pg.GraphicsView)
        if not views:
            return "paint: no plot"
        view = self.rng.choice(views) if self.rng.random() < 0.3 else w.outputPanel.boundary
        vp = view.viewport()
        if vp.width() < 4 or vp.height() < 4:
            return "paint: plot too small"

        def point():
            return QPoint(self.rng.randrange(vp.width()), self.rng.randrange(vp.height()))

        button = Qt.MouseButton.RightButton if self.rng.random() < 0.15 else Qt.MouseButton.LeftButton
        mods = Qt.KeyboardModifier.ShiftModifier if self.rng.random() < 0.3 else Qt.KeyboardModifier.NoModifier
        if self.rng.random() < 0.3:
            a, b = point(), point()
            QTest.mousePress(vp, Qt.MouseButton.LeftButton, mods, a)
            for i in range(1, 6):
                QTest.mouseMove(vp, a + (b - a) * (i / 5))
            QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, mods, b)
            return f"drag on {type(view).__name__} {a.toTuple()} -> {b.toTuple()}"
        p = point()
        for _ in range(self.rng.randint(1, 3)):
            QTest.mouseClick(vp, button, mods, p)
        return f"{button.name} {mods.name} click on {type(view).__name__} at {p.toTuple()}"

    def _fake_drag(self, drag):
        """Where a drag started by the window lands: a gap, the palette, the strip or nowhere."""
        from PySide6.QtCore import QEvent, QPoint, Qt
        from PySide6.QtWidgets import QApplication

        from playground.ui.builder import drop_event

        b = self.window.builder
        mime = drag.mimeData()
        where = self.rng.choice(("gap", "gap", "palette", "outside"))
        self.log(f"      drag lands: {where}")
        vp = b.view.viewport()
        if where == "outside":
            pos = b.gapPoint(0)
            QApplication.sendEvent(vp, drop_event(QEvent.Type.DragEnter, pos, mime))
            from PySide6.QtGui import QDragLeaveEvent

            QApplication.sendEvent(vp, QDragLeaveEvent())
            return Qt.DropAction.IgnoreAction
        if where == "palette":
            target, pos = b.layerPalette, b.layerPalette.rect().center()
        else:
            target, pos = vp, b.gapPoint(self.rng.randint(0, 6))
        QApplication.sendEvent(target, drop_event(QEvent.Type.DragEnter, pos, mime))
        move = drop_event(QEvent.Type.DragMove, pos + QPoint(1, 0), mime)
        QApplication.sendEvent(target, move)
        if not move.isAccepted():
            return Qt.DropAction.IgnoreAction
        event = drop_event(QEvent.Type.Drop, pos, mime)
        QApplication.sendEvent(target, event)
        return event.dropAction() if event.isAccepted() else Qt.DropAction.IgnoreAction

    def drag_layer(self) -> str:
        from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
        from PySide6.QtGui import QMouseEvent
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from playground.ui.builder import drop_event
        from playground.ui.layer_palette import make_mime

        b = self.window.builder
        r = self.rng.random()
        if r < 0.1:  # something foreign dropped on the network
            from PySide6.QtCore import QMimeData

            mime = QMimeData()
            mime.setText(self._junk())
            if self.rng.random() < 0.5:
                mime = make_mime({"source": "layer", "kind": "dense", "index": self.rng.randint(-2, 9),
                                  "token": "not-this-window"})
            vp = b.view.viewport()
            pos = b.gapPoint(self.rng.randint(0, 5))
            for kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
                QApplication.sendEvent(vp, drop_event(kind, pos, mime))
            return "drop a foreign payload on the network"
        n = len(b._handles)
        if r < 0.55 or n == 0:
            kinds = list(b.layerPalette.items)
            kind = self.rng.choice(kinds)
            widget = b.layerPalette.items[kind]
            what = f"drag palette {kind}"
        else:
            index = self.rng.randrange(n)
            widget = b.handle(index)
            what = f"drag layer header {index}"
        if not widget.isVisible():
            return f"{what}: not visible"
        start = QPoint(widget.width() // 2, min(8, widget.height() // 2))
        QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        end = start + QPoint(QApplication.startDragDistance() + 10, 0)
        if widget.isVisible():
            QApplication.sendEvent(widget, QMouseEvent(
                QEvent.Type.MouseMove, QPointF(end), QPointF(widget.mapToGlobal(end)),
                Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
        with contextlib.suppress(RuntimeError):
            if widget.isVisible():
                QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
        return what

    def lab_panel(self) -> str:
        docks = self.window.lab.docks
        key = self.rng.choice([k for k in docks if not ("landscape" in self.avoid and k == "landscape")])
        dock = docks[key]
        r = self.rng.random()
        if r < 0.45:
            if dock.isVisible():
                dock.close()
                return f"lab: close {key}"
            self.window.lab.showPanel(key)
            return f"lab: open {key}"
        if r < 0.7 and dock.isVisible():
            dock.setFloating(not dock.isFloating())
            return f"lab: {'float' if dock.isFloating() else 'dock'} {key}"
        action = dock.toggleViewAction()
        action.trigger()
        return f"lab menu: toggle {key}"

    def lesson(self) -> str:
        lab = self.window.lab
        name = self.rng.choice([n for n, a in lab.lessonActions.items() if not self._avoided_action(a)])
        lab.lessonActions[name].trigger()
        return f"Lessons > {name}"

    def _make_garbage(self) -> None:
        g = self.files
        (g / "empty.json").write_text("")
        (g / "truncated.json").write_text('{"layers": [{"type": "dense", "units": 4')
        (g / "not_json.json").write_bytes(bytes(range(256)) * 4)
        (g / "list.json").write_text("[1, 2, 3]")
        (g / "wrong_types.json").write_text(json.dumps(
            {"layers": "many", "data": {"name": 7}, "optimizer": {"name": "adam", "lr": "fast"}}))
        (g / "bad_state.json").write_text(json.dumps(
            {"layers": [], "state": {"epoch": -5, "weights": [[1, 2]], "history": {"epoch": "x"}}}))
        (g / "huge_layer.json").write_text(json.dumps(
            {"layers": [{"type": "dense", "units": 10**9, "activation": "tanh"}]}))
        (g / "points.csv").write_text("x,y,label\n0,0,0\n1,1,1\n2,2,0\n-1,1,1\n")
        (g / "bad.csv").write_text("x,y,label\n1,2\nfoo,bar,baz\n" + "9e999,1,1\n")
        (g / "a_folder.json").mkdir(exist_ok=True)

    def _pick_path(self, save: bool) -> str:
        r = self.rng.random()
        if r < 0.1:
            return ""  # cancelled
        if save:
            if r < 0.2:
                return str(self.files / "a_folder.json")  # a folder
            if r < 0.25:
                return str(self.files / "no_such_dir" / "x.json")
            path = self.files / f"saved_{self.rng.randint(0, 3)}.json"
            self._saved.append(path)
            return str(path)
        garbage = sorted(p for p in self.files.iterdir() if not p.name.startswith("saved_"))
        good = [p for p in self._saved if p.exists()]
        if good and r < 0.5:
            return str(self.rng.choice(good))
        if r < 0.55:
            return str(self.files / "does_not_exist.json")
        return str(self.rng.choice(garbage))

    def files_action(self) -> str:
        entries = [(p, a) for p, a in self._menu_actions()
                   if a.text().endswith("…") and ("File" in p.replace("&", "") or "文件" in p)]
        if not entries:
            return "files: no file action"
        path, a = self.rng.choice(entries)
        a.trigger()
        return f"menu {path.replace('&', '')}"

    def switch_language(self) -> str:
        from playground.ui import i18n

        now = time.perf_counter()
        if now - self._last_language < 20:
            return self.wait()
        self._last_language = now
        w = self.window
        target = i18n.ENGLISH if i18n.current() != i18n.ENGLISH else i18n.CHINESE
        w.languageActions[target].trigger()
        self.report.language_switches += 1
        return f"View > Language > {target}"

    def resize(self) -> str:
        w = self.window
        size = self.rng.choice(((1280, 720), (1366, 768), (1600, 1000), (900, 600), (1920, 1080)))
        w.resize(*size)
        return f"resize to {size}"

    def wait(self) -> str:
        self._pause = self.rng.choice((500, 1000, 2000))
        return f"wait {self._pause} ms"

    # ----- popups and dialogs -----

    def _dismiss(self) -> None:
        """Answer a popup menu or a modal dialog: fill its fields with junk sometimes, then close it."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import (
            QApplication,
            QDialog,
            QFileDialog,
            QLineEdit,
            QMenu,
            QMessageBox,
        )

        popup = QApplication.activePopupWidget()
        if popup is not None:
            edits = [e for e in popup.findChildren(QLineEdit) if e.isVisible() and e.isEnabled()]
            if edits and self.rng.random() < 0.7:
                e = self.rng.choice(edits)
                text = self._junk()
                self._type(e, text, "enter")
                self.log(f"      popup: type {text!r} + Enter into a field of {type(popup).__name__}")
                if self.rng.random() < 0.5:
                    return
            if isinstance(popup, QMenu) and self.rng.random() < 0.5:
                actions = [a for a in popup.actions() if a.isEnabled() and not a.isSeparator()
                           and a.menu() is None and a.text() != ""]
                if actions:
                    a = self.rng.choice(actions)
                    self.log(f"      popup: choose {a.text()!r}")
                    popup.close()
                    a.trigger()
                    return
            self.log(f"      popup: close {type(popup).__name__}")
            popup.close()
            return
        modal = QApplication.activeModalWidget()
        if modal is None:
            return
        if getattr(self, "_closed_at", None) is not None:
            what = f"{type(modal).__name__} {modal.windowTitle()!r}"
            self.report.exceptions.append(f"a dialog after the window closed: {what}")
            self.log(f"!!! A DIALOG AFTER THE WINDOW CLOSED: {what}")
        if isinstance(modal, QMessageBox):
            self._check_words(f"message box {modal.windowTitle()}: {modal.text()}")
            buttons = modal.buttons()
            b = self.rng.choice(buttons) if buttons else None
            self.log(f"      message box {modal.windowTitle()!r}: {' '.join(modal.text().split())[:300]}"
                     f" -> {b.text() if b else 'close'}")
            if b is not None:
                QTest.mouseClick(b, Qt.MouseButton.LeftButton)
            else:
                modal.close()
            return
        if isinstance(modal, QFileDialog):  # answered with a path in the work folder (or cancelled)
            path = self._pick_path(modal.acceptMode() == QFileDialog.AcceptMode.AcceptSave)
            self.log(f"      file dialog {modal.windowTitle()!r} answered: {path or '(cancel)'}")
            if path:
                modal.fileSelected.emit(path)  # as the dialog does once the user has chosen
                modal.close()
            else:
                modal.reject()
            return
        if isinstance(modal, QDialog):
            self.log(f"      dialog {type(modal).__name__} {modal.windowTitle()!r}: reject")
            modal.reject()
            return
        modal.close()


def run(minutes: float, seed: int, workdir: str | None = None, log: Callable[[str], None] = print,
        max_stall: float = 1.0, avoid: tuple[str, ...] = (), switch_weight: int = 1) -> Report:
    """Run the monkey in this process's QApplication (made here if there is none) and return its report."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    import playground.ui  # noqa: F401 - package set-up before any Qt call

    app = QApplication.instance() or QApplication([])
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="monkey-"))
        monkey = Monkey(seed, minutes * 60, workdir, log=log, max_stall=max_stall, avoid=avoid,
                        switch_weight=switch_weight)
        monkey.start()
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: monkey.done and loop.quit())
        poll.start(100)
        loop.exec()
        poll.stop()
        app.processEvents()
    log(monkey.report.summary())
    return monkey.report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-stall", type=float, default=1.0, help="seconds (default 1)")
    parser.add_argument("--switch-weight", type=int, default=1,
                        help="weight of a language switch among the actions (default 1, ~1 in 100)")
    parser.add_argument("--avoid", default="",
                        help="comma-separated parts to avoid: eps0, landscape; none by default")
    parser.add_argument("--log", help="also write the log to this file")
    parser.add_argument("--quiet", action="store_true", help="print problems and the summary only")
    args = parser.parse_args(argv)
    faulthandler.enable()  # a crash in native code prints the Python stacks of every thread
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="monkey-") as tmp:
        os.environ.update(user_folders(Path(tmp) / "user"))
        out = open(args.log, "w", encoding="utf-8") if args.log else None  # noqa: SIM115

        def log(line: str) -> None:
            if not args.quiet or line.startswith(("!!!", "monkey seed", "warm-up", "--- stacks")):
                print(line, flush=True)
            if out is not None:
                out.write(line + "\n")
                out.flush()

        try:
            report = run(args.minutes, args.seed, str(Path(tmp) / "work"), log, args.max_stall,
                         tuple(a for a in args.avoid.split(",") if a), args.switch_weight)
        finally:
            if out is not None:
                out.close()
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
