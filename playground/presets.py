"""Ready-made experiments in assets/presets/*.json: a title, an explanation and a config."""

import json
from pathlib import Path

from .errors import ConfigError

PRESET_DIR = Path(__file__).resolve().parent.parent / "assets" / "presets"


def preset_names() -> list[str]:
    """Names of the shipped presets (file names without .json), sorted."""
    return sorted(p.stem for p in PRESET_DIR.glob("*.json"))


def load_preset(name: str) -> dict:
    """The preset called name: {"title", "summary", "explanation", "epochs", "config"}."""
    if name not in preset_names():
        raise ConfigError(f"no preset called {name!r}; the presets are: {', '.join(preset_names())}")
    preset = json.loads((PRESET_DIR / f"{name}.json").read_text(encoding="utf-8"))
    preset.setdefault("epochs", 500)
    return preset
