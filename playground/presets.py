"""Ready-made experiments in playground/assets/presets/*.json: a title, an explanation and a config.

The files are package data, read through importlib.resources, so an editable install and an installed
wheel find them alike.
"""

import json
from importlib.resources import files

from .errors import ConfigError

PRESET_DIR = files("playground") / "assets" / "presets"


def preset_names() -> list[str]:
    """Names of the shipped presets (file names without .json), sorted."""
    return sorted(p.name[: -len(".json")] for p in PRESET_DIR.iterdir() if p.name.endswith(".json"))


def load_preset(name: str) -> dict:
    """The preset called name: {"title", "summary", "explanation", "epochs", "config"}."""
    if name not in preset_names():
        raise ConfigError(f"no preset called {name!r}; the presets are: {', '.join(preset_names())}")
    preset = json.loads((PRESET_DIR / f"{name}.json").read_text(encoding="utf-8"))
    preset.setdefault("epochs", 500)
    return preset
