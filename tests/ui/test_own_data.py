"""The user's own data through the window: painting, CSV import/export, formulas, bad files, autosave."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from playground import autosave
from playground.autosave import FORMAT, autosave_path, read_record
from playground.ui.main_window import MainWindow

READY_MS = 120_000
ROOT = Path(__file__).resolve().parents[2]
SMALL = {"data": {"name": "xor", "n_samples": 40}, "layers": [{"units": 3}], "seed": 3}


@pytest.fixture
def open_window(qtbot, tmp_path):
    """open_window(config, autosave_dir=None): a shown window, ready, on throwaway settings."""

    def make(config=None, autosave_dir=None, settings_name="settings.ini"):
        settings = QSettings(str(tmp_path / settings_name), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, config=config, autosave_dir=autosave_dir)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(window.worker.isReady, timeout=READY_MS)
        qtbot.waitUntil(lambda: window.userData._data is not None, timeout=10_000)
        return window

    return make


def wait_for_data(qtbot, window, n_points, timeout=10_000):
    """Wait until the worker's data set has n_points points and the window has drawn it."""
    def done():
        snap = window.lastSnapshot()
        data = window.userData._data
        return (snap is not None and snap.seq >= window.worker.lastSentSeq() and data is not None
                and len(data.x_train) + len(data.x_test) == n_points)
    qtbot.waitUntil(done, timeout=timeout)


def click(qtbot, window, x, y, button=Qt.MouseButton.LeftButton, shift=False):
    tool = window.userData.paintTool
    pos = tool.dataToViewport(x, y).toPoint()
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(tool.plot.viewport(), button, modifier, pos)


def dataset(window):
    d = window.worker_query("to_dict")
    exp_points = d["data"].get("points")
    return d, exp_points


# ----- painting -----


