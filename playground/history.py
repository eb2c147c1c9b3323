"""Training history that stays small however long a run trains: the newest rows in full, older ones thinned.

Rows are real recorded rows, never averages. The newest rows (RECENT_ROWS to 2 × RECENT_ROWS − 1 of
them) are kept at full resolution. Each time 2 × RECENT_ROWS rows are held, the oldest RECENT_ROWS move
to the archive, which keeps, per bucket of `bucket_epochs` consecutive epochs, only the rows holding
the minimum and the maximum of each watched column (the losses): a spike in either curve survives.
When the archive holds more than ARCHIVE_ROWS rows its buckets double in width until it fits.

Picking the extremes is associative (first occurrence wins a tie), so the archive is exactly "the
extremes of every bucket of every row that has left the full-resolution part", whatever way the rows
were split into append calls; the whole state follows from the sequence of rows appended. A NaN counts
as larger than everything (and +inf), so a divergence row is a bucket's maximum and is kept.

ThinnedRows is the array store (column 0 = epoch) that the engine's History and the window's plots
share; History adds the named columns Experiment.history has always had.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .errors import ConfigError

RECENT_ROWS = 2000  # R: between R and 2R - 1 newest rows at full resolution (once 2R rows were seen)
ARCHIVE_ROWS = 4000  # the thinned older rows never exceed this
MAX_ROWS = 2 * RECENT_ROWS - 1 + ARCHIVE_ROWS  # rows held at most, however long the run

REQUIRED = ("epoch", "train_loss", "test_loss")
VECTOR = "grad_norms"  # the one column whose rows are lists (one number per layer)


def select_extremes(buckets: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Indices (ascending, unique) of the rows holding each column's minimum and maximum in each bucket.

    buckets: (n,) non-decreasing bucket ids; values: (n, m) the watched columns. Ties go to the first
    row; NaN ranks above everything, +inf included (a NaN or inf row is a maximum), -inf is a minimum.
    """
    n = len(buckets)
    if n == 0:
        return np.empty(0, dtype=np.intp)
    first = np.empty(n, dtype=bool)
    first[0] = True
    np.not_equal(buckets[1:], buckets[:-1], out=first[1:])
    starts = np.flatnonzero(first)  # the buckets sit at the same positions before and after sorting
    keep = np.zeros(n, dtype=bool)
    for col in np.asarray(values, dtype=np.float64).reshape(n, -1).T:
        key = np.where(np.isnan(col), np.inf, col)
        for k in (key, -key):  # lexsort is stable: the first of equal values comes first
            keep[np.lexsort((k, buckets))[starts]] = True
    return np.flatnonzero(keep)


