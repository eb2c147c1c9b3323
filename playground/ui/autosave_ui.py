"""The window's side of autosave: where the file lives, and the offer to restore after a crash.

The engine's playground.autosave writes and reads the files; this module only picks the per-user
folder (QStandardPaths) and asks the user.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QMessageBox, QWidget

from playground import ConfigError
from playground.autosave import Autosaver, autosave_path, find_orphans, read_record
from playground.config import normalize


def default_autosave_dir() -> str:
    """The per-user folder for autosave files (e.g. ~/.local/share/NeuralPlayground/Neural Playground/autosave)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return str(Path(base or Path.home() / ".neural-playground") / "autosave")


def _describe(record: dict) -> str:
    from playground.ui.dataset_button import dataset_label

    exp = record["experiment"]
    saved = record.get("saved_at")
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(saved)) if isinstance(
        saved, (int, float)) else QCoreApplication.translate("Autosave", "an unknown time")
    data = exp.get("data", {}) if isinstance(exp.get("data"), dict) else {}
    name = data.get("name", "circle")
    if name == "points":
        name = QCoreApplication.translate("Autosave", "{count:,} points of your own").format(
            count=len(data.get("points", []))
        )
    else:
        name = dataset_label(str(name))
    epoch = (exp.get("state") or {}).get("epoch", 0)
    layers = exp.get("layers", [])
    return QCoreApplication.translate(
        "Autosave",
        "Saved at {when}: data {name}, {layers} hidden layer(s), trained {epochs:,} epochs.",
    ).format(when=when, name=name, layers=len(layers), epochs=epoch)


def startAutosave(parent: QWidget | None, directory: str, *, offer: bool = True
                  ) -> tuple[Autosaver, dict[str, Any] | None]:
    """This run's autosaver, and the experiment to start from if the user restores a lost one.

    A file left by a run that crashed or was killed is offered (the newest first), before the
    window's event loop runs (offer=False: not at all). Restoring moves it to this run's autosave
    name, so it stays safe until the next change is saved; declining deletes it. A file that cannot
    be read is explained, and kept.
    """
    saver = Autosaver(autosave_path(directory))
    restored = None
    for path in find_orphans(directory) if offer else ():
        try:
            record = read_record(path)
            normalize({k: v for k, v in record["experiment"].items() if k != "state"})
        except ConfigError as exc:
            kept = path.with_suffix(".unreadable")  # not offered again, not deleted
            with contextlib.suppress(OSError):
                path.rename(kept)
            QMessageBox.warning(
                parent,
                QCoreApplication.translate("Autosave", "Autosaved experiment cannot be restored"),
                QCoreApplication.translate(
                    "Autosave",
                    "An experiment autosaved before the playground last stopped cannot be "
                    "restored:\n\n{error}\n\nThe file is kept as {path}",
                ).format(error=exc, path=kept),
            )
            continue
        answer = QMessageBox.question(
            parent,
            QCoreApplication.translate("Autosave", "Restore the last experiment?"),
            QCoreApplication.translate(
                "Autosave",
                "The playground stopped without closing normally (a crash or a kill). Its last "
                "experiment was saved automatically.\n\n{description}\n\n"
                "Restore it? (No deletes the autosaved copy.)",
            ).format(description=_describe(record)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            saver.path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, saver.path)
            restored = record["experiment"]
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        break
    return saver, restored
