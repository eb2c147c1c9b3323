"""Errors the engine raises for bad user input."""


class ConfigError(ValueError):
    """A config, data file or setting that cannot be used; the message names the key and what was expected."""
