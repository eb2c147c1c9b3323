"""The learning lab: lessons, metrics and stop rules, gradient flow, hidden space, compare runs, exports.

`installLab(host, view)` adds the panels as dock widgets and fills the Lab, Lessons and File > Export
menus of the window that lent the host. The panels only draw: what they show is computed on the engine
thread (a SetProbe command puts it in each frame) or on the compare worker's thread.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from playground.session.commands import SetProbe, SetStopRule
from playground.session.lab_extras import activation_histograms, last_gradients, metrics_extra
from playground.session.snapshot import Snapshot
from playground.ui import exports, i18n
from playground.ui.activations_panel import ActivationsPanel
from playground.ui.backprop_panel import BackpropPanel
from playground.ui.compare_runs import CompareView
from playground.ui.gradient_panel import GradientPanel
from playground.ui.hidden_space import HiddenSpacePanel
from playground.ui.host import MenuId, PlotId, WindowHost
from playground.ui.landscape_panel import LandscapePanel
from playground.ui.lesson_panel import LESSON_PANELS, LessonPanel, lesson_title
from playground.ui.link_gradients import LinkGradientOverlay
from playground.ui.metrics_panel import MetricsPanel, stop_message
from playground.ui.network_view import NetworkView

BOTTOM_DOCK_HEIGHT = 290  # an opened bottom panel gets this or its size hint, if taller,
BOTTOM_DOCK_SHARE = 0.36  # but at most this share of the window: the network view keeps the rest
LESSON_DOCK_WIDTH = 440
DOCK_STATE_KEY = "window/labDocks"
DOCK_STATE_VERSION = 1
LAZY_PANELS = ("hidden", "compare", "landscape")  # made when first shown (see Lab._panel)
# What a PNG export names in its messages.
PLOT_NAMES = {
    "boundary": QT_TRANSLATE_NOOP("Lab", "the decision boundary plot"),
    "loss": QT_TRANSLATE_NOOP("Lab", "the loss plot"),
    "gradients": QT_TRANSLATE_NOOP("Lab", "the gradient flow plot"),
    "hidden": QT_TRANSLATE_NOOP("Lab", "the hidden space plot"),
    "compare": QT_TRANSLATE_NOOP("Lab", "the compared loss curves"),
}


class Lab(QObject):
    """Owns the lab panels of one window and keeps the worker computing what the visible ones need."""

    def __init__(self, host: WindowHost, view: NetworkView) -> None:
        """view: the network view whose links can show gradients instead of weights."""
        super().__init__(host)
        self.host = host
        self.lessons = LessonPanel()
        self.metrics = MetricsPanel()
        self.gradients = GradientPanel()
        self.activations = ActivationsPanel()
        self.backprop = BackpropPanel(host, view)  # its traces come from the engine thread
        self.linkOverlay = LinkGradientOverlay(view)
        # The hidden space, the compared runs and the optimizer landscape are a third of the
        # window's build (pyqtgraph plots and their menus): each is made when its panel first
        # shows (or something asks for it), so a start or a language switch does not wait for
        # panels nobody opened. The others draw from every frame's new rows: made at once.
        self._lazy: dict[str, QWidget] = {}
        self._compareTarget: int | None = None  # carried over for a compare view not made yet
        self._sent: dict[str, Any] = {}  # extras the worker computes now
        self._pendingLesson: tuple[str, dict] | None = None
        self.docks: dict[str, QDockWidget] = {}
        self._compareLesson: str | None = None  # the lesson whose runs the compare view holds
        for key, title, widget, area in (
            ("lesson", self.tr("Lesson"), self.lessons, Qt.DockWidgetArea.BottomDockWidgetArea),
            (
                "metrics",
                self.tr("Metrics and stop rules"),
                self.metrics,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
            (
                "gradients",
                self.tr("Gradient flow"),
                self.gradients,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
            ("hidden", self.tr("Hidden space"), None, Qt.DockWidgetArea.BottomDockWidgetArea),
            ("compare", self.tr("Compare runs"), None, Qt.DockWidgetArea.BottomDockWidgetArea),
            (
                "landscape",
                self.tr("Optimizer landscape"),
                None,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
            (
                "activations",
                self.tr("Activations"),
                self.activations,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
            (
                "backprop",
                self.tr("Backprop step by step"),
                self.backprop,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
        ):
            self.docks[key] = self._dock(key, title, widget, area)
        # The lesson's text on the left of the bottom area, the panels as tabs on its right, so a
        # student reads the lesson while watching the panel it talks about.
        tabs = [
            self.docks[k]
            for k in (
                "metrics", "gradients", "hidden", "compare", "landscape", "activations", "backprop"
            )
        ]
        host.docks.split(self.docks["lesson"], tabs[0], Qt.Orientation.Horizontal)
        for other in tabs[1:]:
            host.docks.tabify(tabs[0], other)
        for dock in self.docks.values():
            dock.hide()
        self._buildMenus()
        self._connect()
        self._unshown: set[str] = set()  # floating panels restored, to be shown in later passes
        self._restoring = False
        self._restoreDocks()

    # ----- construction -----

    def _dock(
        self, key: str, title: str, widget: QWidget | None, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        """widget None: the panel is made when the dock first shows (see _panel)."""
        dock = QDockWidget(title)
        dock.setObjectName(f"labDock_{key}")
        dock.setWidget(widget if widget is not None else QWidget())
        dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        self.host.docks.add(dock, area)
        if widget is None:
            dock.visibilityChanged.connect(lambda v, k=key: self._onLazyDockShown(k, v))
        dock.visibilityChanged.connect(lambda _v: self._syncExtras())
        if key == "backprop":  # it draws on the network view only while its tab is in front
            dock.visibilityChanged.connect(
                lambda v: self.backprop.setActive(bool(v) and not self.host.isClosed())
            )
        return dock

    @property
    def hidden(self) -> HiddenSpacePanel:
        return self._panel("hidden")

    @property
    def compare(self) -> CompareView:
        return self._panel("compare")

    @property
    def landscape(self) -> LandscapePanel:
        return self._panel("landscape")

    def _onLazyDockShown(self, key: str, visible: bool) -> None:
        """A dock made on first use shows (its tab raised, restored, toggled): its panel is made
        after this signal, never inside it (a dock's widget replaced while the window's layout
        handles a tab change or a show is not safe), and meanwhile the dock shows empty."""
        if visible and key not in self._lazy:
            if self._restoring:  # the window's build: made in a pass of its own
                self.host.later(lambda: self._panel(key))
            else:
                QTimer.singleShot(0, self, lambda: self._panel(key))

    def _panel(self, key: str) -> Any:
        """The panel of a dock made on first use: made now if it is not yet."""
        panel = self._lazy.get(key)
        if panel is not None:
            return panel
        if key == "hidden":
            panel = HiddenSpacePanel()
            panel.requestChanged.connect(lambda _r: self._syncExtras(force=("hidden",)))
        elif key == "compare":
            panel = CompareView()
            if self._compareTarget is not None:
                panel.targetSpin.setValue(self._compareTarget)
            panel.configProvider = self._mainConfig
        elif key == "landscape":
            panel = LandscapePanel()
        else:
            raise KeyError(key)
        self._lazy[key] = panel
        if key != "hidden":
            if self.host.isClosed():
                panel.shutdown()  # made while the window closes: it asks the engine nothing
            else:
                panel.attach(self.host.client)  # its runs or races train on the engine thread
        placeholder = self.docks[key].widget()
        self.docks[key].setWidget(panel)
        placeholder.deleteLater()
        snap = self.host.lastSnapshot()
        if key == "hidden":
            if snap is not None:
                panel.onSnapshot(snap)  # the network's layers, as the other panels have them
            self._syncExtras()  # the engine computes its projection from now on, if it shows
        return panel

    def _buildMenus(self) -> None:
        host = self.host
        self.exportMenu = QMenu(self.tr("&Export"), host.dialogParent())
        self.exportActions: dict[str, QAction] = {}
        for key, text, slot in (
            ("pytorch", self.tr("Network as a &PyTorch module (.py)…"), self._exportPytorch),
            ("equations", self.tr("Network as &equations (.txt)…"), self._exportEquations),
            ("csv", self.tr("Loss &history (.csv)…"), self._exportCsv),
            (
                "boundary",
                self.tr("&Decision boundary (.png)…"),
                lambda: self._exportPng("boundary"),
            ),
            ("loss", self.tr("&Loss plot (.png)…"), lambda: self._exportPng("loss")),
            (
                "gradients",
                self.tr("&Gradient flow plot (.png)…"),
                lambda: self._exportPng("gradients"),
            ),
            ("hidden", self.tr("Hidden &space plot (.png)…"), lambda: self._exportPng("hidden")),
            (
                "compare",
                self.tr("&Compared loss curves (.png)…"),
                lambda: self._exportPng("compare"),
            ),
        ):
            a = self.exportMenu.addAction(text)
            a.triggered.connect(slot)
            self.exportActions[key] = a
        host.addBeforeQuit(self.exportMenu)

        self.lessonMenu = host.menu(MenuId.LESSONS)
        self.lessonActions: dict[str, QAction] = {}
        for name, preset in self.lessons.presets.items():
            a = self.lessonMenu.addAction(lesson_title(preset))
            a.setStatusTip(i18n.lesson_text(preset, "summary"))
            a.triggered.connect(lambda _checked=False, n=name: self.lessons.load(n))
            self.lessonActions[name] = a

        self.labMenu = host.menu(MenuId.LAB)
        for key in (
            "lesson", "metrics", "gradients", "hidden", "compare", "landscape", "activations", "backprop"
        ):
            a = self.docks[key].toggleViewAction()
            # Opened from the menu, a panel comes to the front with room to be used.
            a.triggered.connect(lambda checked, k=key: checked and self.showPanel(k))
            self.labMenu.addAction(a)
        self.labMenu.addSeparator()
        self.linkAction = QAction(self.tr("Links show |∂L/∂w| instead of w"), self, checkable=True)
        self.linkAction.toggled.connect(self.gradients.linkCheck.setChecked)
        self.gradients.linkCheck.toggled.connect(self.linkAction.setChecked)
        self.labMenu.addAction(self.linkAction)

    def _connect(self) -> None:
        host = self.host
        host.frameDrawn.connect(self.onSnapshot)
        host.client.stopped.connect(self._onStopped)
        host.client.ready.connect(self._onReady)
        self.lessons.lessonChosen.connect(self.loadLesson)
        self.metrics.stopRuleChanged.connect(self._sendStopRule)
        self.gradients.linkGradientsToggled.connect(self._onLinkGradients)
        host.closing.connect(self._onClosing)

    # ----- window events -----

    def _onClosing(self) -> None:
        if not self._unshown:  # else the panels are where the stored state says, some not shown yet
            self.host.store.setBytes(DOCK_STATE_KEY, self.host.docks.saveState(DOCK_STATE_VERSION))
        for key in ("compare", "landscape"):
            if key in self._lazy:
                self._lazy[key].shutdown()

    def _restoreDocks(self) -> None:
        """Put the panels where the last window had them. Panels floating in windows of their own
        show one per pass of the event loop, after this one: each is a window to lay out and paint
        (50-150 ms of the GUI thread with its plots), and a language switch with several of them
        floating held the thread for over a second."""
        state = self.host.store.bytes(DOCK_STATE_KEY)
        if state is None:
            return
        self._restoring = True
        try:
            self.host.docks.restoreState(state, DOCK_STATE_VERSION)
        finally:
            self._restoring = False
        for key, dock in self.docks.items():
            if dock.isFloating() and not dock.isHidden():
                dock.hide()
                self._unshown.add(key)
        if self._unshown:  # queued once the window's build is over: after the window shows
            QTimer.singleShot(0, self, self._queueRestored)

    def _queueRestored(self) -> None:
        for key in sorted(self._unshown):
            self.host.later(lambda k=key: self._showRestored(k))

    def _showRestored(self, key: str) -> None:
        if key in self._unshown and not self.host.isClosed():
            self._unshown.discard(key)
            self.docks[key].show()

    def showPanel(self, key: str) -> None:
        """Show a lab panel, bring its tab to the front and give it room to be used."""
        if key in LAZY_PANELS:
            self._panel(key)  # made before its dock shows
        dock = self.docks[key]
        first = not any(
            d.isVisible() for k, d in self.docks.items() if k != key and not d.isFloating()
        )
        dock.show()
        dock.raise_()
        docks = self.host.docks
        if dock.isFloating() or docks.areaOf(dock) != Qt.DockWidgetArea.BottomDockWidgetArea:
            return
        if first:
            docks.growDown(BOTTOM_DOCK_HEIGHT)  # room for the bottom panels where the screen has it
        # The layout places a new dock once events run: size it then.
        QTimer.singleShot(0, self, lambda: self._sizeBottomPanel(key))

    def _sizeBottomPanel(self, key: str) -> None:
        dock = self.docks[key]
        docks = self.host.docks
        if not dock.isVisible() or dock.isFloating():
            return
        if docks.areaOf(dock) == Qt.DockWidgetArea.BottomDockWidgetArea:
            window = docks.windowSize()
            share = int(BOTTOM_DOCK_SHARE * window.height())
            wanted = max(BOTTOM_DOCK_HEIGHT, dock.sizeHint().height())
            height = max(dock.minimumSizeHint().height(), min(wanted, share))
            if not height <= dock.height() <= max(height, share):  # too small, or crowds the view
                docks.resize([dock], [height], Qt.Orientation.Vertical)
            lesson = self.docks["lesson"]
            if key != "lesson" and lesson.isVisible() and not lesson.isFloating():
                width = min(LESSON_DOCK_WIDTH, window.width() - dock.minimumSizeHint().width())
                width = max(width, lesson.minimumSizeHint().width())
                docks.resize([lesson], [width], Qt.Orientation.Horizontal)
        docks.keepOnScreen()  # a safety net: the panels' minimum sizes fit small screens

    # ----- the worker -----

    @Slot()
    def _onReady(self) -> None:
        # Commands sent before the engine existed were dropped: send the state again.
        self._sent = {}
        self._syncExtras()
        self._sendStopRule(self.metrics.rule())
        if self._pendingLesson is not None:
            self.loadLesson(*self._pendingLesson)
            self._pendingLesson = None

    def _wantedExtras(self) -> dict[str, Any]:
        wanted: dict[str, Any] = {}
        if self.docks["metrics"].isVisible():  # a dock behind another tab is not visible
            wanted["metrics"] = metrics_extra
        if self.docks["hidden"].isVisible() and "hidden" in self._lazy:  # asked for once it is made
            wanted["hidden"] = None
        if self.docks["activations"].isVisible():
            wanted["activations"] = activation_histograms  # a new HiddenSpace when the request changes
        if self.linkOverlay.enabled:
            wanted["gradients"] = last_gradients
        return wanted

    def _syncExtras(self, force: tuple[str, ...] = ()) -> None:
        """Ask the worker for what the visible panels draw, and to stop computing the rest."""
        if self.host.isClosed():
            return
        wanted = self._wantedExtras()
        for name in [n for n in self._sent if n not in wanted]:
            self._sent.pop(name, None)  # before sending: a re-entrant call finds it gone
            self.host.client.send(SetProbe(name, None))
        for name, fn in wanted.items():
            if name in self._sent and name not in force:
                continue
            if name == "hidden":
                fn = self.hidden.request()
            self.host.client.send(SetProbe(name, fn))  # the engine publishes a frame after it
            self._sent[name] = fn

    def _sendStopRule(self, rule: dict[str, Any] | None) -> None:
        self.host.client.send(SetStopRule(copy.deepcopy(rule)))

    @Slot(str, object)
    def _onStopped(self, reason: str, row: dict[str, Any]) -> None:
        self.host.setPlaying(False)
        text = stop_message(reason, row)
        self.metrics.showStopped(reason, row)
        self.host.showBanner(text, "info")

    @Slot(object)
    def onSnapshot(self, snap: Snapshot) -> None:
        """Hand the snapshot to every panel (after the main window drew it)."""
        if snap.seq >= self.host.client.lastSentSeq() and snap.stop_rule != self.metrics.rule():
            self.metrics.showRule(snap.stop_rule)  # the session's rule: it ends with its experiment
        self.gradients.onSnapshot(snap)
        self.metrics.onSnapshot(snap)
        if "hidden" in self._lazy:
            self._lazy["hidden"].onSnapshot(snap)
        self.activations.onSnapshot(snap)
        self.backprop.onSnapshot(snap)
        plane = snap.image_shape is None  # images have no decision boundary to export
        if self.exportActions["boundary"].isEnabled() != plane:
            self.exportActions["boundary"].setEnabled(plane)
        grads = snap.extra.get("gradients")
        if grads is not None:
            self.linkOverlay.setGradients(grads)

    def _onLinkGradients(self, on: bool) -> None:
        self.linkOverlay.setEnabled(on)
        self._syncExtras()

    # ----- lessons -----

    def _mainConfig(self) -> dict[str, Any]:
        snap = self.host.lastSnapshot()
        return copy.deepcopy(snap.config) if snap is not None else {}

    @Slot(str, dict)
    def loadLesson(self, name: str, preset: dict[str, Any]) -> None:
        """Set up a lesson: its network in the window, its epochs as the stop rule, its runs if any."""
        if not self.host.client.isReady():
            self._pendingLesson = (name, preset)
            return
        self.showPanel("lesson")
        self.host.loadConfig(copy.deepcopy(preset["config"]))
        self.metrics.setStopAtEpoch(int(preset.get("epochs", 500)))
        if preset.get("compare"):
            self._compareLesson = name
            self.compare.setRuns(
                preset["compare"], i18n.lesson_text(preset, "labels"), int(preset.get("epochs", 500))
            )
        race = preset.get("landscape")
        if race:
            self.landscape.setRace(
                race["surface"], race["optimizers"], tuple(race["start"]), int(race["steps"])
            )
        panel = (
            "compare"
            if preset.get("compare")
            else "landscape"
            if race
            else LESSON_PANELS.get(name)
        )
        if panel is not None:
            self.showPanel(panel)
        self.host.showStatus(
            self.tr("Loaded the lesson: {title}").format(title=lesson_title(preset)), 5000
        )

    # ----- carried over when the window is rebuilt in another language -----

    def viewState(self) -> dict[str, Any]:
        """What the panels hold beyond the experiment: stop rule, lesson, compared runs, link mode."""
        compare = self._lazy.get("compare")
        frame = (compare.frame if compare is not None else None) or {"runs": []}
        return {
            "stop": self.metrics.controlsState(),
            "lesson": self.lessons.currentName(),
            "compare": [(copy.deepcopy(r["config"]), r["label"]) for r in frame["runs"]],
            "compareTarget": compare.targetSpin.value() if compare is not None else self._compareTarget,
            "compareLesson": self._compareLesson,
            "links": self.linkAction.isChecked(),
        }

    def restoreViewState(self, state: dict[str, Any]) -> None:
        """Put back what viewState() returned (the compared runs start again from epoch 0)."""
        self.metrics.setControlsState(state["stop"])
        if state["lesson"]:
            self.lessons.select(state["lesson"])
        runs = state["compare"]
        if runs:
            labels = [label for _cfg, label in runs]
            lesson = self.lessons.presets.get(state["compareLesson"] or "")
            if lesson is not None and labels in (lesson.get("labels"), lesson.get("labels_zh")):
                labels = i18n.lesson_text(lesson, "labels")  # the lesson's own, in the new language
            self._compareLesson = state["compareLesson"]
            self.compare.setRuns([cfg for cfg, _label in runs], labels, state["compareTarget"])
        elif "compare" in self._lazy:
            self.compare.targetSpin.setValue(state["compareTarget"])
        else:
            self._compareTarget = state["compareTarget"]  # for the compare view, when it is made
        self.linkAction.setChecked(state["links"])

    # ----- exports -----

    def _export(self, title: str, name: str, pattern: str, what: str, fn) -> None:
        """Ask where to write (name: the suggested file name, its suffix added if the user gives
        none), then export there: fn(path, done)."""
        start = str(Path(self.host.store.text("files/lastDir", str(Path.home()))) / name)

        def chosen(path: str) -> None:
            if not Path(path).suffix:
                path += Path(name).suffix
            self.host.store.setText("files/lastDir", str(Path(path).parent))
            self._run(what, fn, path)

        self.host.askFile(title, start, pattern, chosen, save=True)

    def _run(self, what: str, fn, path: str) -> None:
        """fn(path, done) exports; done(error) tells the user how it went."""

        def done(error: Exception | None) -> None:
            if self.host.isClosed():
                return  # no dialog over a window that is gone
            if error is not None:  # told in a dialog, nothing else changes
                self.host.warn(
                    self.tr("Export failed"),
                    self.tr("Could not export {what}:\n\n{error}").format(what=what, error=error),
                )
                return
            self.host.showStatus(
                self.tr("Exported {what} to {path}").format(what=what, path=path), 5000
            )

        fn(path, done)

    def _exportPytorch(self) -> None:
        self._export(
            self.tr("Export the network as a PyTorch module"), "model.py", self.tr("Python (*.py)"),
            self.tr("the PyTorch module"),
            lambda p, done: exports.export_pytorch(self.host.client, p, done),
        )

    def _exportEquations(self) -> None:
        self._export(
            self.tr("Export the network as equations"), "equations.txt", self.tr("Text (*.txt)"),
            self.tr("the equations"),
            lambda p, done: exports.export_equations(self.host.client, p, done),
        )

    def _exportCsv(self) -> None:
        self._export(
            self.tr("Export the loss history"), "history.csv", self.tr("CSV (*.csv)"),
            self.tr("the history"),
            lambda p, done: exports.export_history_csv(self.host.client, p, done),
        )

    def plotFor(self, key: str):
        """The pyqtgraph plot a PNG export of `key` draws."""
        return {
            "boundary": self.host.plot(PlotId.BOUNDARY),
            "loss": self.host.plot(PlotId.LOSS),
            "gradients": self.gradients.plot,
            "hidden": self.hidden.plot,
            "compare": self.compare.lossPlot,
        }[key]

    def _exportPng(self, key: str) -> None:
        self._export(
            self.tr("Export as PNG"), f"{key}.png", self.tr("PNG images (*.png)"),
            self.tr(PLOT_NAMES[key]),
            lambda p, done: exports.export_plot_png(self.plotFor(key), p, done),
        )


def installLab(host: WindowHost, view: NetworkView) -> Lab:
    """Add the learning lab's panels and menus to the window that lent host."""
    return Lab(host, view)
