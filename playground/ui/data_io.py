"""The user's own data in the window: painting, CSV import and export, formula data and features.

`installUserData(host)` adds a paint bar above the decision boundary, a "Your own data" box to
the data column and two File menu entries. Files are read and written on a background thread;
anything wrong with a file is shown in a dialog that names the line, and the experiment stays as
it was: the new data is sent to the worker only once it has been read and checked completely.
"""

from __future__ import annotations

import copy
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.config import FEATURES
from playground.datasets import (
    MAX_POINTS,
    Dataset,
    load_points_csv,
    make_dataset,
    save_csv,
    view_extent,
)
from playground.errors import ConfigError
from playground.features import feature_formula, feature_matrix
from playground.files import write_problem
from playground.formula import parse_formula
from playground.session import config_edits as edits
from playground.session.snapshot import DataPoints, Snapshot
from playground.ui.dataset_button import dataset_label
from playground.ui.formula_fields import FormulaField
from playground.ui.host import Place, PlotId, WindowHost
from playground.ui.paint_tool import PaintBar, PaintTool

CSV_FILTER = QT_TRANSLATE_NOOP("UserData", "CSV files (*.csv *.tsv *.txt);;All files (*)")
SEND_DELAY_MS = 60  # painting strokes reach the worker at most this often
_KEPT_DATA_KEYS = ("test_ratio", "seed")  # what user data keeps of the previous data settings
GENERATED_NAMES = {"points": "your points", "csv": "a CSV file", "formula": "a formula"}


def rows_of(data: DataPoints) -> list[list]:
    """data.points rows [x, y, label, "train"/"test"] of the data set, training points first."""
    rows = []
    for split, xy, labels in (("train", data.x_train, data.y_train), ("test", data.x_test, data.y_test)):
        rows += [[x, y, v, split] for (x, y), v in zip(xy.tolist(), labels.tolist())]
    return rows


def points_data(rows: list, config: dict[str, Any]) -> dict[str, Any]:
    """A data section holding rows, keeping the config's test ratio and data seed."""
    data = {k: v for k, v in config.get("data", {}).items() if k in _KEPT_DATA_KEYS}
    data.update(name="points", points=rows)
    return data


def rows_problem(rows: list, task: str) -> str:
    """Why these painted rows cannot be a data set ("" when they can)."""
    translate = QCoreApplication.translate
    if len(rows) < 4:
        return translate("UserData", "A data set needs at least 4 points; this one would have fewer.")
    if len(rows) > MAX_POINTS:
        return translate("UserData", "A data set holds at most {count:,} points.").format(
            count=MAX_POINTS
        )
    tests = sum(1 for r in rows if r[3] == "test")
    if tests == 0 or tests == len(rows):
        return translate("UserData", "At least one training point and one test point must stay.")
    if task == "classification":
        present = {int(r[2]) for r in rows}
        k = max(present) + 1
        missing = sorted(set(range(k)) - present)
        if missing:
            return translate(
                "UserData",
                "Every class from 0 to {last} needs a point; class {missing} would have none left. "
                "Remove the higher classes first.",
            ).format(last=k - 1, missing=missing[0])
        if k < 2:
            return translate("UserData", "Classification needs points of at least two classes.")
    return ""


