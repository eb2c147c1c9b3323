"""Autosave: the current experiment written atomically in the background, found again after a crash.

The running program owns one file, ``autosave-<pid>.json`` in a directory the caller picks (the
window passes a per-user folder). The thread that owns the experiment calls
``Autosaver.save_later(exp)`` every few seconds while the experiment changes; that takes a copy
(``to_dict``) and a background thread writes it through a temporary file and a rename, so a kill at
any moment leaves either the previous complete file or the new one. A clean exit calls
``close()``, which removes the file. At the next start, ``find_orphans`` lists the files whose
program is no longer running: those are what a crash or a kill left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .datasets import PointRows
from .errors import ConfigError
from .files import read_json, write_atomic

FORMAT = "neural-playground-autosave"
VERSION = 1
INTERVAL_SECONDS = 3.0  # how often the owner of the experiment looks for changes to save
_PREFIX = "autosave-"
_CHUNK = 4096  # list items per json.dumps call, so a big list never holds the GIL for long


def autosave_path(directory: str | os.PathLike, pid: int | None = None) -> Path:
    """The autosave file of process pid (this process by default) in directory."""
    return Path(directory) / f"{_PREFIX}{os.getpid() if pid is None else pid}.json"


def experiment_record(exp: Any) -> dict:
    """A copy of exp.to_dict() that holds its own data: points read from a CSV file are put inline.

    The inline rows carry their train/test split in the experiment's order, so the restored data
    set equals the one trained on, even if the file has changed or gone since.
    """
    d = exp.to_dict()
    data = d["data"]
    if data.get("name") == "csv":
        ds = exp.dataset
        rows = []
        for split, xy, labels in (("train", ds.x_train, ds.y_train), ("test", ds.x_test, ds.y_test)):
            rows += [[x, y, label, split] for (x, y), label in zip(xy.tolist(), labels.tolist())]
        d["data"] = {k: v for k, v in data.items() if k != "path"}
        d["data"].update(name="points", points=rows)
    return d


# The JSON of the last data.points written: the points rarely change while the weights do.
_points_json: tuple[PointRows | None, list[str]] = (None, [])


def _chunks(obj: Any) -> Iterator[str]:
    """JSON text of obj in pieces; long lists are encoded a slice at a time."""
    global _points_json
    if isinstance(obj, PointRows) and len(obj) > _CHUNK:
        rows, pieces = _points_json
        if rows is not obj:
            pieces = list(_chunks(list(obj)))
            _points_json = (obj, pieces)
        yield from pieces
    elif isinstance(obj, dict):
        yield "{"
        for i, (key, value) in enumerate(obj.items()):
            yield ("," if i else "") + json.dumps(str(key)) + ":"
            yield from _chunks(value)
        yield "}"
    elif isinstance(obj, (list, tuple)) and len(obj) > _CHUNK:
        yield "["
        for start in range(0, len(obj), _CHUNK):
            yield ("," if start else "") + json.dumps(list(obj[start : start + _CHUNK]))[1:-1]
        yield "]"
    else:
        yield json.dumps(obj)


def write_record(path: str | os.PathLike, record: dict) -> None:
    """Write record as JSON through a temporary file in the same folder and a rename."""
    write_atomic(path, _chunks(record))


def read_record(path: str | os.PathLike) -> dict:
    """The whole autosave record (format, version, pid, saved_at, experiment); ConfigError says why not."""
    path = Path(path)
    record = read_json(path, "autosave file")
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise ConfigError(f"{path}: not an autosave file of the playground")
    version = record.get("version")
    if not isinstance(version, int) or version < 1:
        raise ConfigError(f"{path}: autosave version must be a positive integer, got {version!r}")
    if version > VERSION:
        raise ConfigError(f"{path}: made by a newer version of the playground (autosave format "
                          f"{version}; this one reads up to {VERSION}); update the playground to open it")
    if not isinstance(record.get("experiment"), dict):
        raise ConfigError(f"{path}: the autosave file holds no experiment")
    return record


def _alive(pid: int) -> bool:
    """Whether a process with this id is running."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x00100000, False, pid)  # SYNCHRONIZE
        if not handle:
            return False
        try:
            return kernel32.WaitForSingleObject(handle, 0) == 0x102  # WAIT_TIMEOUT: still running
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # running under another user
    return True


def find_orphans(directory: str | os.PathLike) -> list[Path]:
    """Autosave files in directory whose program is no longer running, newest first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob(f"{_PREFIX}*.json"):
        try:
            pid = int(path.stem[len(_PREFIX) :])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
    for tmp in directory.glob(f".{_PREFIX}*.json.*.tmp"):  # writes a kill cut short
        pid = tmp.name[len(_PREFIX) + 1 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()
    return [p for _t, p in sorted(found, reverse=True)]


class Autosaver:
    """Writes the newest experiment copy it was given on a background thread; the newest wins."""

    def __init__(self, path: str | os.PathLike, interval: float | None = None,
                 on_saved: Callable[[dict], None] | None = None) -> None:
        self.path = Path(path)
        self.interval = INTERVAL_SECONDS if interval is None else float(interval)
        self.on_saved = on_saved  # called on the writer thread after each complete write
        self.saves = 0
        self.last_error: str | None = None
        self._cond = threading.Condition()
        self._pending: dict | None = None
        self._writing = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def save_later(self, exp: Any) -> None:
        """Copy exp (call this on the thread that owns it) and have the copy written soon."""
        self.submit(experiment_record(exp))

    def submit(self, experiment: dict) -> None:
        """Queue an experiment dict (from experiment_record or to_dict) for writing."""
        record = {"format": FORMAT, "version": VERSION, "pid": os.getpid(),
                  "saved_at": time.time(), "experiment": experiment}
        with self._cond:
            if self._closed:
                return
            self._pending = record
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="autosave", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted is written; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._writing, timeout)

    def close(self, remove: bool = True) -> None:
        """Stop the writer (a write in progress finishes) and, for a clean exit, remove the file."""
        with self._cond:
            self._closed = True
            self._pending = None
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join()
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                if self._closed:
                    return
                record, self._pending = self._pending, None
                self._writing = True
            try:
                write_record(self.path, record)
                self.saves += 1
                self.last_error = None
                if self.on_saved is not None:
                    self.on_saved(record)
            except Exception as exc:  # noqa: BLE001 - a full disk must not end the program
                self.last_error = f"{type(exc).__name__}: {exc}"
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()
