"""The Neural Playground main window: wires the panels to the training worker."""

from __future__ import annotations

import copy
import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyqtgraph.util.garbage_collector import GarbageCollector
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground import ConfigError
from playground.config import FEATURES, default_config, normalize
from playground.datasets import DIGIT_CLASSES, is_image_data
from playground.session import config_edits as edits
from playground.session.commands import (
    Open,
    Pause,
    Play,
    Regenerate,
    Reset,
    Rollback,
    Save,
    SetResolution,
    SetWeight,
    Step,
)
from playground.session.snapshot import Snapshot
from playground.ui import chores, i18n
from playground.ui.autosave_ui import default_autosave_dir, startAutosave
from playground.ui.builder import NetworkBuilder
from playground.ui.classroom import Classroom
from playground.ui.data_io import installUserData
from playground.ui.data_panel import DataPanel
from playground.ui.engine_thread import EngineClient
from playground.ui.host import MenuId, Place, PlotId, WindowHost, keep_on_screen
from playground.ui.image_mode import installImageMode
from playground.ui.key_router import KeyRouter
from playground.ui.lab import installLab
from playground.ui.message_banner import MessageBanner
from playground.ui.network_view import NetworkView
from playground.ui.output_panel import RESOLUTIONS, OutputPanel
from playground.ui.settings_store import SettingsStore
from playground.ui.style import STYLE_SHEET
from playground.ui.top_bar import TopBar

DEFAULT_SIZE = QSize(1440, 900)  # where the screen has room for it
FILE_FILTER = QT_TRANSLATE_NOOP("MainWindow", "Neural Playground experiments (*.json);;All files (*)")
DEFAULT_DATASET = {"classification": "circle", "regression": "plane"}


_gui_collector = None


def collect_on_the_gui_thread() -> None:
    """Python's automatic garbage collection runs on whichever thread allocates when a threshold
    is crossed: on the engine thread it would delete Qt objects (a dropped widget, a scene item in
    a reference cycle) there, and Qt can crash. pyqtgraph's GarbageCollector turns it off and
    collects on a one-second timer of the GUI thread instead (once per process)."""
    global _gui_collector
    if _gui_collector is None:
        _gui_collector = GarbageCollector(interval=1.0)


def _collect_replaced_window() -> None:
    """What a window replaced on a language switch held is garbage now: collect it (once per switch)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _delete_replaced(window: MainWindow) -> None:
    """Delete a window a language switch replaced once its engine thread has ended (it finishes the
    command it was running on its own; the GUI thread does not wait), then collect what it held."""
    if window.worker.isRunning():
        chores.later(lambda: _delete_replaced(window), window)
        return
    window.deleteLater()
    chores.later(_collect_replaced_window)


def _show_rebuilt(window: MainWindow, lab_state: dict[str, Any]) -> None:
    """Show a window rebuilt in another language with the lab panels' state of the one it replaced."""
    window.lab.restoreViewState(lab_state)
    window.show()


class TopBarScroll(QScrollArea):
    """The top bar, scrolled sideways only where the window is narrower than its two rows (~790 px
    in English, narrower than the rest of the window lets it be; at 1280 px the bar takes two rows
    and needs no scrolling). A last resort, for larger fonts or longer translations.

    Its minimum width is small, so the top bar never makes the window wider than the screen; its
    height is the bar's (one row or two) plus the scroll bar's while that shows.
    """

    def __init__(self, bar: QWidget) -> None:
        super().__init__()
        self.setObjectName("topBarScroll")
        self.setWidget(bar)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._scrolls: bool | None = None

    def _height(self, scrolls: bool) -> int:
        bar = self.widget().sizeHint().height()
        return bar + (self.horizontalScrollBar().sizeHint().height() if scrolls else 0)

    def sizeHint(self) -> QSize:
        return QSize(self.widget().sizeHint().width(), self._height(bool(self._scrolls)))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self._height(bool(self._scrolls)))

    def resizeEvent(self, event) -> None:
        self.widget().arrange(event.size().width())  # one row or two, before its height is taken
        super().resizeEvent(event)
        self._scrolls = self.width() < self.widget().minimumSizeHint().width()
        height = self._height(self._scrolls)
        if height != self.height() or self.minimumHeight() != self.maximumHeight():
            self.setFixedHeight(height)


