"""The Simplified Chinese interface: every string translated, every lesson too, and the switch at runtime."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import pyqtgraph as pg
import pytest
import shiboken6
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QTabBar,
    QTableWidget,
    QTextBrowser,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from playground.presets import load_preset, preset_names
from playground.session.commands import Step
from playground.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
TS = Path(str(files("playground") / "assets" / "translations" / "playground_zh_CN.ts"))
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Words that stay as they are in Chinese course notes: names of functions, optimizers, formats and
# products, variables of formulas, units. A text passes if it has Chinese characters or only these.
ALLOWED_WORDS = {
    # activations as the config names them, and the math functions of formulas
    *("linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "softplus"),
    *("gelu", "silu", "sin", "cos", "exp", "log", "sqrt", "abs", "ReLU"),
    # layer kinds as Keras names them (their tooltips say in Chinese what they do)
    *("Dense", "Maxout", "Dropout", "maxout", "dropout"),
    # optimizers, losses, metrics, regularizers
    *("SGD", "Nesterov", "AdaGrad", "RMSprop", "AdaDelta", "Adam", "Adamax", "NAdam"),
    *("MSE", "RMSE", "R", "L1", "L2"),
    # variables and features (x1, X₁), the exponent of 1e-05
    *("x", "y", "x1", "x2", "X", "e"),
    # the notes' symbols in backpropagation's formulas (z, a, δ, W, b, L, f′, s, p, softmax)
    *("a", "z", "s", "p", "b", "w", "W", "f", "L", "softmax", "max", "sign"),
    # products and file formats, and the other language's own name in the Language menu
    *("PyTorch", "Python", "CSV", "PNG", "English"),
}


def plain(text: str) -> str:
    """Visible text: HTML to plain, mnemonics (&F) removed."""
    if re.search(r"<[a-zA-Z/][^>]*>", text):
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return re.sub(r"&(.)", r"\1", text)


def is_translated(text: str) -> bool:
    """Chinese characters, or only allowed words, numbers and symbols."""
    text = plain(text).strip()
    return not text or bool(CJK.search(text)) or all(w in ALLOWED_WORDS for w in WORD.findall(text))


# ----- the .ts and the lessons -----


def messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


def test_ts_is_complete_and_matches_the_code(tmp_path):
    """No unfinished entry; lupdate over the code finds no string the .ts lacks; placeholders kept."""
    count = 0
    for context, source, translation in messages(TS):
        count += 1
        where = f"{context}: {source!r}"
        assert translation is not None and translation.get("type") is None, where
        text = translation.text or ""
        assert text and CJK.search(text) or all(w in ALLOWED_WORDS for w in WORD.findall(text)), where
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), where
        if re.search(r"&[^&\s]", source):  # Alt+letter still works
            assert re.search(r"&[^&\s]", text), where
    assert count > 300
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import update_translations
    finally:
        sys.path.pop(0)
    try:
        update_translations.update(copy, "zh_CN")
    except (SystemExit, OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"lupdate unavailable: {exc}")
    assert update_translations.unfinished(copy) == [], "run tools/update_translations.py"


def test_every_lesson_has_chinese_text():
    for name in preset_names():
        preset = load_preset(name)
        for key in ("title", "summary", "explanation"):
            assert CJK.search(preset.get(f"{key}_zh", "")), (name, key)
        if "labels" in preset:
            assert len(preset["labels_zh"]) == len(preset["labels"]), name


def test_compiled_translation_loads(tmp_path):
    """lrelease compiles the .ts into the cache once; the pure-Python reader agrees with it."""
    qm = i18n.compiled_qm(TS, tmp_path)
    if qm is None:
        pytest.skip("lrelease unavailable")
    assert qm.stat().st_size > 0 and i18n.compiled_qm(TS, tmp_path) == qm
    table = i18n.read_ts(TS)
    assert table[("MainWindow", "&File", "")].startswith("文件")


# ----- the window -----


def widget_texts(widget: QWidget) -> list[str]:
    """Every text a widget shows or tells (tooltip, accessible name)."""
    texts = [widget.toolTip(), widget.statusTip(), widget.whatsThis(), widget.accessibleName()]
    if isinstance(widget, (QLabel, QAbstractButton)):
        texts.append(widget.text())
    elif isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
        if widget.isEditable():
            texts.append(widget.lineEdit().placeholderText())
    elif isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    elif isinstance(widget, QAbstractSpinBox):
        texts += [getattr(widget, "prefix", str)(), getattr(widget, "suffix", str)()]
        texts.append(widget.specialValueText())
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QDockWidget):
        texts.append(widget.windowTitle())
    elif isinstance(widget, QTabBar):
        texts += [widget.tabText(i) for i in range(widget.count())]
        texts += [widget.tabToolTip(i) for i in range(widget.count())]
    elif isinstance(widget, QTextBrowser):
        texts.append(widget.toPlainText())
    elif isinstance(widget, QListWidget):
        for i in range(widget.count()):
            texts += [widget.item(i).text(), widget.item(i).toolTip()]
    elif isinstance(widget, QTableWidget):
        for header, n in ((widget.horizontalHeaderItem, widget.columnCount()),
                          (widget.verticalHeaderItem, widget.rowCount())):
            texts += [header(i).text() for i in range(n) if header(i) is not None]
    if isinstance(widget, pg.PlotWidget):
        item = widget.getPlotItem()
        for side in ("left", "bottom", "right", "top"):
            axis = item.getAxis(side)
            if axis.isVisible():
                texts.append(axis.labelText)
        if item.legend is not None:
            texts += [label.text for _sample, label in item.legend.items]
    if isinstance(widget, QGraphicsView) and widget.scene() is not None:
        for gi in widget.scene().items():
            if not gi.isVisible():
                continue
            texts.append(gi.toolTip())
            if isinstance(gi, QGraphicsSimpleTextItem):
                texts.append(gi.text())
            elif isinstance(gi, QGraphicsTextItem):
                texts.append(gi.toPlainText())
    return texts


def menu_texts(menu: QMenu, skip: set) -> list[str]:
    texts = [menu.title()]
    for action in menu.actions():
        if action.menu() is not None and action.menu() not in skip:
            texts += menu_texts(action.menu(), skip)
        elif action.menu() is None:
            texts += [action.text(), action.statusTip(), action.toolTip()]
        if isinstance(action, QWidgetAction) and action.defaultWidget() is not None:
            for w in [action.defaultWidget(), *action.defaultWidget().findChildren(QWidget)]:
                texts += widget_texts(w)
    return texts


def window_texts(window) -> dict[str, str]:
    """text -> where, for everything visible in the window, its menus and its lab panels."""
    found: dict[str, str] = {}

    def add(texts, where):
        for t in texts:
            if t and t.strip():
                found.setdefault(t, where)

    add([window.windowTitle(), window.statusBar().currentMessage()], "window")
    skip = {window.recentMenu}  # file paths
    for action in window.menuBar().actions():
        if action.menu() is not None:
            add(menu_texts(action.menu(), skip), f"menu {action.menu().objectName()}")
    for widget in window.findChildren(QWidget):
        if widget.isVisible() or isinstance(widget, QMenu):
            add(widget_texts(widget), type(widget).__name__ + " " + widget.objectName())
            menu = widget.menu() if isinstance(widget, (QPushButton, QToolButton)) else None
            if menu is not None:
                add(menu_texts(menu, skip), "button menu")
    return found


def all_panel_texts(qtbot, window) -> dict[str, str]:
    """The window's texts with each lab panel in front in turn (tabbed panels hide each other)."""
    found = window_texts(window)
    for key in window.lab.docks:
        window.lab.showPanel(key)
        qtbot.waitUntil(lambda k=key: window.lab.docks[k].isVisible(), timeout=5_000)
        qtbot.wait(50)
        found.update({t: w for t, w in window_texts(window).items() if t not in found})
    return found


