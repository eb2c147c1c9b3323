"""Errors the engine raises for bad user input."""


class ConfigError(ValueError):
    """A config, data file or setting that cannot be used; the message names the key and what was expected."""


class Refusal(ConfigError):
    """A change the session would not make: a code the window translates, its arguments, and an
    English text for scripts and logs. Whatever refused it is exactly as it was before."""

    def __init__(self, code: str, text: str, **args) -> None:
        super().__init__(text)
        self.code = code
        self.args_ = args