class ThinnedRows:
    """A bounded 2-D float array of rows in increasing epoch (column 0), thinned as the module says.

    select: the columns whose minimum and maximum per bucket are kept (e.g. the two losses).
    """

    def __init__(self, n_cols: int, select: Sequence[int], *, recent: int = RECENT_ROWS,
                 cap: int = ARCHIVE_ROWS) -> None:
        self.select = np.asarray(select, dtype=np.intp)
        if n_cols < 1 or not len(self.select) or self.select.min() < 0 or self.select.max() >= n_cols:
            raise ValueError(f"select must name columns of the {n_cols}, got {list(select)}")
        if recent < 1 or cap < 4 * len(self.select):
            raise ValueError(f"recent must be >= 1 and cap >= {4 * len(self.select)}")
        self.n_cols, self.recent, self.cap = int(n_cols), int(recent), int(cap)
        self._buf = np.empty((2 * self.recent, self.n_cols))
        self.clear()

    # ----- state -----

    def clear(self) -> None:
        """Forget every row; buckets start one epoch wide again."""
        self._archive = np.empty((0, self.n_cols))
        self._n = 0  # full-resolution rows in _buf
        self.bucket_epochs = 1
        self._view: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._archive) + self._n

    @property
    def archive_rows(self) -> int:
        """How many of the leading rows are thinned (the rest are every row recorded)."""
        return len(self._archive)

    def restore(self, rows: np.ndarray, archive_rows: int, bucket_epochs: int) -> None:
        """Rows saved from view() with their split (archive_rows, bucket_epochs): the same state again.

        Rows beyond the saved split are taken in full (an old file, or one cut at the end, is
        normalised as if its rows had been appended now); the archive is re-thinned, which leaves a
        saved one as it was.
        """
        rows = np.asarray(rows, dtype=np.float64).reshape(-1, self.n_cols)
        self._check(rows, -np.inf)
        if bucket_epochs < 1:
            raise ValueError(f"bucket_epochs must be >= 1, got {bucket_epochs}")
        self.clear()
        self.bucket_epochs = int(bucket_epochs)
        a = min(max(int(archive_rows), 0), len(rows))
        self._archive = self._thin(rows[:a])
        self._fit_archive()
        self.append(rows[a:])

    # ----- rows -----

    def append(self, rows: np.ndarray) -> None:
        """Add rows (n, n_cols); their epochs must increase and follow the last row's."""
        rows = np.asarray(rows, dtype=np.float64)
        if rows.ndim != 2 or rows.shape[1] != self.n_cols:
            raise ValueError(f"rows must be an (n, {self.n_cols}) array, got shape {rows.shape}")
        if not len(rows):
            return
        self._check(rows, self.last_epoch())
        self._view = None
        full, pos = 2 * self.recent, 0
        while pos < len(rows):
            take = min(len(rows) - pos, full - self._n)
            self._buf[self._n : self._n + take] = rows[pos : pos + take]
            self._n += take
            pos += take
            if self._n == full:
                self._move()

    def extend(self, rows: np.ndarray) -> int:
        """append() the rows whose epoch is after every earlier one (a frame that overlaps the last one,
        or NaN epochs, add nothing); returns how many were added. For the window's plots."""
        rows = np.asarray(rows, dtype=np.float64).reshape(-1, self.n_cols)
        if not len(rows):
            return 0
        e = np.where(np.isfinite(rows[:, 0]), rows[:, 0], -np.inf)
        before = np.maximum.accumulate(np.concatenate([[self.last_epoch()], e[:-1]]))
        fresh = rows[e > before]
        self.append(fresh)
        return len(fresh)

    def view(self) -> np.ndarray:
        """Every row held, oldest first (read-only; valid until the next change)."""
        if self._view is None:
            v = np.concatenate([self._archive, self._buf[: self._n]]) if len(self._archive) else \
                self._buf[: self._n].copy()
            v.flags.writeable = False
            self._view = v
        return self._view

    def last_epoch(self) -> float:
        """The newest row's epoch (-inf when empty)."""
        if self._n:
            return float(self._buf[self._n - 1, 0])
        return float(self._archive[-1, 0]) if len(self._archive) else -np.inf

    def last(self) -> np.ndarray | None:
        """A copy of the newest row (None when empty)."""
        if self._n:
            return self._buf[self._n - 1].copy()
        return self._archive[-1].copy() if len(self._archive) else None

    def rows_after(self, epoch: float) -> np.ndarray:
        """A copy of the rows whose epoch is greater than `epoch`."""
        if not len(self._archive) or epoch >= self._archive[-1, 0]:  # only new rows: no concatenation
            recent = self._buf[: self._n]
            return recent[int(np.searchsorted(recent[:, 0], epoch, side="right")) :].copy()
        v = self.view()
        return v[int(np.searchsorted(v[:, 0], epoch, side="right")) :].copy()

    def truncate_after(self, epoch: float) -> None:
        """Drop the rows whose epoch is greater than `epoch` (a rollback); the bucket width stays."""
        self._n = int(np.searchsorted(self._buf[: self._n, 0], epoch, side="right"))
        self._archive = self._archive[: int(np.searchsorted(self._archive[:, 0], epoch, side="right"))]
        if not len(self):
            self.bucket_epochs = 1  # as a saved empty history reopens
        self._view = None

    # ----- thinning -----

    def _check(self, rows: np.ndarray, after: float) -> None:
        e = rows[:, 0]
        if len(e) and not (np.all(np.isfinite(e)) and e[0] > after and np.all(e[1:] > e[:-1])):
            raise ValueError("epochs must be finite and increase from row to row, after the last one held")

    def _buckets(self, rows: np.ndarray) -> np.ndarray:
        return np.floor_divide(rows[:, 0], self.bucket_epochs)

    def _thin(self, rows: np.ndarray) -> np.ndarray:
        return rows[select_extremes(self._buckets(rows), rows[:, self.select])]

    def _fit_archive(self) -> None:
        while len(self._archive) > self.cap:
            self.bucket_epochs *= 2
            self._archive = self._thin(self._archive)

    def _move(self) -> None:
        """The oldest `recent` full-resolution rows join the archive's buckets."""
        r = self.recent
        block = self._buf[:r]
        a = self._archive
        # only the archive's last bucket can share a bucket with the block: pick its extremes anew
        j = int(np.searchsorted(self._buckets(a), np.floor_divide(block[0, 0], self.bucket_epochs)))
        self._archive = np.concatenate([a[:j], self._thin(np.concatenate([a[j:], block]))])
        self._fit_archive()
        self._buf[: self._n - r] = self._buf[r : self._n]
        self._n -= r