@pytest.fixture
def english_after():
    yield
    i18n.install(i18n.ENGLISH)


def test_switching_to_chinese_translates_every_visible_text(qtbot, make_window, english_after):
    window = make_window()
    window.lab.lessons.select("lesson_vanishing_sigmoid")
    window.lab.compare.setRuns(load_preset("lesson_optimizer_race")["compare"][:2])
    window.worker.send(Step(3))
    qtbot.waitUntil(lambda: window.lastSnapshot().epoch == 3, timeout=10_000)
    weights = window.worker_query("weights")

    window.languageActions[i18n.CHINESE].trigger()
    qtbot.waitUntil(lambda: window.replacement is not None, timeout=10_000)  # after the engine answers
    zh = window.replacement
    assert zh is not None and i18n.current() == i18n.CHINESE
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5_000)  # the old window is gone
    window = None  # hold no reference to it (nor does app.run)
    qtbot.addWidget(zh)
    qtbot.waitUntil(lambda: zh.worker.isReady() and zh.lastSnapshot() is not None, timeout=60_000)
    assert zh.lastSnapshot().epoch == 3  # the experiment carried over, weights and all
    assert all(
        (a[k] == b[k]).all() for a, b in zip(weights, zh.worker_query("weights")) for k in a
    )
    assert zh.store.text(i18n.SETTINGS_KEY) == i18n.CHINESE
    assert zh.languageActions[i18n.CHINESE].isChecked()
    qtbot.waitUntil(lambda: len(zh.lab.compare.curves) == 2, timeout=30_000)

    texts = all_panel_texts(qtbot, zh)
    zh.userData.paintBar.paintButton.setChecked(True)  # its hints
    zh.topBar.taskCombo.setCurrentIndex(zh.topBar.taskCombo.findData("regression"))
    qtbot.waitUntil(lambda: zh.lastSnapshot().task == "regression", timeout=10_000)
    zh.lab.showPanel("metrics")
    qtbot.waitUntil(lambda: zh.lab.metrics.rmseLabel.isVisible(), timeout=5_000)
    texts.update(window_texts(zh))  # regression: target painting, RMSE and R², value legend
    left = {t: where for t, where in texts.items() if not is_translated(t)}
    assert not left, "untranslated:\n" + "\n".join(f"  {w}: {t!r}" for t, w in left.items())
    assert zh.lab.lessons.currentName() == "lesson_vanishing_sigmoid"
    assert "梯度消失" in zh.lab.lessons.text.toPlainText()

    zh.languageActions[i18n.ENGLISH].trigger()
    qtbot.waitUntil(lambda: zh.replacement is not None, timeout=10_000)
    en = zh.replacement
    zh = None
    qtbot.addWidget(en)
    assert i18n.current() == i18n.ENGLISH and en.windowTitle() == "Neural Playground"
    qtbot.waitUntil(lambda: en.worker.isReady(), timeout=60_000)