class OwnDataBox(QWidget):
    """The data column's section for formulas and files."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ownDataBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        title = QLabel(self.tr("YOUR OWN DATA"))
        title.setObjectName("panelTitle")
        layout.addWidget(title)
        self.sourceLabel = QLabel("")
        self.sourceLabel.setObjectName("caption")
        self.sourceLabel.setWordWrap(True)
        layout.addWidget(self.sourceLabel)
        files = QHBoxLayout()
        self.importButton = QPushButton(self.tr("&Import CSV…"))
        self.exportButton = QPushButton(self.tr("E&xport CSV…"))
        self.importButton.setToolTip(
            self.tr("Columns x, y, label (a header is optional); see the README")
        )
        self.exportButton.setToolTip(self.tr("Write the points with a train/test column"))
        files.addWidget(self.importButton)
        files.addWidget(self.exportButton)
        layout.addLayout(files)
        self.labelField: FormulaField | None = None
        self.featureField: FormulaField | None = None

    def addFields(self, label_field: FormulaField, feature_field: FormulaField) -> None:
        """Place the two formula fields."""
        self.labelField, self.featureField = label_field, feature_field
        self.layout().addWidget(label_field)
        self.layout().addWidget(feature_field)


class UserData(QObject):
    """Connects painting, files and formulas to the window's experiment."""

    imported = Signal(str)  # path, once its data was sent to the worker
    exported = Signal(str)  # path, once written
    failed = Signal(str, str)  # dialog title, text (also shown in a warning box)
    _finished = Signal(int, object, str)  # job, result, error: from the file threads

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host)
        self.host = host
        self._data: DataPoints | None = None
        self._rows: list | None = None  # painted rows not yet confirmed by the worker
        self._sentSeq = -1
        self._config: dict[str, Any] = {}
        self._jobs: dict[int, tuple[Callable, str, tuple[str, str]]] = {}
        self._jobCount = 0
        self._threads: list[threading.Thread] = []
        self._taskShown: tuple[str, int] | None = None
        # Test points painted since the paint tool went on, drawn hollow even with test data hidden.
        self._paintedTest: list[tuple[float, float, float]] = []

        self._images = False  # the data are images: nothing here applies
        self.paintBar = PaintBar()
        host.addWidget(Place.ABOVE_BOUNDARY, self.paintBar)
        host.addWidget(Place.BELOW_BOUNDARY, self.paintBar.hint)
        self._boundary = host.plot(PlotId.BOUNDARY)
        self.paintTool = PaintTool(self._boundary, self.paintBar)
        self.paintTool.addRequested.connect(self._onAdd)
        self.paintTool.removeRequested.connect(self._onRemove)
        self._sendTimer = QTimer(self)
        self._sendTimer.setSingleShot(True)
        self._sendTimer.setInterval(SEND_DELAY_MS)
        self._sendTimer.timeout.connect(self._sendRows)
        self.paintTool.strokeFinished.connect(self._sendRows)
        self.paintBar.paintButton.toggled.connect(self._onPaintMode)

        self.box = OwnDataBox()
        self.labelField = FormulaField(
            self.tr("&Label formula over x and y:"),
            self.tr("e.g. y > x**3 - x   or   sin(x) * cos(y)"),
            self._checkLabelFormula,
            button=self.tr("Apply"),
        )
        self.labelField.setToolTip(
            self.tr("Classification: a condition (class 1 where true); regression: the target")
        )
        self.featureField = FormulaField(
            self.tr("Add an input &feature over x1 and x2:"),
            self.tr("e.g. x1*x2**2   or   tanh(x1)"),
            self._checkFeatureFormula,
            button=self.tr("Add"),
        )
        self.box.addFields(self.labelField, self.featureField)
        host.addWidget(Place.DATA_COLUMN, self.box)
        self.labelField.applied.connect(self._applyLabelFormula)
        self.featureField.applied.connect(self._applyFeatureFormula)

        self.importAction = QAction(self.tr("&Import data (CSV)…"), self)
        self.importAction.setStatusTip(self.tr("Read x, y, label points from a CSV file"))
        self.importAction.triggered.connect(self.importCsv)
        self.exportAction = QAction(self.tr("E&xport data (CSV)…"), self)
        self.exportAction.setStatusTip(
            self.tr("Write the current points, train and test marked, to a CSV file")
        )
        self.exportAction.triggered.connect(self.exportCsv)
        host.addBeforeQuit(self.importAction, self.exportAction)
        self.box.importButton.clicked.connect(self.importCsv)
        self.box.exportButton.clicked.connect(self.exportCsv)

        self._finished.connect(self._onFinished)
        host.frameDrawn.connect(self._onSnapshot)
        host.testRatioChanged.connect(self._onTestRatio)

    # ----- a data set picked over the user's own data -----

    def pickData(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Apply a data set button's or the problem type's change of the config (a reset, paused).

        The picked data set replaces the user's own data (painted points, a CSV file, a label
        formula) without asking; the banner says so and its button brings the own data back.
        """
        wanted = self.host.client.wantedConfig()
        if not wanted:
            return
        new = change(copy.deepcopy(wanted))
        if new == wanted:
            return
        self.host.loadConfig(new)
        if edits.is_own_data(wanted) and not edits.is_own_data(new):
            data = wanted["data"]
            name = dataset_label(str(new["data"]["name"]))
            if data["name"] == "points":
                text = self.tr("Your {count:,} points gave way to the {name} data set.").format(
                    count=len(data.get("points", ())), name=name)
            elif data["name"] == "csv":
                text = self.tr("The points of {file} gave way to the {name} data set.").format(
                    file=Path(str(data.get("path", ""))).name, name=name)
            else:
                text = self.tr("The points of your label formula gave way to the {name} data "
                               "set.").format(name=name)
            before = {k: copy.deepcopy(wanted[k]) for k in ("task", "loss", "data") if k in wanted}
            self.host.showBanner(text, "info", self.tr("Bring my data back"),
                                 lambda: self._bringBack(before))

    def _bringBack(self, before: dict[str, Any]) -> None:
        wanted = self.host.client.wantedConfig()
        if wanted:
            self.host.loadConfig({**wanted, **before})

    # ----- state from the worker -----

    def _setImageMode(self, images: bool) -> None:
        """Images (the digits) are not x, y points: painting, CSV files and formulas do not apply."""
        for w in (self.box, self.paintBar, self.paintBar.hint):
            w.setVisible(not images)
        for a in (self.importAction, self.exportAction):
            a.setEnabled(not images)

    @Slot(object)
    def _onSnapshot(self, snap: Snapshot) -> None:
        images = snap.image_shape is not None
        if images != self._images:
            self._images = images
            self._setImageMode(images)
        if images:
            self._config, self._data, self._rows = snap.config, None, None
            return
        if snap.config != self._config:  # cheap: the points are shared, not copied
            self._config = snap.config
            self._showSource(snap)
        task = (snap.task, snap.n_classes)
        if task != self._taskShown:
            self._taskShown = task
            self.paintBar.setTask(*task)
        if snap.data is None:
            return
        if self._sendTimer.isActive() or snap.seq < self._sentSeq:
            self._drawRows()  # older data than what is painted: keep showing the painting
            return
        new = snap.data is not self._data
        self._data = snap.data
        self._rows = None
        if new and self._paintedTest:
            self._drawPaintedTest()

    def _showSource(self, snap: Snapshot) -> None:
        data = snap.config.get("data", {})
        name = data.get("name", "")
        if name == "points":
            what = (self.tr("{count} classes").format(count=snap.n_classes)
                    if snap.task == "classification" else self.tr("regression targets"))
            text = self.tr("Now: {count:,} points of your own ({what}).").format(
                count=len(data["points"]), what=what
            )
            lo, hi = snap.extent
            if (lo, hi) != (-6.0, 6.0):
                text += self.tr(" They reach beyond ±6: the plot shows [{lo:g}, {hi:g}]².").format(
                    lo=lo, hi=hi
                )
        elif name == "formula":
            text = self.tr("Now: points labelled by {formula}.").format(
                formula=repr(data.get("formula"))
            )
            if not self.labelField.edit.hasFocus():
                self.labelField.edit.blockSignals(True)
                self.labelField.setText(data.get("formula", ""))
                self.labelField.edit.blockSignals(False)
        elif name == "csv":
            text = self.tr("Now: points from {path}.").format(path=data.get("path"))
        else:
            from playground.ui.dataset_button import dataset_label

            text = self.tr(
                "Now: the generated data set '{name}'. Paint on the plot to make it your own."
            ).format(name=dataset_label(name))
        self.box.sourceLabel.setText(text)

    def currentRows(self) -> list | None:
        """The points as data.points rows with their split (painted ones included)."""
        if self._rows is None and self._data is not None:
            self._rows = rows_of(self._data)
        return self._rows

    def config(self) -> dict[str, Any]:
        """The config the worker will have after the commands sent."""
        return self.host.client.wantedConfig() or dict(self._config)

    # ----- painting -----

    @Slot(float, float, bool)
    def _onAdd(self, x: float, y: float, other: bool) -> None:
        rows = self.currentRows()
        if rows is None or self._data is None:
            return
        bar = self.paintBar
        if self._data.task == "classification":
            label: float | int = bar.otherClass() if other else bar.selectedClass()
        else:
            value = bar.targetSpin.value()
            label = -value if other else value
        ratio = float(self.config().get("data", {}).get("test_ratio", 0.5))
        tests = sum(1 for r in rows if r[3] == "test")
        # Deterministic: the new point goes to test while the test share is below the ratio.
        split = "test" if tests < round(ratio * (len(rows) + 1)) else "train"
        row = [round(x, 3), round(y, 3), label, split]
        if self._setRows(rows + [row]):
            if split == "test":
                self._paintedTest.append((row[0], row[1], row[2]))
                self._drawPaintedTest()
            bar.noteJoined(split)

    @Slot(float, float, float, bool)
    def _onRemove(self, x: float, y: float, radius: float, nearest_only: bool) -> None:
        rows = self.currentRows()
        if not rows:
            return
        xy = np.array([r[:2] for r in rows], dtype=float)
        d2 = (xy[:, 0] - x) ** 2 + (xy[:, 1] - y) ** 2
        hit = np.flatnonzero(d2 <= radius**2)
        if len(hit) == 0:
            return
        if nearest_only:
            hit = hit[np.argmin(d2[hit])][None]
        drop = set(hit.tolist())
        if self._setRows([r for i, r in enumerate(rows) if i not in drop]):
            self._drawPaintedTest()

    def _setRows(self, rows: list) -> bool:
        """Show and send rows; False (with a note) when they cannot be a data set."""
        task = self._data.task if self._data is not None else "classification"
        problem = rows_problem(rows, task)
        if problem:
            self.host.showBanner(problem, "warning")
            return False
        self._rows = rows
        self._drawRows()
        if not self._sendTimer.isActive():
            self._sendTimer.start()
        return True

    @Slot(bool)
    def _onPaintMode(self, on: bool) -> None:
        if not on:  # out of painting, test points follow "Show test data" again
            self._paintedTest = []
            self._drawPaintedTest()

    def _drawPaintedTest(self) -> None:
        """Hollow rings at the painted points that are (still) test points."""
        data = self._data
        if not self._paintedTest or data is None:
            self._boundary.setPaintedTest(np.zeros((0, 2)), np.zeros(0), "classification", 2)
            return
        if self._rows is not None:
            test = Counter((r[0], r[1], r[2]) for r in self._rows if r[3] == "test")
        else:
            test = Counter(zip(data.x_test[:, 0].tolist(), data.x_test[:, 1].tolist(),
                               data.y_test.tolist()))
        kept = []
        for p in self._paintedTest:  # removed points, or ones split anew into training, go
            if test[p] > 0:
                test[p] -= 1
                kept.append(p)
        self._paintedTest = kept
        k = (max((int(p[2]) for p in kept), default=1) + 1 if data.task == "classification" else 0)
        k = max(k, data.n_classes)
        arr = np.array(kept, dtype=float).reshape(-1, 3)
        self._boundary.setPaintedTest(arr[:, :2], arr[:, 2], data.task, k)

    def _drawRows(self) -> None:
        rows, data = self._rows, self._data
        if rows is None or data is None:
            return
        train = [r for r in rows if r[3] == "train"]
        test = [r for r in rows if r[3] == "test"]
        label_type = np.int64 if data.task == "classification" else np.float64

        def part(rs: list, cols: slice) -> np.ndarray:
            return np.array([r[cols] for r in rs], dtype=float).reshape(len(rs), -1)

        k = max((int(r[2]) for r in rows), default=1) + 1 if data.task == "classification" else 0
        self._boundary.setPoints(DataPoints(
            part(train, slice(0, 2)), part(train, slice(2, 3))[:, 0].astype(label_type),
            part(test, slice(0, 2)), part(test, slice(2, 3))[:, 0].astype(label_type),
            data.task, k,
        ))

    @Slot()
    def _sendRows(self) -> None:
        self._sendTimer.stop()
        if self._rows is None or self._data is None:
            return
        # The session keeps weights and history where the shapes allow, and keeps playing.
        self._sentSeq = self.host.client.setData(points_data(list(self._rows), self.config()))

    @Slot(float)
    def _onTestRatio(self, _ratio: float) -> None:
        """Points that carry their split are split anew by the new ratio (the engine's seeded split)."""
        cfg = self.config()
        data = cfg.get("data", {})
        points = data.get("points") or []
        if data.get("name") == "points" and points and len(points[0]) == 4:
            rows = [list(r[:3]) for r in points]
            self.host.loadConfig({**cfg, "data": {**data, "points": rows}})

    # ----- formulas -----

    def _checkLabelFormula(self, text: str) -> None:
        parse_formula(text, ("x", "y"))
        cfg = self.config()
        data = self._formulaData(cfg, text)
        make_dataset(data, cfg.get("task", "classification"), int(cfg.get("seed", 0)))

    def _formulaData(self, cfg: dict[str, Any], text: str) -> dict[str, Any]:
        old = cfg.get("data", {})
        keep = ("noise", "test_ratio", "seed") + (("n_samples",) if old.get("name") not in (
            "points", "csv") else ())
        data = {k: v for k, v in old.items() if k in keep}
        data.update(name="formula", formula=text)
        return data

    def _applyLabelFormula(self, text: str) -> None:
        cfg = self.config()
        self.host.loadConfig({**cfg, "data": self._formulaData(cfg, text)})

    def _checkFeatureFormula(self, text: str) -> None:
        if text in FEATURES:
            return
        feature_formula(text)
        if text in self.config().get("features", []):
            raise ConfigError(
                self.tr("{formula} is already an input feature").format(formula=repr(text))
            )
        if self._data is not None:
            xy = np.concatenate([self._data.x_train, self._data.x_test])
            with np.errstate(all="ignore"):
                feature_matrix(xy, [text], check="data points")

    def _applyFeatureFormula(self, text: str) -> None:
        cfg = self.config()
        self.host.loadConfig(edits.set_feature(cfg, text, True, tuple(FEATURES)))
        self.featureField.edit.clear()

    # ----- files -----

    def _startDir(self) -> str:
        return self.host.store.text("files/lastDir", str(Path.home()))

    def importCsv(self) -> None:
        """Ask for a CSV file and import it."""
        self.host.askFile(
            self.tr("Import data from a CSV file"), self._startDir(), self.tr(CSV_FILTER), self.importPath
        )

    def importPath(self, path: str) -> None:
        """Read path on a background thread; the data replaces the current data once it is good."""
        self.host.store.setText("files/lastDir", str(Path(path).parent))
        task = self.config().get("task", "classification")
        self._start(
            lambda: load_points_csv(path, task),
            lambda rows: self._onImported(path, rows),
            self.tr("Could not import the data"),
            self.tr("Could not import {path}:").format(path=path),
            self.tr("The current experiment is unchanged."),
        )

    def _onImported(self, path: str, rows: Any) -> None:
        cfg = self.config()
        self.host.loadConfig({**cfg, "data": points_data(rows, cfg)})
        table, test = rows.arrays()
        if cfg.get("task") == "regression":
            what = self.tr("regression targets")
        else:
            what = self.tr("{count} classes").format(count=int(table[:, 2].max()) + 1)
        text = self.tr("Imported {count:,} points ({what}) from {name}.").format(
            count=len(table), what=what, name=Path(path).name
        )
        if test is not None:
            text += self.tr(" Train and test as marked in its split column.")
        lo, hi = view_extent(table[:, :2])
        if (lo, hi) != (-6.0, 6.0):
            text += self.tr(
                " The points lie beyond [-6, 6]: the plot and the output grid now cover "
                "[{lo:g}, {hi:g}]² (the points are not rescaled)."
            ).format(lo=lo, hi=hi)
        self.host.showBanner(text, "info")
        self.imported.emit(path)

    def exportCsv(self) -> None:
        """Ask for a file name and write the current points there."""
        data = self._data
        if data is None:
            return
        start = str(Path(self._startDir()) / "data.csv")
        self.host.askFile(
            self.tr("Export data as CSV"), start, self.tr(CSV_FILTER),
            lambda path: self.exportPath(path if Path(path).suffix else path + ".csv"), save=True,
        )

    def exportPath(self, path: str) -> None:
        """Write the current points (train and test marked) to path on a background thread."""
        data = self._data
        if data is None:
            return
        self.host.store.setText("files/lastDir", str(Path(path).parent))
        ds = Dataset(data.x_train, data.y_train, data.x_test, data.y_test, data.task, data.n_classes)
        n = len(data.x_train) + len(data.x_test)

        def done(_result: object) -> None:
            self.host.showStatus(
                self.tr("Exported {count:,} points ({tests:,} for testing) to {path}").format(
                    count=n, tests=len(data.x_test), path=path
                ),
                6000,
            )
            self.exported.emit(path)

        self._start(
            lambda: save_csv(path, ds),
            done,
            self.tr("Could not export the data"),
            self.tr("Could not write {path}:").format(path=path),
            self.tr("Nothing was written."),
        )

    def _start(self, work: Callable[[], Any], done: Callable[[Any], None], title: str,
               lead: str, tail: str) -> None:
        self._jobCount += 1
        job = self._jobCount
        self._jobs[job] = (done, title, (lead, tail))

        def run() -> None:
            try:
                result, error = work(), ""
            except ConfigError as exc:
                result, error = None, str(exc)
            except OSError as exc:  # a folder, no permission, a full disk: in plain words
                result, error = None, write_problem(exc)
            except Exception as exc:  # noqa: BLE001 - any failure is reported, none is fatal
                result, error = None, f"{type(exc).__name__}: {exc}"
            self._finished.emit(job, result, error)

        thread = threading.Thread(target=run, name="data-file", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    @Slot(int, object, str)
    def _onFinished(self, job: int, result: object, error: str) -> None:
        done, title, (lead, tail) = self._jobs.pop(job)
        if self.host.isClosed():
            return  # no dialog over a window that is gone (nothing of it changes any more)
        if error:
            text = f"{lead}\n\n{error}\n\n{tail}"
            self.failed.emit(title, text)
            self.host.warn(title, text)
            return
        done(result)


def installUserData(host: WindowHost) -> UserData:
    """Add painting, CSV import/export and the formula fields to the window that lent host."""
    return UserData(host)
