"""The bar above everything, one row or two: transport buttons, epoch counter, speed, settings."""

from __future__ import annotations

import copy
import math
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from playground.config import (
    ACTIVATIONS,
    MAX_REGULARIZATION_RATE,
    OPTIMIZER_DEFAULTS,
    OPTIMIZERS,
    default_config,
    normalize_optimizer,
    normalize_regularization,
)
from playground.session.commands import SetPace
from playground.ui import icons
from playground.ui.labeled import Labeled
from playground.ui.number_fields import NumberCombo, show_refusal
from playground.ui.number_label import NumberLabel
from playground.ui.optimizer_settings import OptimizerSettingsButton

if TYPE_CHECKING:
    from playground.ui.engine_thread import EngineClient
    from playground.ui.settings_store import SettingsStore

BAR_BACKGROUND = "#f3f3f3"  # as in style.py
# The engine's defaults (playground/config.py): the controls start from these and fill gaps with them.
DEFAULTS = default_config()
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATION_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATIONS = ((QT_TRANSLATE_NOOP("TopBar", "None"), "none"), ("L1", "l1"), ("L2", "l2"))
TASKS = (
    (QT_TRANSLATE_NOOP("TopBar", "Classification"), "classification"),
    (QT_TRANSLATE_NOOP("TopBar", "Regression"), "regression"),
)

# Training speed while playing, in epochs per frame (a frame every ~30 ms, so 1 is ~33 epochs/s,
# TensorFlow Playground's pace); 0: as fast as the engine goes. A view setting, remembered in the
# settings store under PACE_KEY, never part of the experiment's config.
PACES = (1, 2, 5, 10, 30, 100, 0)
PACE_KEY = "view/pace"
# The default circle (Space on the default experiment) reaches a test loss below 0.05 after ~120
# epochs (80-330 over new initial weights, 100 % test accuracy a little earlier): at 1 epoch per
# frame that takes ~3.6 s (2.5-10 s), long enough to watch the boundary form; 2 per frame would
# solve it in under 2 s.
DEFAULT_PACE = 1
_PACE_WATCH = QT_TRANSLATE_NOOP("TopBar", "1 epoch / frame (watch)")
_PACE_N = QT_TRANSLATE_NOOP("TopBar", "{count} epochs / frame")
_PACE_FULL = QT_TRANSLATE_NOOP("TopBar", "As fast as it goes")

_OPTIMIZER_LABELS = {
    "sgd": "SGD",
    "momentum": QT_TRANSLATE_NOOP("TopBar", "Momentum"),
    "nesterov": QT_TRANSLATE_NOOP("TopBar", "Nesterov"),
    "adagrad": "AdaGrad",
    "rmsprop": "RMSprop",
    "adadelta": "AdaDelta",
    "adam": "Adam",
    "adamax": "Adamax",
    "nadam": "NAdam",
}


def optimizer_label(name: str) -> str:
    """An optimizer's name as the window shows it ('Momentum', 'AdaGrad'), in the interface language."""
    return QCoreApplication.translate("TopBar", _OPTIMIZER_LABELS.get(name, name))


_MIXED = "mixed"  # the Activation entry's data when the layers differ (not in ACTIVATIONS)
REFUSAL_MS = 8000  # how long a refused learning rate's reason stays in the bar
BAR_MARGINS = (12, 6, 12, 6)
ROW_SPACING = 4  # between the two rows of a narrow bar


class _Arrangement(NamedTuple):
    """How the bar places its groups: the first that fits the bar's width is taken."""

    rows: int
    spacing: int  # between the groups of a row
    gap: int  # more room before the training settings, in one row
    epoch_width: int  # the big epoch counter's least width (fixed, so counting never re-lays out)
    status_width: int  # the busy bar, and the least room for a status message


ARRANGEMENTS = (
    _Arrangement(rows=1, spacing=14, gap=10, epoch_width=150, status_width=140),  # 1920 px
    _Arrangement(rows=1, spacing=8, gap=0, epoch_width=120, status_width=110),  # 1440 px
    _Arrangement(rows=2, spacing=14, gap=0, epoch_width=150, status_width=140),  # 1280 px
)


def _number(value: float) -> str:
    return f"{value:g}"


def _dense_activations(cfg: dict[str, Any]) -> set[str]:
    """The activations of the config's dense hidden layers."""
    return {
        layer["activation"]
        for layer in cfg.get("layers", [])
        if layer.get("type", "dense") == "dense" and "activation" in layer
    }