def _number_column(v, what: str) -> np.ndarray:
    if not isinstance(v, (list, tuple)):
        raise ConfigError(f"{what} must be a list of numbers, got {type(v).__name__}")
    try:
        a = np.asarray(v)
    except ValueError as e:
        raise ConfigError(f"{what} must be a list of numbers ({e})") from None
    if a.ndim != 1 or (len(a) and a.dtype.kind not in "iuf"):
        raise ConfigError(f"{what} must be a list of numbers")
    return a.astype(np.float64)


class History(Mapping):
    """The training history: column name -> list (epoch, train_loss, test_loss, [accuracies], grad_norms).

    Reads like the dict of lists it used to be (h["train_loss"][-1], len(h["epoch"]), h.items()),
    but holds at most MAX_ROWS rows: see the module's docstring. grad_norms rows are lists, one
    number per layer with weights.
    """

    def __init__(self, keys: Sequence[str] = ("epoch", "train_loss", "test_loss", VECTOR)) -> None:
        keys = list(keys)
        missing = [k for k in REQUIRED if k not in keys]
        if missing or len(set(keys)) != len(keys):
            raise ValueError(f"a history needs the distinct columns {', '.join(REQUIRED)}, got {keys}")
        self._keys = keys
        self._scalars = ["epoch"] + [k for k in keys if k not in ("epoch", VECTOR)]
        self._col = {k: i for i, k in enumerate(self._scalars)}
        self._rows: ThinnedRows | None = None  # made at the first row, when the number of layers is known

    # ----- Mapping -----

    def __getitem__(self, key: str) -> list:
        if key not in self._keys:
            raise KeyError(key)
        v = self._view()
        if key == VECTOR:
            return v[:, len(self._scalars) :].tolist()
        col = v[:, self._col[key]]
        return col.astype(np.int64).tolist() if key == "epoch" else col.tolist()

    def __iter__(self):
        return iter(self._keys)

    def __contains__(self, key) -> bool:  # Mapping's would build the column's list just to test the key
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def __eq__(self, other) -> bool:
        if isinstance(other, History):
            return (self._keys == other._keys and self.thinning() == other.thinning()
                    and (self.n_rows == other.n_rows == 0
                         or np.array_equal(self._view(), other._view(), equal_nan=True)))
        return Mapping.__eq__(self, other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"History({self.n_rows} rows, columns {', '.join(self._keys)})"

    # ----- rows -----

    @property
    def n_rows(self) -> int:
        """Rows held (at most MAX_ROWS)."""
        return 0 if self._rows is None else len(self._rows)

    @property
    def n_layers(self) -> int | None:
        """Numbers per grad_norms row (None before the first row)."""
        return None if self._rows is None else self._rows.n_cols - len(self._scalars)

    def _view(self) -> np.ndarray:
        if self._rows is None:
            return np.empty((0, len(self._scalars)))
        return self._rows.view()

    def _make(self, n_layers: int) -> None:
        width = len(self._scalars) + (n_layers if VECTOR in self._keys else 0)
        self._rows = ThinnedRows(width, [self._col["train_loss"], self._col["test_loss"]])

    def append(self, rows: Mapping) -> None:
        """Add rows: a table of columns, each of n values (grad_norms: n × layers), epochs increasing."""
        if set(rows) != set(self._keys):
            raise ValueError(f"rows must have the columns {', '.join(self._keys)}, got {', '.join(rows)}")
        n = len(rows["epoch"])
        if not n:
            return
        parts = [np.asarray(rows[k], dtype=np.float64).reshape(n, 1) for k in self._scalars]
        if VECTOR in self._keys:
            g = np.asarray(rows[VECTOR], dtype=np.float64).reshape(n, -1)
            if self._rows is not None and g.shape[1] != self.n_layers:
                raise ValueError(f"grad_norms rows must have {self.n_layers} numbers, got {g.shape[1]}")
            parts.append(g)
        block = np.hstack(parts)
        if self._rows is None:
            self._make(block.shape[1] - len(self._scalars))
        self._rows.append(block)

    def clear(self) -> None:
        """Forget every row."""
        self._rows = None

    def last_row(self) -> dict | None:
        """The newest row (epoch an int, grad_norms a list), None when there is none; cheap."""
        row = None if self._rows is None else self._rows.last()
        if row is None:
            return None
        out = {k: (int(row[0]) if k == "epoch" else float(row[self._col[k]]))
               for k in self._keys if k != VECTOR}
        if VECTOR in self._keys:
            out[VECTOR] = row[len(self._scalars) :].tolist()
        return {k: out[k] for k in self._keys}

    def rows_after(self, epoch: float) -> dict[str, np.ndarray]:
        """Copies of the rows whose epoch is greater than `epoch` (-1: all), as float arrays per column;
        grad_norms is rows × layers."""
        v = self._view() if self._rows is None else self._rows.rows_after(epoch)
        out = {k: v[:, self._col[k]].copy() for k in self._scalars}
        if VECTOR in self._keys:
            out[VECTOR] = v[:, len(self._scalars) :].copy()
        return {k: out[k] for k in self._keys}

    def truncate_after(self, epoch: float) -> None:
        """Drop the rows whose epoch is greater than `epoch` (a rollback)."""
        if self._rows is not None:
            self._rows.truncate_after(epoch)

    # ----- files -----

    def thinning(self) -> dict:
        """The split to save next to to_dict(): how many leading rows are thinned, and the bucket width."""
        if self._rows is None:
            return {"archive_rows": 0, "bucket_epochs": 1}
        return {"archive_rows": self._rows.archive_rows, "bucket_epochs": self._rows.bucket_epochs}

    def to_dict(self) -> dict[str, list]:
        """Plain JSON-able columns (lists), the format saved files have always had."""
        return {k: self[k] for k in self._keys}

    @classmethod
    def from_dict(cls, d, thinning=None, *, keys: Sequence[str] | None = None, n_layers: int | None = None,
                  what: str = "history") -> History:
        """The history to_dict() and thinning() described; a damaged one raises ConfigError saying what.

        keys: the columns it must have (default: those it has); n_layers: the numbers each grad_norms
        row must have. thinning None (an older file): every row counts as recorded in full, and the
        history is thinned now as if it had been trained with this version.
        """
        if not isinstance(d, Mapping):
            raise ConfigError(f"{what} must be a table of columns, got {type(d).__name__}")
        if keys is not None and set(d) != set(keys):
            raise ConfigError(f"{what} must have the keys {', '.join(keys)}")
        keys = list(keys if keys is not None else d)
        missing = [k for k in REQUIRED if k not in keys]
        if missing:
            raise ConfigError(f"{what} must have the keys {', '.join(REQUIRED)} (missing {', '.join(missing)})")
        h = cls(keys)
        cols = {k: _number_column(d[k], f"{what}.{k}") for k in h._scalars}
        n = len(cols["epoch"])
        g = d.get(VECTOR, [])
        if not isinstance(g, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in g):
            raise ConfigError(f"{what}.{VECTOR} must be a list of rows, one number per layer each")
        for k in keys:
            if len(d[k]) != n:
                raise ConfigError(f"{what}: every column must have one value per row; epoch has {n}, "
                                  f"{k} has {len(d[k])}")
        e = cols["epoch"]
        bad = np.flatnonzero(~np.isfinite(e) | (e != np.floor(e)))
        if len(bad):
            raise ConfigError(f"{what}.epoch must be whole numbers, got {d['epoch'][bad[0]]!r} in row {bad[0]}")
        bad = np.flatnonzero(e[1:] <= e[:-1])
        if len(bad):
            i = int(bad[0]) + 1
            raise ConfigError(f"{what}.epoch must increase from row to row: row {i} has {int(e[i])} "
                              f"after {int(e[i - 1])}")
        parts = [cols[k].reshape(n, 1) for k in h._scalars]
        if VECTOR in keys:
            widths = {len(r) for r in g}
            if len(widths) > 1 or (n_layers is not None and n and widths != {n_layers}):
                want = f"{n_layers}" if n_layers is not None else "the same count of"
                raise ConfigError(f"every row of {what}.{VECTOR} must have {want} numbers (one per layer "
                                  f"with weights), got rows of {', '.join(map(str, sorted(widths)))}")
            width = widths.pop() if widths else (n_layers or 0)
            flat = _number_column([x for r in g for x in r], f"{what}.{VECTOR}")
            parts.append(flat.reshape(n, width))
        if thinning is None:
            archive_rows, bucket = 0, 1
        else:
            if not isinstance(thinning, Mapping):
                raise ConfigError(f"{what} thinning must be a table with archive_rows and bucket_epochs")
            archive_rows, bucket = thinning.get("archive_rows", 0), thinning.get("bucket_epochs", 1)
            for name, v, low in (("archive_rows", archive_rows, 0), ("bucket_epochs", bucket, 1)):
                if isinstance(v, bool) or not isinstance(v, int) or v < low:
                    raise ConfigError(f"{what} thinning: {name} must be a whole number >= {low}, got {v!r}")
        if n:
            block = np.hstack(parts)
            h._make(block.shape[1] - len(h._scalars))
            h._rows.restore(block, archive_rows, bucket)
        return h
