"""Neural Playground: build a small neural network, train it live, headless or in a window."""

from .errors import ConfigError
from .experiment import Experiment

__all__ = ["ConfigError", "Experiment"]