def _combo(items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _select(combo: QComboBox, data: Any) -> None:
    i = combo.findData(data)
    if i >= 0:
        combo.setCurrentIndex(i)


class TopBar(QWidget):
    """Play/pause, step, reset, epoch counter, epochs/s and the settings TensorFlow Playground has."""

    playToggled = Signal(bool)
    stepRequested = Signal()
    resetRequested = Signal()
    activationChanged = Signal(str)
    taskChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.setAttribute(
            Qt.WidgetAttribute.WA_StyledBackground
        )  # draw the stylesheet's bar colour
        # The live settings are written through the client and read back from what it will have:
        # the bar keeps no copy of its own beyond what is on screen.
        self._client: EngineClient | None = None
        self._store: SettingsStore | None = None
        # The controls come in groups that stand in one row where the bar has room for it, and in
        # two where it has not (a 1280-px window): the run's controls above, the training settings
        # below (see _arrange). A group is built before it is placed, in the order Tab visits.
        groups: list[QWidget] = []

        self.resetButton = QToolButton()
        self.resetButton.setIcon(icons.reset_icon())
        self.resetButton.setToolTip(
            self.tr("Reset the network: new initial weights, epoch 0 (Ctrl+R)")
        )
        self.resetButton.setAccessibleName(self.tr("Reset"))
        self.playButton = QPushButton()
        self.playButton.setObjectName("playButton")
        self.playButton.setCheckable(True)
        self.playButton.setIcon(icons.play_icon())
        self.playButton.setIconSize(QSize(30, 30))
        self.playButton.setFixedSize(56, 56)
        self.playButton.setToolTip(self.tr("Run / pause training (Space)"))
        self.playButton.setAccessibleName(self.tr("Play"))
        self.stepButton = QToolButton()
        self.stepButton.setIcon(icons.step_icon())
        self.stepButton.setToolTip(self.tr("Train one epoch (Right arrow)"))
        self.stepButton.setAccessibleName(self.tr("Step one epoch"))
        for b in (self.resetButton, self.stepButton):
            b.setIconSize(QSize(26, 26))
        for b in (self.resetButton, self.playButton, self.stepButton):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        groups += [self.resetButton, self.playButton, self.stepButton]

        self.epochLabel = NumberLabel("000,000", BAR_BACKGROUND)
        self.epochLabel.setObjectName("epochLabel")
        self.speedLabel = NumberLabel("–", BAR_BACKGROUND)
        self.speedLabel.setObjectName("speedLabel")
        # Fixed widths: a changing number must not re-layout the whole bar every frame.
        self.speedLabel.setMinimumWidth(90)  # the epoch counter's is set by _arrange
        self._epochGroup = Labeled(self.tr("Epoch"), self.epochLabel)
        groups += [self._epochGroup, Labeled(self.tr("Epochs / s"), self.speedLabel)]
        self.paceCombo = _combo(
            [
                (
                    self.tr(_PACE_WATCH)
                    if p == 1
                    else self.tr(_PACE_FULL) if p == 0 else self.tr(_PACE_N).format(count=p),
                    p,
                )
                for p in PACES
            ]
        )
        self.paceCombo.setObjectName("paceCombo")
        # As wide as its longest entry, so the chosen speed reads whole.
        self.paceCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.paceCombo.setToolTip(
            self.tr(
                "Training speed: how many epochs each frame shows while playing "
                "(1 lets you watch the boundary form)"
            )
        )
        _select(self.paceCombo, DEFAULT_PACE)
        self.paceCombo.currentIndexChanged.connect(self._onPace)
        groups.append(Labeled(self.tr("Speed"), self.paceCombo))
        self._runCount = len(groups)  # the groups of the first row when there are two

        # Typed or picked from the list, checked by the engine's own rule (number_fields.py).
        self.learningRateCombo = NumberCombo(
            LEARNING_RATES,
            lambda lr: normalize_optimizer({**self._optimizer(), "lr": lr}),
            lambda: self._optimizer()["lr"],
        )
        self.learningRateCombo.setToolTip(
            self.tr("Learning rate: changes the running network at once (type any value)")
        )
        self.learningRateCombo.valueChosen.connect(self._onLearningRate)
        self.learningRateCombo.refused.connect(self._refuseLearningRate)
        groups.append(Labeled(self.tr("&Learning rate"), self.learningRateCombo))

        self.activationCombo = _combo([(a, a) for a in ACTIVATIONS])
        self._mixedText = self.tr("mixed")  # the layers' activations differ; not one to choose
        self.activationCombo.setToolTip(
            self.tr("Activation of every hidden layer (resets the network)")
        )
        self.activationCombo.currentIndexChanged.connect(self._onActivation)
        groups.append(Labeled(self.tr("&Activation"), self.activationCombo))

        self.regularizationCombo = _combo([(self.tr(t), k) for t, k in REGULARIZATIONS])
        self.regularizationCombo.setToolTip(
            self.tr("Weight penalty: changes the running network at once")
        )
        self.regularizationCombo.currentIndexChanged.connect(self._onRegularization)
        groups.append(Labeled(self.tr("&Regularization"), self.regularizationCombo))

        self.regularizationRateCombo = NumberCombo(
            REGULARIZATION_RATES,
            lambda rate: normalize_regularization({**self._wantedRegularization(), "rate": rate}),
            lambda: self._wantedRegularization()["rate"],
        )
        self.regularizationRateCombo.setToolTip(
            self.tr("Strength of the weight penalty (type any value from 0 to {most})").format(
                most=_number(MAX_REGULARIZATION_RATE)
            )
        )
        self.regularizationRateCombo.valueChosen.connect(self._onRegularizationRate)
        self.regularizationRateCombo.refused.connect(self._refuseRegularizationRate)
        groups.append(Labeled(self.tr("Regularization ra&te"), self.regularizationRateCombo))

        self.taskCombo = _combo([(self.tr(t), k) for t, k in TASKS])
        self.taskCombo.setToolTip(
            self.tr("Classify points by colour, or fit a value (resets the network)")
        )
        self.taskCombo.currentIndexChanged.connect(
            lambda _i: self.taskChanged.emit(self.taskCombo.currentData())
        )
        groups.append(Labeled(self.tr("&Problem type"), self.taskCombo))

        self.optimizerCombo = _combo([(self.tr(_OPTIMIZER_LABELS.get(o, o)), o) for o in OPTIMIZERS])
        self.optimizerCombo.setToolTip(self.tr("Optimizer: changes the running network at once"))
        self.optimizerCombo.currentIndexChanged.connect(self._onOptimizerName)
        self.optimizerSettings = OptimizerSettingsButton()
        self.optimizerSettings.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.optimizerSettings.settingEdited.connect(self._onOptimizerSetting)
        self.optimizerSettings.scheduleChosen.connect(lambda spec: self._send("schedule", spec))
        self.optimizerSettings.refused.connect(self._refuseOptimizerSetting)
        opt_box = QWidget()
        opt_row = QHBoxLayout(opt_box)
        opt_row.setContentsMargins(0, 0, 0, 0)
        opt_row.setSpacing(4)
        opt_row.addWidget(self.optimizerCombo)
        opt_row.addWidget(self.optimizerSettings)
        opt_labeled = Labeled(self.tr("&Optimizer"), opt_box)
        opt_labeled.caption.setBuddy(self.optimizerCombo)
        groups.append(opt_labeled)

        # At the right end; a long message never widens the bar (it is cut, whole in the tooltip;
        # a refused number's reason also shows whole beside its field).
        self._statusBox = QWidget()
        self._statusBox.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        status = QVBoxLayout(self._statusBox)
        status.setContentsMargins(0, 0, 0, 0)
        status.setSpacing(2)
        self.busyBar = QProgressBar()
        self.busyBar.setRange(0, 0)
        self.busyBar.setTextVisible(False)
        self.statusLabel = QLabel("")
        self.statusLabel.setObjectName("statusLabel")
        self.statusLabel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusLabel.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        status.addWidget(self.statusLabel)
        status.addWidget(self.busyBar, 0, Qt.AlignmentFlag.AlignRight)

        self._groups = groups
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(*BAR_MARGINS)
        self._rows.setSpacing(ROW_SPACING)
        self._rowLayouts = [QHBoxLayout(), QHBoxLayout()]
        for r in self._rowLayouts:
            self._rows.addLayout(r)
        self._arrangement: _Arrangement | None = None
        self._arrange(ARRANGEMENTS[0])

        self._refusal = ""  # the reason shown for the last refused learning rate
        self._refusalTimer = QTimer(self)
        self._refusalTimer.setSingleShot(True)
        self._refusalTimer.setInterval(REFUSAL_MS)
        self._refusalTimer.timeout.connect(self._clearRefusal)

        self.playButton.toggled.connect(self._onPlayToggled)
        self.stepButton.clicked.connect(self.stepRequested)
        self.resetButton.clicked.connect(self.resetRequested)
        self._compiling = self.tr("Compiling kernels…")
        self.setBusy(self._compiling)

    def bind(self, client: EngineClient, store: SettingsStore | None = None) -> None:
        """Write the learning rate, optimizer and regularization through client.change; the
        controls show what setFromConfig (from the engine's snapshots) says. The speed is sent as
        SetPace and remembered in store (it starts from the one remembered there)."""
        self._client = client
        self._store = store
        pace = store.integer(PACE_KEY, DEFAULT_PACE) if store is not None else DEFAULT_PACE
        self.paceCombo.blockSignals(True)
        _select(self.paceCombo, pace if pace in PACES else DEFAULT_PACE)
        self.paceCombo.blockSignals(False)
        self._sendPace()

    # ----- one row or two -----

    def _rowWidth(self, groups: list[QWidget], a: _Arrangement, status: bool = True) -> int:
        """What a row of these groups (and the status box) needs under a, margins included."""
        widths = [
            (
                max(
                    self._epochGroup.caption.sizeHint().width(),
                    self.epochLabel.sizeHint().width(),
                    a.epoch_width,
                )
                if g is self._epochGroup
                else QWidgetItem(g).sizeHint().width()
            )
            for g in groups
        ] + ([a.status_width] if status else [])
        gap = a.gap if len(groups) > self._runCount else 0
        return sum(widths) + a.spacing * (len(widths) - 1) + gap + BAR_MARGINS[0] * 2

    def _width(self, a: _Arrangement) -> int:
        """The least width of the bar under a."""
        if a.rows == 1:
            return self._rowWidth(self._groups, a)
        run, settings = self._groups[: self._runCount], self._groups[self._runCount :]
        return max(self._rowWidth(run, a), self._rowWidth(settings, a, status=False))

    def oneRowWidth(self) -> int:
        """The width below which the bar takes two rows."""
        return min(self._width(a) for a in ARRANGEMENTS if a.rows == 1)

    def twoRowWidth(self) -> int:
        """The least width the bar takes (two rows); narrower, the window scrolls it sideways."""
        return self._width(ARRANGEMENTS[-1])

    def twoRows(self) -> bool:
        return self._arrangement is not None and self._arrangement.rows == 2

    def classroomControls(self) -> dict[str, list[QWidget]]:
        """What the classroom setting can hide here (playground.ui.classroom.CONTROLS keys): each
        control with its caption."""

        def group(w: QWidget) -> QWidget:
            return next(g for g in self._groups if g is w or g.isAncestorOf(w))

        return {
            "learning_rate": [group(self.learningRateCombo)],
            "activation": [group(self.activationCombo)],
            "regularization": [group(self.regularizationCombo), group(self.regularizationRateCombo)],
            "problem_type": [group(self.taskCombo)],
            "optimizer": [group(self.optimizerCombo)],
            "speed": [group(self.paceCombo)],
        }

    def arrange(self, width: int) -> bool:
        """The first arrangement that width has room for (two rows, if none); True if that
        changed."""
        fits = [a for a in ARRANGEMENTS if self._width(a) <= width]
        return self._arrange(fits[0] if fits else ARRANGEMENTS[-1])

    def _arrange(self, a: _Arrangement) -> bool:
        if a == self._arrangement:
            return False
        self._arrangement = a
        self.epochLabel.setMinimumWidth(a.epoch_width)
        self._statusBox.setMinimumWidth(a.status_width)
        self.busyBar.setFixedWidth(a.status_width)
        for r in self._rowLayouts:
            r.setSpacing(a.spacing)
            while r.count():
                r.takeAt(0)  # widgets stay (same parent, same Tab order); spacers go
        first, second = self._rowLayouts
        run, settings = self._groups[: self._runCount], self._groups[self._runCount :]
        for g in run:
            first.addWidget(g)
        if a.rows == 2:
            first.addWidget(self._statusBox, 1)
            for g in settings:
                second.addWidget(g)
            second.addStretch(1)
        else:
            if a.gap:
                first.addSpacing(a.gap)
            for g in settings:
                first.addWidget(g)
            first.addWidget(self._statusBox, 1)
        self.updateGeometry()
        return True

    def sizeHint(self) -> QSize:
        return QSize(self.oneRowWidth(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.twoRowWidth(), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def pace(self) -> int | None:
        """Epochs per frame while playing (None: as fast as it goes)."""
        return int(self.paceCombo.currentData()) or None

    # ----- state from the window -----

    def setBusy(self, message: str | None) -> None:
        """Show a busy indicator with a message, or hide it (None). Play can be pressed meanwhile:
        the engine runs it once the kernels are ready; Step and Reset wait. "" is not busy."""
        busy = bool(message)
        if busy:
            self._compiling = message  # the newest step, said again when Play is pressed meanwhile
        self.busyBar.setVisible(busy)
        if busy and self.playButton.isChecked():
            message = self.tr("{busy} Training starts when they are ready.").format(busy=message)
        self._setStatus(message or "")
        self.stepButton.setEnabled(not busy)
        self.resetButton.setEnabled(not busy)

    def setPlaying(self, playing: bool) -> None:
        """Show the play or pause icon without emitting playToggled."""
        self.playButton.blockSignals(True)
        self.playButton.setChecked(playing)
        self.playButton.blockSignals(False)
        self._showPlayIcon(playing)

    def setEpoch(self, epoch: int, epochs_per_second: float) -> None:
        """Update the counter and speed."""
        self.epochLabel.setText(f"{epoch:07,d}")
        self.speedLabel.setText(f"{epochs_per_second:,.0f}" if epochs_per_second > 0 else "–")

    def setFromConfig(self, cfg: dict[str, Any]) -> None:
        """Show a config's settings in the controls without emitting anything."""
        combos = (
            self.learningRateCombo,
            self.activationCombo,
            self.regularizationCombo,
            self.regularizationRateCombo,
            self.taskCombo,
            self.optimizerCombo,
        )
        for c in combos:
            c.blockSignals(True)
        try:
            # The engine fills what a config leaves out, with its own defaults.
            optimizer = normalize_optimizer(cfg.get("optimizer"))
            regularization = normalize_regularization(cfg.get("regularization"))
            # Text being typed stays; otherwise the fields show the engine's rates.
            self.learningRateCombo.showValue(optimizer["lr"])
            self._showActivations(_dense_activations(cfg))
            _select(self.regularizationCombo, regularization["kind"])
            self.regularizationRateCombo.showValue(regularization["rate"])
            _select(self.taskCombo, cfg.get("task", DEFAULTS["task"]))
            _select(self.optimizerCombo, optimizer["name"])
            self.optimizerSettings.setOptimizer(optimizer)
            self.optimizerSettings.setSchedule(cfg.get("schedule"))
        finally:
            for c in combos:
                c.blockSignals(False)

    def showLearningRate(self, lr: float, scheduled: bool) -> None:
        """While a schedule sets the rate, the Learning rate control shows the one training uses now
        (what the engine's snapshot says); text being typed stays. Typing sets the base rate."""
        if scheduled and math.isfinite(lr):
            self.learningRateCombo.showValue(lr)

    # ----- user actions -----

    def _optimizer(self) -> dict[str, Any]:
        """The optimizer the session will have once it has run every command sent (before the
        engine reports, the one on screen)."""
        wanted = self._client.wantedConfig() if self._client is not None else {}
        return normalize_optimizer(wanted.get("optimizer", self.optimizerSettings.optimizer()))

    def _wantedRegularization(self) -> dict[str, Any]:
        """The regularization the session will have once it has run every command sent."""
        wanted = self._client.wantedConfig() if self._client is not None else {}
        return normalize_regularization(
            wanted.get(
                "regularization",
                {
                    "kind": self.regularizationCombo.currentData(),
                    "rate": self.regularizationRateCombo.itemData(0),
                },
            )
        )

    def _send(self, key: str, value: Any) -> None:
        if self._client is not None:
            self._client.change(key, value)

    def _onPace(self, _index: int) -> None:
        if self._store is not None:
            self._store.setInteger(PACE_KEY, int(self.paceCombo.currentData()))
        self._sendPace()

    def _sendPace(self) -> None:
        if self._client is not None:
            self._client.send(SetPace(self.pace()))

    def _onPlayToggled(self, playing: bool) -> None:
        self._showPlayIcon(playing)
        if self.busyBar.isVisible():  # pressed while the kernels compile: say it is remembered
            self.setBusy(self._compiling)
        self.playToggled.emit(playing)

    def _showPlayIcon(self, playing: bool) -> None:
        if getattr(self, "_iconPlaying", None) == playing:
            return
        self._iconPlaying = playing
        self.playButton.setIcon(icons.pause_icon() if playing else icons.play_icon())
        self.playButton.setAccessibleName(self.tr("Pause") if playing else self.tr("Play"))

    def _onLearningRate(self, value: float) -> None:
        self._clearRefusal()
        self._send("optimizer", {**self._optimizer(), "lr": value})

    def _refuseLearningRate(self, text: str) -> None:
        """Say why; the field shows the learning rate the engine keeps and nothing is sent."""
        message = self.tr(
            "“{text}” is not a learning rate the network can use; type a number such as "
            "{example}. The learning rate stays {lr}."
        ).format(
            text=text,
            example=_number(DEFAULTS["optimizer"]["lr"]),
            lr=_number(self._optimizer()["lr"]),
        )
        self._showRefusal(self.learningRateCombo, message)

    def _onRegularizationRate(self, value: float) -> None:
        self._clearRefusal()
        self._send("regularization", {**self._wantedRegularization(), "rate": value})

    def _refuseRegularizationRate(self, text: str) -> None:
        """Say why, with the range; the field shows the rate the engine keeps, nothing is sent."""
        message = self.tr(
            "“{text}” is not a regularization rate the network can use; type a number from 0 to "
            "{most}. The regularization rate stays {rate}."
        ).format(
            text=text,
            most=_number(MAX_REGULARIZATION_RATE),
            rate=_number(self._wantedRegularization()["rate"]),
        )
        self._showRefusal(self.regularizationRateCombo, message)

    def _refuseOptimizerSetting(self, message: str) -> None:
        """A hyper-parameter typed out of range: said in the form (open) and in the bar."""
        self._refusal = message
        self._setStatus(message)
        self._refusalTimer.start()

    def _showRefusal(self, field: QWidget, message: str) -> None:
        """A refused value's reason, in the bar for a while and next to the field."""
        self._refusal = message
        self._setStatus(message)
        self._refusalTimer.start()
        show_refusal(field, message)

    def _setStatus(self, text: str) -> None:
        self.statusLabel.setText(text)
        self.statusLabel.setToolTip(text)

    def _clearRefusal(self) -> None:
        """Take a refusal's reason away again (a busy message in its place stays)."""
        self._refusalTimer.stop()
        if self._refusal and self.statusLabel.text() == self._refusal:
            self._setStatus("")
        self._refusal = ""

    def _onActivation(self, index: int) -> None:
        activation = self.activationCombo.itemData(index)
        if activation in ACTIVATIONS:  # not "mixed"
            self.activationChanged.emit(activation)

    def _showActivations(self, activations: set[str]) -> None:
        """One activation when the dense layers agree, "mixed" when they differ (no signal)."""
        combo = self.activationCombo
        has_mixed = combo.count() > len(ACTIVATIONS)
        if len(activations) > 1:
            if not has_mixed:
                combo.addItem(self._mixedText, _MIXED)
                item = combo.model().item(combo.count() - 1)
                item.setEnabled(False)  # shown, never chosen: it is not an activation
                item.setToolTip(
                    self.tr(
                        "The hidden layers have different activations; "
                        "choose one to give it to every layer"
                    )
                )
            combo.setCurrentIndex(combo.count() - 1)
        else:
            if has_mixed:
                combo.removeItem(combo.count() - 1)
            if activations:
                _select(combo, next(iter(activations)))
        combo.setEnabled(bool(activations))

    def _onRegularization(self, _index: int) -> None:
        self._send(
            "regularization",
            {**self._wantedRegularization(), "kind": self.regularizationCombo.currentData()},
        )

    def _onOptimizerName(self, _index: int) -> None:
        """Another optimizer, with its own defaults and the learning rate the session has."""
        name = self.optimizerCombo.currentData()
        optimizer = {
            **copy.deepcopy(OPTIMIZER_DEFAULTS.get(name, {})),
            "name": name,
            "lr": self._optimizer()["lr"],
        }
        self.optimizerSettings.setOptimizer(optimizer)
        self._send("optimizer", optimizer)

    def _onOptimizerSetting(self, key: str, value: float) -> None:
        """One hyper-parameter from the settings form ("betas[1]": one entry of a list)."""
        optimizer = self._optimizer()
        if "[" in key:
            name, i = key[:-1].split("[")
            values = list(optimizer[name])
            values[int(i)] = value
            new = {**optimizer, name: values}
        else:
            new = {**optimizer, key: value}
        if new != optimizer:
            self._send("optimizer", new)
