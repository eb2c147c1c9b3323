"""Refresh the interface translations from the window's code: pyside6-lupdate over playground/ui.

    python tools/update_translations.py          # update playground/assets/translations/*.ts in place
    python tools/update_translations.py --check  # change nothing; exit 1 if a string lacks a translation

New strings (self.tr(...), QCoreApplication.translate(...), QT_TRANSLATE_NOOP(...)) come in as
unfinished; strings gone from the code are dropped; existing translations are kept. Locations are left
out so a change elsewhere in a file does not touch the .ts. Translate the unfinished entries in Qt
Linguist (pyside6-linguist) or any editor, removing type="unfinished". The window compiles the .ts
when it starts (playground/ui/i18n.py), so there is no build step.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "playground" / "ui"
TRANSLATIONS = Path(str(files("playground") / "assets" / "translations"))
LANGUAGES = ("zh_CN",)


def lupdate_command() -> list[str]:
    """The lupdate PySide6 ships, or pyside6-lupdate on PATH."""
    import PySide6

    here = Path(PySide6.__file__).resolve().parent
    exe = ".exe" if sys.platform == "win32" else ""
    for candidate in (here / f"lupdate{exe}", here / "Qt" / "bin" / f"lupdate{exe}"):
        if candidate.is_file():
            return [str(candidate)]
    found = shutil.which("pyside6-lupdate")
    if found:
        return [found]
    raise SystemExit("lupdate not found: pip install PySide6-Essentials")


def sources() -> list[str]:
    """The window's Python files, relative to the repository root."""
    return [str(p.relative_to(ROOT)) for p in sorted(SOURCE_DIR.glob("*.py"))]


def update(ts: Path, language: str) -> None:
    """Run lupdate for one .ts (created if missing)."""
    subprocess.run(
        [
            *lupdate_command(),
            "-silent",
            "-locations",
            "none",
            "-no-obsolete",
            "-target-language",
            language,
            *sources(),
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
    )


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") == "unfinished" or not translation.text:
                missing.append((name, message.findtext("source", "")))
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report; change no file")
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"playground_{language}.ts"
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                copy = Path(tmp) / ts.name
                shutil.copyfile(ts, copy)
                update(copy, language)
                missing = unfinished(copy)
        else:
            TRANSLATIONS.mkdir(parents=True, exist_ok=True)
            update(ts, language)
            missing = unfinished(ts)
        print(f"{ts.relative_to(ROOT)}: {len(missing)} unfinished")
        for context, source in missing:
            print(f"  {context}: {source!r}")
        status |= bool(missing)
    return status if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