def test_paint_adds_classes_keeps_split_and_weights(qtbot, open_window, settle):
    window = open_window(SMALL)
    for _ in range(3):
        window.step()
    settle(window)
    before = window.userData._data
    old_test = {tuple(p) for p in before.x_test.tolist()}
    bar = window.userData.paintBar
    qtbot.mouseClick(bar.paintButton, Qt.MouseButton.LeftButton)
    assert bar.isPainting()
    click(qtbot, window, 1.0, 2.0)  # class 0
    click(qtbot, window, -3.0, 4.0, shift=True)  # the other class: 1
    wait_for_data(qtbot, window, 42)
    d, points = dataset(window)
    assert d["data"]["name"] == "points"
    np.testing.assert_allclose([r[:3] for r in points[-2:]], [[1, 2, 0], [-3, 4, 1]], atol=0.05)
    assert [r[2] for r in points[-2:]] == [0, 1]  # class numbers stay integers
    assert {r[3] for r in points[-2:]} <= {"train", "test"}
    exp_test = {tuple(r[:2]) for r in points if r[3] == "test"}
    assert old_test <= exp_test  # the old test points stay test points
    n_test = sum(r[3] == "test" for r in points)
    assert n_test == round(0.5 * 42)  # the new points keep the test ratio
    assert window.worker_query("epoch") == 3  # same shapes: the weights and history stay

    # class 2 (a new class): softmax output with three units
    bar.classButtons[2].click()
    click(qtbot, window, 5.0, -5.0)
    wait_for_data(qtbot, window, 43)
    snap = window.lastSnapshot()
    assert snap.n_classes == 3 and snap.output.shape[-1] == 3

    # right-click removes the nearest point; the erase brush removes what it passes over
    click(qtbot, window, 5.0, -5.0, button=Qt.MouseButton.RightButton)
    wait_for_data(qtbot, window, 42)
    assert window.lastSnapshot().n_classes == 2
    bar.eraseButton.click()
    tool = window.userData.paintTool
    xy = np.concatenate([window.userData._data.x_train, window.userData._data.x_test])
    target = xy[np.argmax(xy[:, 0])]  # the rightmost point
    vp = tool.plot.viewport()
    pos = tool.dataToViewport(*target)
    for kind, buttons in ((QMouseEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QMouseEvent.Type.MouseMove, Qt.MouseButton.LeftButton),
                          (QMouseEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(vp, QMouseEvent(kind, pos, vp.mapToGlobal(pos),
                                               Qt.MouseButton.LeftButton, buttons,
                                               Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: len(window.userData._data.x_train) + len(window.userData._data.x_test)
                    < 42, timeout=10_000)
    xy = np.concatenate([window.userData._data.x_train, window.userData._data.x_test])
    assert not (np.abs(xy - target).sum(axis=1) < 1e-9).any()


def test_paint_refuses_to_remove_a_whole_middle_class(qtbot, open_window, settle):
    rows = [[0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 3, 0], [4, 4, 1], [-1, -1, 2], [-2, 2, 0]]
    window = open_window({"data": {"name": "points", "points": rows}})
    config_before = window.worker_experiment_config()
    window.userData.paintBar.paintButton.click()
    click(qtbot, window, 1.0, 1.0, button=Qt.MouseButton.RightButton)  # class 1 keeps (4, 4)
    settle(window)
    # removing (4, 4) too would leave classes 0 and 2 only
    click(qtbot, window, 4.0, 4.0, button=Qt.MouseButton.RightButton)
    assert window.banner.isVisible() and "class 1" in window.banner.label.text()
    settle(window)
    assert len(window.worker_experiment_config()["data"]["points"]) == 6
    assert config_before["data"]["points"] != window.worker_experiment_config()["data"]["points"]


def test_paint_regression_targets(qtbot, open_window):
    window = open_window({"task": "regression", "data": {"name": "plane", "n_samples": 20}})
    bar = window.userData.paintBar
    assert bar.targetSpin.isVisibleTo(window) and not bar.classButtons[0].isVisibleTo(window)
    bar.paintButton.click()
    bar.targetSpin.setValue(0.4)
    click(qtbot, window, 2.0, 2.0)
    click(qtbot, window, -2.0, -2.0, shift=True)
    wait_for_data(qtbot, window, 22)
    points = window.worker_experiment_config()["data"]["points"]
    assert [r[2] for r in points[-2:]] == [0.4, -0.4]


# ----- CSV import and export -----


@pytest.fixture
def stub_dialogs(file_dialogs, warnings_shown):
    """stub_dialogs(open_path=, save_path=): the file dialogs answer these paths; returns the
    (title, text) of every warning box shown."""
    def stub(open_path=None, save_path=None):
        file_dialogs.answer(open_path, save_path)
        return warnings_shown
    return stub


def test_import_wide_csv_adapts_the_view_then_export_round_trips(qtbot, open_window, tmp_path, settle, stub_dialogs):
    window = open_window(SMALL)
    src = tmp_path / "wide.csv"
    rng = np.random.default_rng(1)
    xy = rng.uniform(-40, 80, (60, 2))
    labels = (xy[:, 0] > 20).astype(int) + (xy[:, 1] > 20)
    src.write_text("X;Y;Class\n" + "".join(f"{a};{b};{c}\n" for (a, b), c in zip(xy, labels)))
    shown = stub_dialogs(open_path=src)
    with qtbot.waitSignal(window.userData.imported, timeout=10_000):
        window.userData.importAction.trigger()
    wait_for_data(qtbot, window, 60)
    assert not shown
    snap = window.lastSnapshot()
    lo, hi = snap.extent
    assert lo <= xy.min() and hi >= xy.max() and window.outputPanel.boundary.extent == (lo, hi)
    assert snap.n_classes == 3
    assert "beyond [-6, 6]" in window.banner.label.text()
    assert "60 points" in window.banner.label.text()

    out = tmp_path / "out.csv"
    stub_dialogs(save_path=out)
    with qtbot.waitSignal(window.userData.exported, timeout=10_000):
        window.userData.exportAction.trigger()
    lines = out.read_text().splitlines()
    assert lines[0] == "x,y,label,split" and len(lines) == 61
    data = window.userData._data
    assert sum(line.endswith(",test") for line in lines) == len(data.x_test)

    # Re-importing the export gives the same points and the same split.
    stub_dialogs(open_path=out)
    window.reset()
    settle(window)
    with qtbot.waitSignal(window.userData.imported, timeout=10_000):
        window.userData.importAction.trigger()
    settle(window)
    again = window.userData._data
    np.testing.assert_array_equal(np.sort(again.x_test, axis=0), np.sort(data.x_test, axis=0))
    assert "as marked in its split column" in window.banner.label.text()


BAD_FILES = {
    "empty": (b"", "file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this file is not text"),
    "not utf-8": (b"x,y,label\n1,2,\xff\n", "line 2: this file is not UTF-8 text"),
    "ragged rows": (b"x,y,label\n1,2,0\n3,4\n5,6,1\n", "line 3: expected 3 fields"),
    "text in a number column": (b"1,2,0\n3,abc,1\n5,6,0\n7,8,1\n", "line 2: 'abc' in column y is not a number"),
    "nan": (b"1,2,0\n3,4,1\nnan,6,0\n7,8,1\n", "line 3: column x is nan"),
    "inf": (b"1,2,0\n3,4,1\n5,6,0\n7,-inf,1\n", "line 4: column y is -inf"),
    "one class only": (b"1,2,0\n3,4,0\n5,6,0\n7,8,0\n", "found classes [0]"),
    "a fractional class": (b"1,2,0\n3,4,1\n5,6,0.5\n7,8,1\n", "line 3: label 0.5"),
    "header only": (b"x,y,label\n", "no data rows"),
    "too few points": (b"1,2,0\n3,4,1\n", "between 4 and"),
    "bad split": (b"x,y,label,split\n1,2,0,train\n3,4,1,maybe\n", "line 3: split must be train or test"),
}


@pytest.mark.parametrize("case", list(BAD_FILES) + ["ten million rows"])
def test_bad_csv_files_explain_themselves_and_change_nothing(case, qtbot, open_window, tmp_path, settle, stub_dialogs):
    window = open_window(SMALL)
    window.step()
    settle(window)
    config_before = window.worker_experiment_config()
    weights_before = window.worker_query("weights")
    path = tmp_path / "bad.csv"
    if case == "ten million rows":
        path.write_bytes(b"1.5,2.5,0\n" * 10_000_000)
        expected = "more than 1,000,000 data rows (stopped reading at line 1000001)"
    else:
        content, expected = BAD_FILES[case]
        path.write_bytes(content)
    shown = stub_dialogs(open_path=path)
    window.userData.importAction.trigger()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=30_000)
    title, text = shown[0]
    assert title == "Could not import the data"
    assert "bad.csv" in text and expected in text and "The current experiment is unchanged." in text
    assert window.worker_experiment_config() == config_before
    assert window.worker_query("epoch") == 1
    for a, b in zip(weights_before, window.worker_query("weights")):
        np.testing.assert_array_equal(a["W"], b["W"])


def test_newer_format_version_says_so(qtbot, open_window, tmp_path, stub_dialogs):
    window = open_window(SMALL)
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"version": 7, "layers": []}))
    shown = stub_dialogs(open_path=path)
    window.openAction.trigger()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    assert "newer version" in shown[0][1] and "format version 7" in shown[0][1]
    assert window.worker_experiment_config()["data"]["name"] == "xor"


