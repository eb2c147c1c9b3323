"""Reading and writing the playground's files: atomic writes, and JSON reads whose errors say what is wrong."""

import contextlib
import errno
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import ConfigError


def write_atomic(path: str | os.PathLike, text: str | Iterable[str]) -> None:
    """Write text (or its pieces) through a temporary file in the same folder and a rename.

    A crash or a full disk mid-write leaves the old file as it was, never half a file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); keep the old file's mode, or the usual 0644 for a new one
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for piece in [text] if isinstance(text, str) else text:
                f.write(piece)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_problem(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """Why writing a file failed, in plain words: no error numbers, no temporary file names."""
    name = str(path if path is not None else exc.filename2 or exc.filename or "the file")
    if isinstance(exc, IsADirectoryError) or (path is not None and Path(path).is_dir()):
        return f"{name} is a folder; choose a file name"
    if isinstance(exc, PermissionError):
        return f"no permission to write {name}"
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return f"the folder of {name} does not exist"
    if exc.errno == errno.ENOSPC:
        return f"the disk is full; {name} was not written"
    return f"could not write {name}: {exc.strerror or exc}"


def read_json(path: str | os.PathLike, what: str) -> object:
    """Parse a JSON file; a missing, unreadable or malformed one raises ConfigError naming the path."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not {what}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: this file is not text, so it cannot be read as an {what}") from None
    except PermissionError:
        raise ConfigError(f"{path}: you are not allowed to read this file") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot be read ({e.strerror or 'the system refused'})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}: not a valid {what}: line {e.lineno}: {e.msg}") from None