class MainWindow(QMainWindow):
    """Top bar, data panel, network view and output panel around one training worker."""

    # The window that took over on a language switch: whoever holds this window holds that one
    # instead (app.run does), so nothing keeps the old one.
    replaced = Signal(object)

    def __init__(
        self,
        settings: QSettings | None = None,
        config: dict[str, Any] | None = None,
        autosave_dir: str | None = None,
        offer_restore: bool = True,
    ) -> None:
        """autosave_dir: where this run autosaves; by default the per-user folder when the window
        uses the user's own settings, and no autosave for a window on other settings (tests).
        offer_restore: ask whether to restore what a crashed run autosaved (a window rebuilt for a
        new language does not: that question was the first window's, and it would wait inside the
        event loop that is rebuilding it)."""
        super().__init__()
        collect_on_the_gui_thread()
        self.setWindowTitle(self.tr("Neural Playground"))
        self.setStyleSheet(STYLE_SHEET)
        self.store = SettingsStore(settings)
        self._config: dict[str, Any] = {}  # the config the window draws, from the newest snapshot
        self._generation = -1
        self._lastEpoch = -1  # the newest history row drawn
        self._syncedSeq = -1
        self._nTrain: int | None = None
        self._path: str | None = None
        self.framesRendered = 0
        self._switching = False  # a language switch waits for the engine's experiment
        self._replaced = False  # a language switch has built this window's replacement
        self.replacement: MainWindow | None = None  # the window that took over on a language switch

        self.topBar = TopBar()
        self.banner = MessageBanner()
        self.dataPanel = DataPanel()
        self.networkView = NetworkView()
        self.builder = NetworkBuilder(self.networkView)  # layer palette and headers, undo
        self.outputPanel = OutputPanel()
        data_scroll = QScrollArea()
        data_scroll.setWidget(self.dataPanel)
        data_scroll.setWidgetResizable(True)
        data_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        data_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        data_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        data_scroll.setMinimumWidth(self.dataPanel.sizeHint().width() + 16)
        self._dataScroll = data_scroll
        # The output column scrolls rather than make the window taller than a small screen.
        output_scroll = QScrollArea()
        output_scroll.setObjectName("outputScroll")
        output_scroll.setWidget(self.outputPanel)
        output_scroll.setWidgetResizable(True)
        output_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        output_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        output_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        output_scroll.setMinimumWidth(self.outputPanel.minimumSizeHint().width() + 16)
        self._outputScroll = output_scroll
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(data_scroll)
        self.splitter.addWidget(self.builder)
        self.splitter.addWidget(output_scroll)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([250, 760, 420])
        central = QWidget()
        central.setObjectName("central")
        central.setFocusPolicy(
            Qt.FocusPolicy.ClickFocus
        )  # holds focus at start, so no text box blinks
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(TopBarScroll(self.topBar))
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        # Made now, not at the first message, so the layout has room for it from the start.
        status = self.statusBar()
        status.setMinimumHeight(status.fontMetrics().height() + 10)
        self._buildMenus()
        self._restoreView()

        self.classroom.restore()  # presentation mode, if the last session ended in it
        central.setFocus()
        self._keyRouter = KeyRouter(self)

        if autosave_dir is None and settings is None:
            autosave_dir = default_autosave_dir()
        self._autosaveDir = autosave_dir
        # Offers to restore what a crashed or killed run autosaved, before anything starts.
        self.autosave, restored = (
            startAutosave(self, autosave_dir, offer=offer_restore) if autosave_dir else (None, None)
        )
        start_config = config if config is not None else self.store.lastConfig()
        # A restart carries on with the last experiment; say so, and how to start over.
        self._startNote = (
            self.tr("Your last experiment is back (its settings, with new weights). File → New starts over.")
            if config is None and start_config and restored is None
            else ""
        )
        start_config = restored if restored is not None else start_config
        self._showConfigBeforeReady(start_config)
        self.worker = EngineClient(
            start_config, self.outputPanel.resolutionCombo.currentData(), self, self.autosave
        )
        self.host = self._makeHost()
        self._connect()
        # The features get the host, never this window.
        self.builder.attach(self.host)
        # Lessons, metrics, gradient flow, hidden space, compare runs, exports.
        self.lab = installLab(self.host, self.networkView)
        self.userData = installUserData(self.host)  # painting, CSV import/export, formula data/features
        self.imageMode = installImageMode(self.host, self.networkView)  # the digits: pad, mistakes
        # Installed last: an application-wide Python filter sees every event, and building the
        # window makes thousands (a language switch builds one while the user waits).
        QApplication.instance().installEventFilter(self._keyRouter)
        self.worker.start()

    # ----- construction -----

    def _buildMenus(self) -> None:
        def action(
            text: str, slot: Callable, shortcut: QKeySequence | str | None = None, tip: str = ""
        ) -> QAction:
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.setStatusTip(tip)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        # Every menu of the bar is made here; the features fill theirs through the host (MenuId).
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.setObjectName("fileMenu")
        self.newAction = action(
            self.tr("&New"),
            self.newExperiment,
            QKeySequence.StandardKey.New,
            self.tr("Start over with the default experiment (the current one can be brought back)"),
        )
        self.openAction = action(
            self.tr("&Open…"),
            self.openExperiment,
            QKeySequence.StandardKey.Open,
            self.tr("Open a saved experiment"),
        )
        self.saveAction = action(
            self.tr("&Save"),
            self.saveExperiment,
            QKeySequence.StandardKey.Save,
            self.tr("Save config, weights and history"),
        )
        self.saveAsAction = action(self.tr("Save &As…"), self.saveExperimentAs, "Ctrl+Shift+S")
        file_menu.addAction(self.newAction)
        file_menu.addAction(self.openAction)
        self.recentMenu = file_menu.addMenu(self.tr("Open &Recent"))
        file_menu.addSeparator()
        file_menu.addAction(self.saveAction)
        file_menu.addAction(self.saveAsAction)
        file_menu.addSeparator()
        self.quitAction = action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.quitAction.setObjectName("quitAction")
        file_menu.addAction(self.quitAction)
        self._fillRecentMenu()

        edit_menu = bar.addMenu(self.tr("&Edit"))  # the layer builder's undo and layer edits
        edit_menu.setObjectName("editMenu")

        train_menu = bar.addMenu(self.tr("&Training"))
        train_menu.setObjectName("trainingMenu")
        self.playAction = action(self.tr("&Play / Pause"), self.togglePlay, Qt.Key.Key_Space)
        self.stepAction = action(self.tr("&Step one epoch"), self.step, Qt.Key.Key_Right)
        self.resetAction = action(self.tr("&Reset network"), self.reset, "Ctrl+R")
        self.regenerateAction = action(
            self.tr("Re&generate data"), self._onRegenerate, "Ctrl+G"
        )
        self.rollbackAction = action(self.tr("Roll &back to last finite weights"), self.rollback)
        for a in (
            self.playAction,
            self.stepAction,
            self.resetAction,
            self.regenerateAction,
            self.rollbackAction,
        ):
            train_menu.addAction(a)

        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.setObjectName("viewMenu")
        for check, text in (
            (self.outputPanel.showTestCheck, self.tr("Show &test data")),
            (self.outputPanel.discretizeCheck, self.tr("&Discretize output")),
            (self.outputPanel.logCheck, self.tr("&Log-scale loss")),
        ):
            a = QAction(text, self, checkable=True)
            a.toggled.connect(check.setChecked)
            check.toggled.connect(a.setChecked)
            view_menu.addAction(a)
        view_menu.addSeparator()
        controls = {
            **self.topBar.classroomControls(),
            **self.dataPanel.classroomControls(),
            "layer_palette": [self.builder.layerPalette],
            "loss": [self.outputPanel.lossLabel, self.outputPanel.lossCombo],
        }
        self.classroom = Classroom(self, self.store, view_menu, controls, self._setStrokes)
        self.presentationAction = self.classroom.presentationAction
        self.endPresentationAction = QAction(self)
        self.endPresentationAction.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.endPresentationAction.setEnabled(False)
        self.endPresentationAction.triggered.connect(lambda: self.classroom.setPresentation(False))
        self.classroom.presentationChanged.connect(self.endPresentationAction.setEnabled)
        self.addAction(self.endPresentationAction)
        view_menu.addSeparator()
        self._buildBackendMenu(view_menu)
        # Each language's name in its own language, so anyone can find theirs.
        self.languageMenu = view_menu.addMenu(self.tr("&Language"))
        self.languageMenu.setObjectName("languageMenu")
        self.languageActions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, name in i18n.LANGUAGES:
            a = QAction(name, self, checkable=True)
            a.setChecked(code == i18n.current())
            a.triggered.connect(lambda _checked=False, c=code: self.switchLanguage(c))
            group.addAction(a)
            self.languageMenu.addAction(a)
            self.languageActions[code] = a

        lessons_menu = bar.addMenu(self.tr("L&essons"))  # filled by the lab
        lessons_menu.setObjectName("lessonsMenu")
        lab_menu = bar.addMenu(self.tr("La&b"))
        lab_menu.setObjectName("labMenu")
        self._menus = {
            MenuId.FILE: file_menu,
            MenuId.EDIT: edit_menu,
            MenuId.TRAINING: train_menu,
            MenuId.VIEW: view_menu,
            MenuId.LESSONS: lessons_menu,
            MenuId.LAB: lab_menu,
        }

    def _setStrokes(self, scale: float) -> None:
        """The plots' lines, points and tick labels, larger in presentation mode; the side columns
        as wide as their larger type needs."""
        self.outputPanel.lossPlot.setStrokeScale(scale)
        self.outputPanel.boundary.setStrokeScale(scale)
        self.builder.layerPalette.setScale(scale)
        if scale > 1:
            self._deskSizes = self.splitter.sizes()
        elif getattr(self, "_deskSizes", None):
            sizes, self._deskSizes = self._deskSizes, None
            QTimer.singleShot(0, self, lambda: self.splitter.setSizes(sizes))
        QTimer.singleShot(0, self, self._fitColumns)  # once the new type has its sizes

    def _fitColumns(self) -> None:
        """Give the data and output columns at least the width their contents need now."""
        data_min = self.dataPanel.sizeHint().width() + 16
        output_min = self.outputPanel.minimumSizeHint().width() + 16
        self._dataScroll.setMinimumWidth(data_min)
        self._outputScroll.setMinimumWidth(output_min)
        sizes = self.splitter.sizes()
        total = sum(sizes)
        left, right = max(sizes[0], data_min), max(sizes[2], output_min)
        if (left, right) != (sizes[0], sizes[2]) and total - left - right > 200:
            self.splitter.setSizes([left, total - left - right, right])

    def _makeHost(self) -> WindowHost:
        """What the features may use of this window: menus, places, plots, messages, the engine."""
        op = self.outputPanel
        return WindowHost(
            self,
            self.worker,
            self.store,
            self.banner,
            self._menus,
            self.quitAction,
            {
                Place.DATA_COLUMN: self.dataPanel.addSection,
                Place.ABOVE_LOSS: op.insertAboveLoss,
                Place.ABOVE_BOUNDARY: op.insertNextToBoundary,
                Place.BELOW_BOUNDARY: lambda w: op.insertNextToBoundary(w, below=True),
            },
            {PlotId.BOUNDARY: op.boundary, PlotId.LOSS: op.lossPlot},
            self.topBar.setPlaying,
        )

    def _buildBackendMenu(self, view_menu: QMenu) -> None:
        """Compute backend: CPU, CUDA (greyed out with the reason where it cannot run) or automatic."""
        self.backendMenu = view_menu.addMenu(self.tr("Compute &backend"))
        self.backendMenu.setObjectName("backendMenu")
        self.backendMenu.setToolTipsVisible(True)
        self.backendActions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for name, text in (("cpu", self.tr("&CPU")), ("cuda", self.tr("CUDA &GPU")), ("auto", self.tr("&Automatic"))):
            a = QAction(text, self, checkable=True)
            a.setEnabled(name == "cpu")  # the others once the worker has looked for a GPU
            a.triggered.connect(lambda _checked=False, n=name: self.worker.change("backend", n))
            group.addAction(a)
            self.backendMenu.addAction(a)
            self.backendActions[name] = a
        self._showBackendReasons({"cuda": self.tr("looking for a GPU…")})
        self.backendActions["cpu"].setChecked(True)

    def _showBackendReasons(self, reasons: object) -> None:
        """Enable each backend that can run here; the others stay greyed out with the reason as tooltip."""
        if not isinstance(reasons, dict):
            reasons = {"cuda": str(reasons)}
        tips = {
            "cpu": self.tr("Numba kernels on the processor; same seed, same numbers"),
            "cuda": self.tr("Numba CUDA kernels on an NVIDIA GPU"),
            "auto": self.tr("The GPU for large problems where there is one, else the CPU"),
        }
        for name, action in self.backendActions.items():
            reason = reasons.get(name, "")
            action.setEnabled(not reason)
            tip = self.tr("Not available here: {reason}").format(reason=reason) if reason else tips[name]
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def _connect(self) -> None:
        tb, dp, nv, op, w = (
            self.topBar,
            self.dataPanel,
            self.networkView,
            self.outputPanel,
            self.worker,
        )
        w.snapshotReady.connect(self._onSnapshot)
        w.ready.connect(self._onReady)
        w.busy.connect(self.topBar.setBusy)
        w.dataPreview.connect(self._onDataPreview)
        w.errored.connect(self._onError)
        w.diverged.connect(self._onDiverged)
        w.advised.connect(self._onAdvice)
        w.fileFinished.connect(self._onFileFinished)
        # The live settings write their keys through the engine client themselves.
        tb.bind(w, self.store)  # the speed is remembered there
        dp.bind(w)
        op.bind(w)
        tb.playToggled.connect(self._onPlayToggled)
        tb.stepRequested.connect(self.step)
        tb.resetRequested.connect(self.reset)
        tb.activationChanged.connect(self.builder.setAllActivations)  # undoable, as layer edits
        # A data set or the other task replaces own data (painted, CSV, formula); one click brings it back.
        tb.taskChanged.connect(
            lambda t: self.userData.pickData(lambda c: edits.set_task(c, t, DEFAULT_DATASET[t]))
        )
        dp.datasetChosen.connect(lambda n: self.userData.pickData(lambda c: edits.set_data(c, name=n)))
        dp.testRatioChanged.connect(
            lambda r: self._editConfig(lambda c: edits.set_data(c, test_ratio=r))
        )
        dp.testRatioChanged.connect(self.host.testRatioChanged)  # painted points split anew
        dp.noiseChanged.connect(lambda v: self._editConfig(lambda c: edits.set_data(c, noise=v)))
        dp.classesChanged.connect(
            lambda k: self._editConfig(lambda c: edits.set_data(c, classes=k))
        )
        dp.regenerateRequested.connect(self._onRegenerate)
        nv.featureToggled.connect(
            lambda f, on: self._editConfig(lambda c: edits.set_feature(c, f, on, tuple(FEATURES)))
        )
        nv.unitsChangeRequested.connect(self.builder.changeUnits)
        nv.layerCountChangeRequested.connect(self.builder.changeLayerCount)
        nv.weightEdited.connect(self._onWeightEdited)
        op.resolutionChanged.connect(self._onResolution)
        op.showTestToggled.connect(lambda on: self.store.setFlag("view/showTest", on))
        op.discretizeToggled.connect(lambda on: self.store.setFlag("view/discretize", on))
        op.logScaleToggled.connect(lambda on: self.store.setFlag("view/logScale", on))
        self.banner.actionRequested.connect(self.rollback)

    def _restoreView(self) -> None:
        geometry = self.store.bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            avail = self.screen().availableGeometry()
            size = DEFAULT_SIZE.boundedTo(avail.size() - QSize(16, 48))  # a guess at the frame
            rect = QRect(avail.topLeft(), size)
            rect.moveCenter(avail.center())
            self.setGeometry(rect)
        self.fitToScreen()
        splitter = self.store.bytes("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        op = self.outputPanel
        op.showTestCheck.setChecked(self.store.flag("view/showTest"))
        op.discretizeCheck.setChecked(self.store.flag("view/discretize"))
        op.logCheck.setChecked(self.store.flag("view/logScale"))
        res = self.store.integer("view/resolution", 100)
        op.setResolution(res if res in RESOLUTIONS else 100)

    def fitToScreen(self) -> None:
        """Move and shrink the window so that its frame lies inside its screen's available area."""
        keep_on_screen(self)

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the screen again once the window has its frame (the window manager adds it later)."""
        super().showEvent(event)
        QTimer.singleShot(0, self, self.fitToScreen)
        QTimer.singleShot(400, self, self.fitToScreen)

    def _showConfigBeforeReady(self, cfg: dict[str, Any]) -> None:
        """Fill the controls and draw the network from the config while the kernels compile."""
        try:
            full = normalize({k: v for k, v in cfg.items() if k != "state"})  # a restored save carries weights
        except ConfigError:
            full = normalize({})
        data = full["data"]
        k = int(data.get("classes", 2)) if data["name"] in ("spiral", "blobs") else 2
        k = DIGIT_CLASSES if is_image_data(data) else k
        output_units = k if full["task"] == "classification" and k >= 3 else 1
        self.topBar.setFromConfig(full)
        self.outputPanel.setLoss(full)
        self.dataPanel.setFromConfig(full)
        self.networkView.setNetwork(full, output_units, full["task"])
        self.outputPanel.setTask(full["task"], k)

    # ----- commands to the worker -----

    def togglePlay(self) -> None:
        """Play if paused, pause if playing (Space)."""
        if self.topBar.playButton.isEnabled():
            self.topBar.playButton.toggle()

    def step(self) -> None:
        """Train exactly one epoch (Right arrow)."""
        if not self.worker.isReady():
            return
        self.topBar.setPlaying(False)
        self.worker.send(Step(1))

    def reset(self) -> None:
        """New initial weights, epoch 0 (Ctrl+R)."""
        if not self.worker.isReady():
            return
        self.topBar.setPlaying(False)
        self.banner.hide()
        self.worker.send(Reset())

    def rollback(self) -> None:
        """Go back to the last weights that were all finite."""
        self.banner.hide()
        self.worker.send(Rollback())

    def loadConfig(self, config: dict[str, Any]) -> None:
        """Replace the experiment by a new one built from config (a lesson, a preset): a reset."""
        self.host.loadConfig(config)

    def _onPlayToggled(self, playing: bool) -> None:
        if playing:
            self.banner.hide()
        self.worker.send(Play() if playing else Pause())

    def _editConfig(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Send a changed config: the worker builds a new experiment from it (a reset, as in TF Playground)."""
        wanted = self.worker.wantedConfig()
        if not wanted:
            return
        new = change(copy.deepcopy(wanted))
        if new == wanted:
            return
        self.topBar.setPlaying(False)
        self.worker.apply(new)

    def _onRegenerate(self) -> None:
        self.worker.send(Regenerate())

    def _onResolution(self, resolution: int) -> None:
        self.store.setInteger("view/resolution", resolution)
        self.worker.send(SetResolution(resolution))

    def _onWeightEdited(self, layer: int, key: str, index: tuple, value: object) -> None:
        self.worker.send(SetWeight(layer, key, tuple(index), value))

    # ----- files -----

    def newExperiment(self) -> None:
        """Start over with the default experiment (Ctrl+N); the banner can bring the old one back."""
        if not self.worker.isReady() or self.host.isClosed():
            return

        def answered(previous: object) -> None:
            if self.host.isClosed():
                return
            self._startNew(previous if isinstance(previous, dict) else None)

        self.worker.request("to_dict", answered)

    def _startNew(self, previous: dict[str, Any] | None) -> None:
        self._path = None
        self.setWindowTitle(self.tr("Neural Playground"))
        fresh = default_config()
        if normalize(self.worker.wantedConfig() or {}) == fresh:
            self.topBar.setPlaying(False)
            self.worker.send(Reset())  # the same settings: new weights, epoch 0
        else:
            self.host.loadConfig(fresh)
        text = self.tr("A new experiment with the default settings.")
        if previous is None:
            self.banner.showMessage(text, "info")
            return
        self.banner.showMessage(
            text,
            "info",
            self.tr("Bring back the previous one"),
            lambda: self.worker.restore(previous),
        )

    def openExperiment(self) -> None:
        """Ask for a file and open it (Ctrl+O); a bad file leaves everything as it is."""
        self.host.askFile(
            self.tr("Open experiment"), self._startDir(), self.tr(FILE_FILTER), self.openPath
        )

    def openPath(self, path: str) -> None:
        """Open an experiment file (the answer arrives as fileFinished)."""
        self.store.setText("files/lastDir", str(Path(path).parent))
        self.worker.send(Open(str(path)))

    def saveExperiment(self) -> None:
        """Save to the current file, or ask for one (Ctrl+S)."""
        if self._path:
            self.savePath(self._path)
        else:
            self.saveExperimentAs()

    def saveExperimentAs(self) -> None:
        """Ask for a file name and save."""
        start = self._path or os.path.join(self._startDir(), "experiment.json")
        self.host.askFile(
            self.tr("Save experiment"), start, self.tr(FILE_FILTER),
            lambda path: self.savePath(path if Path(path).suffix else path + ".json"), save=True,
        )

    def savePath(self, path: str) -> None:
        """Save config, weights, optimizer state and history to path."""
        self.store.setText("files/lastDir", str(Path(path).parent))
        self.worker.send(Save(str(path)))

    def _setPath(self, path: str) -> None:
        """The file Save writes to, named in the title bar."""
        self._path = path
        self.setWindowTitle(self.tr("Neural Playground — {name}").format(name=Path(path).name))

    def _startDir(self) -> str:
        return self.store.text("files/lastDir", str(Path.home()))

    def _fillRecentMenu(self) -> None:
        self.recentMenu.clear()
        files = self.store.recentFiles()
        for f in files:
            a = self.recentMenu.addAction(f)
            a.triggered.connect(lambda _checked=False, p=f: self.openPath(p))
        self.recentMenu.setEnabled(bool(files))

    @Slot(str, str, str)
    def _onFileFinished(self, action: str, path: str, error: str) -> None:
        if self.host.isClosed():
            return  # answered after the window closed: no dialog over a window that is gone
        if error:
            if action == "open":
                title = self.tr("Could not open the experiment")
                text = self.tr(
                    "Could not open {path}:\n\n{error}\n\nThe current experiment is unchanged."
                )
            else:
                title = self.tr("Could not save the experiment")
                text = self.tr("Could not save {path}:\n\n{error}\n\nNothing was written.")
            self.host.warn(title, text.format(path=path, error=error))
            return
        self._setPath(path)
        self.store.addRecentFile(path)
        self._fillRecentMenu()
        if action == "open":
            self.topBar.setPlaying(False)
            self.banner.showMessage(self.tr("Opened {path}.").format(path=path), "info")
        else:
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 4000)

    # ----- language -----

    def switchLanguage(self, language: str) -> None:
        """Remember the interface language and rebuild the window in it (`replacement` is the new one).

        Every text is set where the widgets are made, so a new window is the sure way to translate
        them all. The experiment carries over whole (weights, optimizer state, history, data), as do
        the open file, playing or not, the layout and the lab's panels and settings. The experiment
        is asked of the engine thread; the window rebuilds when the answer arrives.
        """
        self.store.setText(i18n.SETTINGS_KEY, language)
        if language == i18n.current() or self.host.isClosed() or self._switching:
            return
        self._switching = True
        if not self.worker.isReady():
            self._rebuildIn(language, self.worker.wantedConfig() or None)
            return
        asked = self.worker.lastSentSeq()

        def answered(experiment: object) -> None:
            if isinstance(experiment, Exception):
                experiment = self.worker.wantedConfig() or None  # the config alone: new weights
            # Changes made while the engine answered (it may be busy for seconds) are not in the
            # answer: the new window asks for them again.
            changed = self.worker.lastSentSeq() > asked
            self._rebuildIn(language, experiment, self.worker.wantedConfig() if changed else None)

        self.worker.request("to_dict", answered)

    def _rebuildIn(
        self,
        language: str,
        experiment: dict[str, Any] | None,
        then: dict[str, Any] | None = None,
    ) -> None:
        """then: a config to ask the new window's engine for once it has the experiment."""
        if self.host.isClosed():
            return
        playing = self.topBar.playButton.isChecked()
        lab_state = self.lab.viewState()
        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # for a moment no window is open
        self._replaced = True
        # Should the program quit before this window's engine thread has ended, it waits for it.
        app.aboutToQuit.connect(self.worker.waitStopped)
        try:
            self.close()  # stops the engine thread (it ends on its own: _delete_replaced)
            i18n.install(language)
            new = MainWindow(self.store.qsettings, experiment, self._autosaveDir, offer_restore=False)
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)
        if self._path:
            new._setPath(self._path)
        if then:
            new.worker.apply(then)
        if playing:
            new.worker.ready.connect(lambda: new.topBar.playButton.setChecked(True))
        self.replacement = new
        self.replaced.emit(new)
        # Built now; then its lab panels placed (Lab._restoreDocks), shown, this window deleted (its
        # floating lab panels and its memory with it) and collected (the garbage collector's frozen
        # objects hold it too), each in a pass of the event loop of its own (chores.py), not in one
        # block of the GUI thread (a second and more with lab panels floating).
        new.host.later(lambda: _show_rebuilt(new, lab_state))
        chores.later(lambda: _delete_replaced(self), self)

    # ----- from the worker -----

    @Slot()
    def _onReady(self) -> None:
        self.worker.request("backends", self._showBackendReasons)
        self.topBar.setBusy(None)
        if self._startNote:
            self.statusBar().showMessage(self._startNote, 12_000)
            self._startNote = ""
        # A full garbage collection walks every object Numba, NumPy and pyqtgraph made at start-up
        # and stalls whichever thread runs it for 60+ ms. Collect once now and exclude those
        # objects from later collections, so the 10 ms frame budget holds. (A window rebuilt on a
        # language switch finds them frozen; the old window's collection freezes its own.)
        if not gc.get_freeze_count():
            gc.collect()
            gc.freeze()

    @Slot(object, object)
    def _onDataPreview(self, data: object, extent: object) -> None:
        """The points, drawn while the kernels compile (the first frame brings the rest)."""
        if self.host.isClosed() or self.lastSnapshot() is not None or getattr(data, "image_shape", None):
            return
        self.outputPanel.boundary.setExtent(extent)
        self.outputPanel.boundary.setPoints(data)

    @Slot(str)
    def _onError(self, message: str) -> None:
        self.banner.showMessage(message, "error")

    @Slot(str)
    def _onDiverged(self, message: str) -> None:
        self.topBar.setPlaying(False)
        self.banner.showMessage(message, "warning", self.tr("Roll back to the last good weights"))

    @Slot(str, object)
    def _onAdvice(self, code: str, args: object) -> None:
        """A calm word when the loss stays well above its best: the learning rate is probably too high."""
        if code != "lr_too_high" or self.banner.isVisible() and self.banner.kind() != "info":
            return  # never over a warning or an error the student has not read
        lr = float(args["lr"])
        self.banner.showMessage(
            self.tr(
                "The loss keeps jumping well above the lowest it has reached: the learning rate "
                "{lr:g} is probably too high. Each step jumps across the valley instead of going "
                "down into it."
            ).format(lr=lr),
            "info",
            self.tr("Divide the learning rate by 10"),
            lambda: self._divideLearningRate(lr),
        )

    def _divideLearningRate(self, lr: float) -> None:
        optimizer = self.worker.wantedConfig().get("optimizer")
        if optimizer:
            self.worker.change("optimizer", {**optimizer, "lr": lr / 10})

    @Slot(object)
    def _onSnapshot(self, snap: Snapshot) -> None:
        if self.host.isClosed():
            return
        caught_up = snap.seq >= self.worker.lastSentSeq()
        if snap.generation != self._generation:
            self._generation = snap.generation
        self._appendHistory(snap)
        self.outputPanel.boundary.setExtent(snap.extent)  # wider than [-6, 6]² for data beyond it
        images = snap.image_shape is not None  # images have no plane: the image mode draws them
        self.outputPanel.setPlaneShown(not images)
        if snap.data is not None:
            self._nTrain = len(snap.data.x_train)
            if not images:
                self.outputPanel.boundary.setPoints(snap.data)
        backend = self.backendActions.get(snap.config.get("backend", "cpu"))
        if backend is not None and not backend.isChecked():
            backend.setChecked(True)
        config_changed = snap.config != self._config
        if config_changed:
            self._config = snap.config
            output_units = (
                snap.n_classes if snap.task == "classification" and snap.n_classes >= 3 else 1
            )
            self.networkView.setNetwork(snap.config, output_units, snap.task)
            self.outputPanel.setTask(snap.task, snap.n_classes)
        # Controls follow the worker once it has run every command sent; while it just trains,
        # nothing about them changes, and touching them every frame would repaint the window.
        fresh = config_changed or snap.seq != self._syncedSeq or snap.data is not None
        if caught_up and fresh:
            self._syncedSeq = snap.seq
            self.topBar.setFromConfig(snap.config)
            self.outputPanel.setLoss(snap.config)
            self.dataPanel.setFromConfig(
                snap.config, len(snap.data.x_train) if snap.data else self._nTrain
            )
            self.topBar.setPlaying(snap.playing)
        if caught_up:
            self.topBar.showLearningRate(snap.learning_rate, snap.config.get("schedule") is not None)
        if config_changed:
            self.outputPanel.lossPlot.showRates(snap.config.get("schedule") is not None)
        self.topBar.setEpoch(snap.epoch, snap.epochs_per_second)
        self.outputPanel.setNumbers(snap.evaluation, snap.parameter_count)
        if not images:
            self.outputPanel.boundary.setOutput(snap.output, snap.task)
        self.outputPanel.showDrawnResolution(snap.resolution, snap.full_resolution)
        self.networkView.updateState(
            snap.weights, snap.neurons, snap.output, snap.gradient_norms, complete=not snap.playing
        )
        self.framesRendered += 1
        self.host.publishFrame(snap)  # then the features draw theirs

    def _appendHistory(self, snap: Snapshot) -> None:
        plot = self.outputPanel.lossPlot
        if snap.history_reset:
            plot.resetCurves()
            self._lastEpoch = -1
        h = snap.rows_after(self._lastEpoch)
        if len(h["epoch"]):
            plot.append(h["epoch"], h["train_loss"], h["test_loss"], h.get("lr"))
            self._lastEpoch = int(h["epoch"][-1])

    # ----- test and script hooks -----

    def lastSnapshot(self) -> Snapshot | None:
        """The newest snapshot drawn."""
        return self.host.lastSnapshot()

    def worker_experiment_config(self, timeout: float = 10.0) -> dict[str, Any]:
        """Ask the engine for its experiment's config (blocks; for tests and scripts only)."""
        return self.worker.query("config", timeout=timeout)

    def worker_query(self, what: str, arg: object = None, timeout: float = 10.0) -> Any:
        """Ask the engine for a copy of some state (a Query name; blocks, for tests and scripts only)."""
        return self.worker.query(what, arg, timeout=timeout)

    # ----- closing -----

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout and settings, then stop the worker and wait for its thread."""
        if not self.host.isClosed():
            self.host.closing.emit()  # the host says closed from here on; the features keep what they must
            self.store.setBytes("window/geometry", self.saveGeometry())
            self.store.setBytes("window/splitter", self.splitter.saveState())
            if self._config:
                self.store.setLastConfig(self._config)
            self.store.sync()
            self.hide()  # the worker may finish a compile first; do not show a frozen window meanwhile
            # Quitting waits for the engine thread; a language switch does not (_delete_replaced).
            self.worker.shutdown(wait=not self._replaced)
            if self.autosave is not None:
                self.autosave.close()  # a clean exit leaves no autosave behind
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self._keyRouter)
        event.accept()