# ----- formulas -----


def test_formula_fields_show_errors_and_apply_only_valid_text(qtbot, open_window, settle):
    window = open_window(SMALL)
    ud = window.userData
    field = ud.labelField
    field.edit.setText("y > x^3 - x")
    assert not field.applyButton.isEnabled() and field.errorLabel.isVisibleTo(window)
    assert field.errorOffset == 5 and "**" in field.error  # the column of ^
    assert field.caretLabel.text() == "y > x^3 - x\n     ^"  # the caret under the column
    field.apply()  # Enter on an invalid formula applies nothing
    settle(window)
    assert window.worker_experiment_config()["data"]["name"] == "xor"

    field.edit.setText("x > 100")  # parses, but gives one class only
    assert not field.applyButton.isEnabled() and "only class 0" in field.error

    field.edit.setText("y > x**3 - x")
    assert field.applyButton.isEnabled() and not field.errorLabel.isVisibleTo(window)
    qtbot.mouseClick(field.applyButton, Qt.MouseButton.LeftButton)
    settle(window)
    data = window.worker_experiment_config()["data"]
    assert data["name"] == "formula" and data["formula"] == "y > x**3 - x"

    feature = ud.featureField
    feature.edit.setText("x1 +* 2")
    assert feature.errorOffset is not None and not feature.applyButton.isEnabled()
    feature.edit.setText("log(x1)")  # not finite on points with x1 <= 0
    assert "finite" in feature.error
    feature.edit.setText("__import__('os')")
    assert feature.error and not feature.applyButton.isEnabled()
    feature.edit.setText("x1*x2**2")
    feature.apply()
    settle(window)
    assert window.worker_experiment_config()["features"] == ["x1", "x2", "x1*x2**2"]
    assert feature.text() == ""


# ----- autosave -----


def write_orphan(directory: Path, experiment: dict) -> Path:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    path = autosave_path(directory, int(dead.stdout))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": FORMAT, "version": 1, "saved_at": 0, "experiment": experiment}))
    return path


