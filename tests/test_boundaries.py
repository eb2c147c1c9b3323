"""The floors hold: the engine never imports Qt, the kernels know nothing of the playground."""

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kernels
import playground

ROOT = Path(__file__).resolve().parents[1]


def engine_modules() -> list[str]:
    """Every module of kernels/ and playground/ outside playground.ui."""
    names = []
    for package in (kernels, playground):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.startswith("playground.ui"):
                names.append(info.name)
    return names


def test_importing_every_engine_module_loads_no_qt():
    modules = engine_modules()
    assert "playground.session.session" in modules and "kernels.cpu" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')\n"
        "             or m.startswith('playground.ui'))\n"
        "print(' '.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the engine pulled in {out.stdout.strip()}"


def test_import_contracts_in_pyproject_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]' installs it)")
    out = subprocess.run([lint, "--no-cache"], check=False, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "broken" in out.stdout and "0 broken" in out.stdout


def ui_graph():
    """The import graph of playground (TYPE_CHECKING imports included), as import-linter sees it."""
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (pip install -e '.[test]')")
    return grimp.build_graph("playground", cache_dir=None)


def test_only_the_apps_entry_imports_the_main_window():
    """The features (builder, lab, own data, exports) get a WindowHost, never the MainWindow."""
    graph = ui_graph()
    importers = graph.find_modules_that_directly_import("playground.ui.main_window")
    assert importers == {"playground.ui.app"}, sorted(importers)


def test_no_import_circle_among_the_window_modules():
    graph = ui_graph()
    ui = sorted(m for m in graph.modules if m.startswith("playground.ui."))
    assert "playground.ui.host" in ui and "playground.ui.builder" in ui
    circles = []
    for importer in ui:
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported.startswith("playground.ui.") and imported != importer:
                back = graph.find_shortest_chain(importer=imported, imported=importer)
                if back is not None:
                    circles.append(" -> ".join((importer, *back)))
    assert not circles, "import circles: " + "; ".join(circles)