def test_image_mode_speaks_chinese(qtbot, make_window, english_after):
    """The digits: the pad, the bars, the network view's image mode and the mistakes panel."""
    window = make_window({"data": {"name": "digits"}, "layers": [{"units": 6, "activation": "relu"}]})
    window.languageActions[i18n.CHINESE].trigger()
    qtbot.waitUntil(lambda: window.replacement is not None, timeout=10_000)
    zh = window.replacement
    window = None
    qtbot.addWidget(zh)
    qtbot.waitUntil(lambda: zh.worker.isReady() and zh.lastSnapshot() is not None, timeout=60_000)
    qtbot.waitUntil(lambda: zh.imageMode.panel.bars.probabilities is not None, timeout=20_000)
    zh.imageMode.dockAction.trigger()
    qtbot.waitUntil(lambda: len(zh.imageMode.mistakes.buttons) > 0, timeout=20_000)
    texts = window_texts(zh)
    texts.update({item.toolTip(): "network view" for item in zh.networkView.scene().items() if item.toolTip()})
    left = {t: where for t, where in texts.items() if not is_translated(t)}
    assert not left, "untranslated:\n" + "\n".join(f"  {w}: {t!r}" for t, w in left.items())
    assert "网络认为是" in zh.imageMode.panel.caption.text()