def test_autosave_while_changing_and_clean_exit_removes_it(qtbot, open_window, tmp_path, monkeypatch,
                                                           settle):
    monkeypatch.setattr(autosave, "INTERVAL_SECONDS", 0.05)
    window = open_window(SMALL, autosave_dir=str(tmp_path / "auto"))
    path = window.autosave.path
    for _ in range(4):
        window.step()
    settle(window)
    qtbot.waitUntil(lambda: path.exists() and read_record(path)["experiment"]["state"]["epoch"] == 4,
                    timeout=10_000)
    window.close()
    assert not path.exists()


def test_restore_offer_yes_and_no(qtbot, open_window, tmp_path, monkeypatch):
    from playground import Experiment

    exp = Experiment.from_dict(SMALL)
    exp.train(epochs=9)
    auto = tmp_path / "auto"
    orphan = write_orphan(auto, exp.to_dict())
    asked = []

    def answer(choice):
        def question(parent, title, text, *a, **k):
            asked.append(text)
            return choice
        return staticmethod(question)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    window = open_window(None, autosave_dir=str(auto))
    assert len(asked) == 1 and "trained 9 epochs" in asked[0]
    assert window.worker_query("epoch") == 9
    for a, b in zip(exp.get_weights(), window.worker_query("weights")):
        np.testing.assert_array_equal(a["W"], b["W"])
    assert not orphan.exists() and window.autosave.path.exists()  # kept safe under this run's name
    window.close()

    orphan = write_orphan(auto, exp.to_dict())
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    window = open_window(None, autosave_dir=str(auto), settings_name="other.ini")
    assert len(asked) == 2 and not orphan.exists()
    assert window.worker_query("epoch") == 0


CHILD = textwrap.dedent("""
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    import playground.autosave as autosave
    from playground.ui.main_window import MainWindow

    autosave.INTERVAL_SECONDS = 0.05
    write = autosave.write_record
    def traced(path, record):
        print("writing", record["experiment"]["state"]["epoch"], flush=True)
        write(path, record)
        print("written", record["experiment"]["state"]["epoch"], flush=True)
    autosave.write_record = traced

    app = QApplication([])
    settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, config=json.loads(sys.argv[3]), autosave_dir=sys.argv[1])
    window.worker.ready.connect(lambda: window.topBar.playButton.setChecked(True))
    window.show()
    app.exec()
""")


def test_killed_window_is_restored_from_its_autosave(qtbot, open_window, tmp_path, monkeypatch):
    """A training window killed with SIGKILL: the next start restores what it last saved."""
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL")
    auto = tmp_path / "auto"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(auto), str(tmp_path / "child.ini"), json.dumps(SMALL)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = []
    try:
        for line in child.stdout:  # blocks until the child prints: no sleeps
            lines.append(line.split())
            if len([e for kind, e in lines if kind == "written" and int(e) > 0]) >= 3:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        lines += [line.split() for line in child.stdout.read().splitlines()]
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    saved = read_record(autosave_path(auto, child.pid))["experiment"]
    started = [int(e) for kind, e in lines if kind == "writing"]
    assert saved["state"]["epoch"] in started[-2:]  # the newest write whose rename completed

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    window = open_window(None, autosave_dir=str(auto))
    restored = window.worker_query("to_dict")
    assert restored["state"]["epoch"] == saved["state"]["epoch"] > 0
    assert {k: v for k, v in restored.items() if k != "state"} == {
        k: v for k, v in saved.items() if k != "state"}
    assert restored["state"]["weights"] == saved["state"]["weights"]
    assert restored["state"]["history"] == saved["state"]["history"]


def test_test_ratio_splits_painted_points_anew(qtbot, open_window, settle):
    rows = [[i - 10, (i * 7) % 11 - 5, i % 2, "test" if i < 3 else "train"] for i in range(20)]
    window = open_window({"data": {"name": "points", "points": rows}})
    assert len(window.userData._data.x_test) == 3
    window.dataPanel.testRatioSlider.setValue(30)
    settle(window)
    qtbot.waitUntil(lambda: len(window.userData._data.x_test) == 6, timeout=10_000)


def test_unreadable_autosave_is_explained_and_kept(qtbot, open_window, tmp_path, monkeypatch,
                                                 stub_dialogs):
    auto = tmp_path / "auto"
    orphan = write_orphan(auto, SMALL)
    record = json.loads(orphan.read_text())
    orphan.write_text(json.dumps({**record, "version": 5}))
    shown = stub_dialogs()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: pytest.fail("asked")))
    window = open_window(None, autosave_dir=str(auto))
    assert len(shown) == 1 and "newer version" in shown[0][1]
    assert orphan.with_suffix(".unreadable").exists() and not orphan.exists()
    assert window.worker_query("epoch") == 0
