"""What the window remembers between runs (QSettings): layout, view options, last config, recent files."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
MAX_CONFIG_CHARS = 2_000_000  # a config with more points than this is remembered without them


class SettingsStore:
    """Typed access to the window's QSettings keys."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = (
            settings if settings is not None else QSettings("NeuralPlayground", "Neural Playground")
        )

    def lastConfig(self) -> dict[str, Any]:
        """The config used when the window last closed ({} when none or unreadable)."""
        text = self.qsettings.value("experiment/config", "")
        try:
            cfg = json.loads(text) if text else {}
        except (TypeError, ValueError):
            return {}
        return cfg if isinstance(cfg, dict) else {}

    def setLastConfig(self, cfg: dict[str, Any]) -> None:
        """Remember the config (not the weights); imported data too big for settings is left out."""
        text = json.dumps(cfg)
        if len(text) > MAX_CONFIG_CHARS:
            text = json.dumps({k: v for k, v in cfg.items() if k != "data"} | {"data": {}})
        self.qsettings.setValue("experiment/config", text)

    def recentFiles(self) -> list[str]:
        """Most recent first."""
        value = self.qsettings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def addRecentFile(self, path: str) -> list[str]:
        """Put path first in the recent list."""
        files = [path] + [f for f in self.recentFiles() if f != path]
        files = files[:MAX_RECENT]
        self.qsettings.setValue("files/recent", files)
        return files

    def flag(self, key: str, default: bool = False) -> bool:
        """A boolean view option."""
        value = self.qsettings.value(key, default)
        return value in (True, "true", "1", 1)

    def setFlag(self, key: str, value: bool) -> None:
        """Store a boolean view option."""
        self.qsettings.setValue(key, bool(value))

    def integer(self, key: str, default: int) -> int:
        """An integer option."""
        try:
            return int(self.qsettings.value(key, default))
        except (TypeError, ValueError):
            return default

    def setInteger(self, key: str, value: int) -> None:
        """Store an integer option."""
        self.qsettings.setValue(key, int(value))

    def bytes(self, key: str) -> QByteArray | None:
        """A stored blob (window geometry, splitter state)."""
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) else None

    def setBytes(self, key: str, value: QByteArray) -> None:
        """Store a blob."""
        self.qsettings.setValue(key, value)

    def text(self, key: str, default: str = "") -> str:
        """A string option."""
        value = self.qsettings.value(key, default)
        return str(value) if value is not None else default

    def setText(self, key: str, value: str) -> None:
        """Store a string option."""
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()
