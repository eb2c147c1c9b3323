"""The wheel is complete: built from a copy of the sources and installed outside the tree, it lists the
presets, trains a lesson and carries the Chinese translation (issue 12, item 3).

The wheel is built without build isolation (no download): the test extra asks for a setuptools that
builds wheels itself (bdist_wheel is built in from setuptools 70.1). It is installed with
``pip install --no-deps --target`` into a temporary folder and run from another temporary folder with
that folder first on the path; the repository's editable install must not be what gets imported, so
the test checks where ``playground`` comes from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "playground", "kernels")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(site folder, environment, working folder) of a wheel built and installed outside the tree."""
    base = tmp_path_factory.mktemp("wheel")
    src, dist, site, work = (base / n for n in ("src", "dist", "site", "work"))
    src.mkdir()
    work.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc", "*.egg-info")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=skip)
        else:
            shutil.copy2(ROOT / name, src / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(src)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("neural_playground-*.whl")
    done = subprocess.run(
        [*pip, "install", "--no-deps", "--no-compile", "-q", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NUMBA_"))}
    env.update(
        PYTHONPATH=str(site),
        PYTHONNOUSERSITE="1",
        NUMBA_CACHE_DIR=str(base / "numba-cache"),
        QT_QPA_PLATFORM="offscreen",
    )
    return wheel, site, env, work


def run(installed, *args: str) -> subprocess.CompletedProcess:
    _wheel, _site, env, work = installed
    return subprocess.run(
        [sys.executable, "-s", *args], capture_output=True, text=True, cwd=work, env=env,
        timeout=300, check=False,
    )


def test_the_installed_package_is_the_wheel_not_the_source_tree(installed):
    _wheel, site, _env, _work = installed
    r = run(installed, "-c", "import playground, kernels; print(playground.__file__); "
                              "print(kernels.__file__)")
    assert r.returncode == 0, r.stderr
    for line in r.stdout.split():
        assert Path(line).resolve().is_relative_to(site.resolve()), line


def test_the_wheel_holds_the_assets(installed):
    wheel, site, _env, _work = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (
        "playground/assets/presets/circle.json",
        "playground/assets/presets/lesson_xor_hidden.json",
        "playground/assets/translations/playground_zh_CN.ts",
        "playground/assets/screenshot.png",
    ):
        assert path in names, path
    # every asset of the source tree is in the wheel
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "playground" / "assets").rglob("*")
               if p.is_file()}
    assert shipped <= names, sorted(shipped - names)
    assert (site / "playground" / "assets" / "translations" / "playground_zh_CN.ts").is_file()


def test_presets_from_the_installed_wheel(installed):
    r = run(installed, "-m", "playground", "presets")
    assert r.returncode == 0, r.stderr
    assert "circle" in r.stdout and "lesson_xor_hidden" in r.stdout and "lesson_softmax" in r.stdout
    print(r.stdout)


def test_train_a_lesson_from_the_installed_wheel(installed):
    r = run(installed, "-m", "playground", "train", "--preset", "lesson_xor_hidden", "--epochs", "40",
            "--quiet")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["epoch"] == 40


def test_the_chinese_translation_loads_from_the_installed_wheel(installed):
    code = (
        "from playground.ui import i18n; from PySide6.QtWidgets import QApplication; "
        "from PySide6.QtCore import QCoreApplication; app = QApplication([]); "
        "print(i18n.ts_path('zh_CN')); print(i18n.install('zh_CN')); "
        "print(QCoreApplication.translate('MainWindow', '&File'))"
    )
    r = run(installed, "-c", code)
    assert r.returncode == 0, r.stderr
    ts, language, file_menu = r.stdout.splitlines()[-3:]
    assert Path(ts).resolve().is_relative_to(installed[1].resolve())
    assert language == "zh_CN"
    assert file_menu != "&File", file_menu
