"""The interface language: English (the source strings) or Simplified Chinese, through Qt's translators.

The translations live in ``playground/assets/translations/playground_<lang>.ts`` (package data,
found through importlib.resources) (made by
``tools/update_translations.py`` with pyside6-lupdate). At start the .ts is compiled to a .qm with the
lrelease that PySide6 ships, into a per-user cache keyed by the .ts's content, so a fresh
``pip install -e .`` needs no build step and an edited .ts is picked up at the next start. Without
lrelease the .ts is read directly (a warning is logged). The lessons' own texts are in the preset JSON
(``title_zh``, ``summary_zh``, ``explanation_zh``, ``labels_zh``) and chosen by ``lesson_text``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QStandardPaths,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

ENGLISH = "en"
CHINESE = "zh_CN"
# (code, name in its own language): the View > Language menu.
LANGUAGES = ((ENGLISH, "English"), (CHINESE, "简体中文"))
SETTINGS_KEY = "view/language"  # "" or missing: follow the system locale
# Package data; a plain folder in an editable install and in an installed wheel alike.
TRANSLATIONS_DIR = Path(str(files("playground") / "assets" / "translations"))
# Suffix of a preset's translated keys ("title" -> "title_zh").
PRESET_SUFFIX = {CHINESE: "zh"}
# Fonts with Chinese glyphs, best first (Linux, macOS, Windows); the first one installed is used.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "SimHei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)

_current = ENGLISH
_installed: list[QTranslator] = []
_base_font: QFont | None = None


def ts_path(language: str) -> Path:
    """The translation source of a language."""
    return TRANSLATIONS_DIR / f"playground_{language}.ts"


def current() -> str:
    """The language installed now ("en" or "zh_CN")."""
    return _current


def system_language() -> str:
    """Chinese for any zh_* system locale, English elsewhere."""
    names = [QLocale.system().name(), *QLocale.system().uiLanguages()]
    return CHINESE if any(n.replace("-", "_").lower().startswith("zh") for n in names[:2]) else ENGLISH


def chosen_language(stored: str | None) -> str:
    """The language to start in: the one chosen in the menu (stored), else the system's."""
    codes = {code for code, _name in LANGUAGES}
    return stored if stored in codes else system_language()


# ----- compiling and loading -----


def lrelease_command() -> list[str] | None:
    """The lrelease PySide6 ships (or one on PATH); None when there is none."""
    import PySide6

    here = Path(PySide6.__file__).resolve().parent
    exe = ".exe" if sys.platform == "win32" else ""
    for candidate in (here / f"lrelease{exe}", here / "Qt" / "bin" / f"lrelease{exe}"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    for name in ("pyside6-lrelease", "lrelease-qt6", "lrelease"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def _cache_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
    return Path(base or tempfile.gettempdir()) / "neural-playground" / "translations"


def compiled_qm(ts: Path, cache_dir: Path | None = None) -> Path | None:
    """The .qm of a .ts, compiled by lrelease into the cache unless an up-to-date one is there.

    The cache file's name holds a hash of the .ts, so an edited .ts is compiled again whatever the
    files' times say. None (and a logged warning) when lrelease is missing or fails.
    """
    digest = hashlib.sha1(ts.read_bytes()).hexdigest()[:16]
    folder = cache_dir if cache_dir is not None else _cache_dir()
    qm = folder / f"{ts.stem}-{digest}.qm"
    if qm.is_file() and qm.stat().st_size > 0:
        return qm
    command = lrelease_command()
    if command is None:
        log.warning("lrelease not found: reading %s directly (install PySide6 for lrelease)", ts)
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".qm", dir=folder)
        os.close(fd)
        result = subprocess.run(
            [*command, "-silent", str(ts), "-qm", tmp],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0 or os.path.getsize(tmp) == 0:
            os.unlink(tmp)
            log.warning("lrelease failed on %s: %s", ts, (result.stderr or result.stdout).strip())
            return None
        os.replace(tmp, qm)  # atomic: another process starting now sees the whole file or none
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile %s with lrelease: %s", ts, exc)
        return None
    for old in folder.glob(f"{ts.stem}-*.qm"):  # earlier versions of this .ts
        if old != qm:
            old.unlink(missing_ok=True)
    return qm


def read_ts(ts: Path) -> dict[tuple[str, str, str], str]:
    """The finished translations of a .ts: (context, source, comment) -> translation."""
    table: dict[tuple[str, str, str], str] = {}
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            if translation.text:
                key = (name, message.findtext("source", ""), message.findtext("comment", ""))
                table[key] = translation.text
    return table


class TsTranslator(QTranslator):
    """Translates from a .ts read with the standard library: the fallback when lrelease is absent."""

    def __init__(self, ts: Path, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = read_ts(ts)

    def translate(self, context, sourceText, disambiguation=None, n=-1):
        return self.table.get((context, sourceText, disambiguation or ""))

    def isEmpty(self) -> bool:
        return not self.table


def _translator(language: str) -> QTranslator | None:
    ts = ts_path(language)
    if not ts.is_file():
        log.warning("no translation for %s (%s missing)", language, ts)
        return None
    qm = compiled_qm(ts)
    if qm is not None:
        translator = QTranslator()
        if translator.load(str(qm)):
            return translator
        log.warning("could not load %s; reading %s directly", qm, ts)
    try:
        return TsTranslator(ts)
    except (OSError, ET.ParseError) as exc:
        log.warning("could not read %s: %s", ts, exc)
        return None


def install(language: str) -> str:
    """Make `language` the interface language of the running application; returns the one installed.

    English removes every translator. Chinese installs the playground's and Qt's own (dialog buttons,
    text-box menus) and a font with Chinese glyphs where one is installed. Widgets made afterwards
    come up in the new language (the window rebuilds itself when the language changes).
    """
    global _current
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    _current = ENGLISH
    if app is not None and language != ENGLISH:
        translator = _translator(language)
        if translator is not None:
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt_base = QTranslator()
            if qt_base.load(f"qtbase_{language}", qt_dir):
                _installed.append(qt_base)
            _installed.append(translator)
            for t in _installed:
                app.installTranslator(t)
            _current = language
    _apply_font(_current)
    return _current


def cjk_font_family() -> str | None:
    """The first installed font of CJK_FONTS, or None."""
    families = set(QFontDatabase.families())
    return next((f for f in CJK_FONTS if f in families), None)


def _apply_font(language: str) -> None:
    """Chinese: the usual font for Latin text with a CJK font behind it for Chinese glyphs."""
    global _base_font
    if not isinstance(QCoreApplication.instance(), QApplication):
        return
    if _base_font is None:
        _base_font = QFont(QApplication.font())
    if language == ENGLISH:
        QApplication.setFont(_base_font)
        return
    family = cjk_font_family()
    if family is None:
        log.warning("no font with Chinese glyphs found; install one, e.g. fonts-noto-cjk")
        QApplication.setFont(_base_font)
        return
    font = QFont(_base_font)
    font.setFamilies([*(_base_font.families() or [_base_font.family()]), family])
    QApplication.setFont(font)


# ----- texts that are not in the .ts -----


def lesson_text(preset: dict[str, Any], key: str) -> Any:
    """A preset's title, summary, explanation or labels in the current language (English if missing)."""
    suffix = PRESET_SUFFIX.get(_current)
    if suffix is not None and preset.get(f"{key}_{suffix}"):
        return preset[f"{key}_{suffix}"]
    return preset.get(key, "" if key != "labels" else None)
