"""Every control can be reached with Tab."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_tab_reaches_every_control(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    tb, dp, op = window.topBar, window.dataPanel, window.outputPanel
    wanted = {
        tb.resetButton,
        tb.playButton,
        tb.stepButton,
        tb.learningRateCombo,
        tb.activationCombo,
        tb.regularizationCombo,
        tb.regularizationRateCombo,
        tb.taskCombo,
        tb.optimizerCombo,
        tb.optimizerSettings,
        dp.testRatioSlider,
        dp.noiseSlider,
        dp.batchSlider,
        dp.regenerateButton,
        window.networkView,
        op.logCheck,
        op.showTestCheck,
        op.discretizeCheck,
        op.resolutionCombo,
        *[b for b in dp.buttons.values() if b.isVisible()],
    }
    if not tb.optimizerSettings.isEnabled():
        wanted.discard(tb.optimizerSettings)  # plain SGD has no settings besides the learning rate
    seen, scene_items = set(), set()
    tb.resetButton.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(200):
        focus = QApplication.focusWidget()
        if focus is None:
            break
        owner = focus.parentWidget() if focus is tb.learningRateCombo.lineEdit() else focus
        seen.add(owner)
        if focus is window.networkView and window.networkView.scene().focusItem() is not None:
            scene_items.add(window.networkView.scene().focusItem())
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        if wanted <= seen and focus is op.resolutionCombo:
            break
    assert wanted - seen == set()
    # Inside the network view Tab visits its buttons and feature nodes before leaving it.
    assert set(window.networkView.features.values()) <= scene_items
