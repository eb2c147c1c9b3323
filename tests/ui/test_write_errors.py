"""Saving or exporting onto a folder says so in plain words (found by tools/monkey.py).

Before: "[Errno 21] Is a directory: '.a_folder.json.dbq_qowb.tmp' -> 'a_folder.json'", naming the
temporary file the atomic write uses, and "[Errno 21] Is a directory: 'a_folder.json'" for an export.
"""

import pytest


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "looks_like_a_file.json"
    path.mkdir()
    return path


def test_saving_onto_a_folder_says_it_is_a_folder(qtbot, window, folder, warnings_shown,
                                                  file_dialogs):
    file_dialogs.answer(save_path=folder)
    window.saveAsAction.trigger()
    qtbot.waitUntil(lambda: len(warnings_shown) == 1, timeout=10_000)
    text = warnings_shown[0][1]
    assert f"{folder} is a folder; choose a file name" in text, text
    assert "Errno" not in text and ".tmp" not in text
    assert folder.is_dir() and not any(folder.iterdir())


@pytest.mark.parametrize("key", ["equations", "csv", "pytorch"])
def test_exporting_onto_a_folder_says_it_is_a_folder(qtbot, window, folder, warnings_shown,
                                                     key, file_dialogs):
    file_dialogs.answer(save_path=folder)
    window.lab.exportActions[key].trigger()
    qtbot.waitUntil(lambda: len(warnings_shown) == 1, timeout=10_000)
    text = warnings_shown[0][1]
    assert "is a folder; choose a file name" in text and "Errno" not in text, text


def test_exporting_the_data_onto_a_folder_says_it_is_a_folder(qtbot, window, folder, warnings_shown,
                                                              file_dialogs):
    file_dialogs.answer(save_path=folder)
    window.userData.exportAction.trigger()
    qtbot.waitUntil(lambda: len(warnings_shown) == 1, timeout=10_000)
    text = warnings_shown[0][1]
    assert f"{folder} is a folder; choose a file name" in text, text
    assert "Errno" not in text and "IsADirectoryError" not in text and ".tmp" not in text
