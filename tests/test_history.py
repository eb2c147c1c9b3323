"""The bounded training history: row cap, spikes kept, chunking, files old and new, damage refused."""

import json

import numpy as np
import pytest

from playground import ConfigError, Experiment
from playground.history import ARCHIVE_ROWS, MAX_ROWS, RECENT_ROWS, History, select_extremes

KEYS = ["epoch", "train_loss", "test_loss", "grad_norms"]
TINY = {"data": {"n_samples": 20}, "layers": [{"type": "dense", "units": 2, "activation": "tanh"}],
        "batch_size": 10, "seed": 3}


def rows(n, start=1, seed=0):
    """n synthetic rows: noisy falling losses, two gradient norms per row."""
    rng = np.random.default_rng(seed)
    e = np.arange(start, start + n)
    train = np.exp(-e / 5e4) + 0.01 * rng.random(n)
    return {"epoch": e, "train_loss": train, "test_loss": train * 1.1 + 0.01 * rng.random(n),
            "grad_norms": rng.random((n, 2))}


def chunk(r, lo, hi):
    return {k: v[lo:hi] for k, v in r.items()}


def filled(r, sizes=None):
    h = History(list(r))
    n, i = len(r["epoch"]), 0
    for size in sizes or [n]:
        h.append(chunk(r, i, i + size))
        i += size
    assert i == n
    return h


def test_row_count_stays_bounded_over_200000_rows():
    r = rows(200_000)
    h = History(KEYS)
    most = 0
    for i in range(0, 200_000, 5_000):
        h.append(chunk(r, i, i + 5_000))
        most = max(most, h.n_rows)
    assert most <= MAX_ROWS < 200_000 // 20
    assert h.n_rows > RECENT_ROWS
    e = np.asarray(h["epoch"])
    assert np.all(np.diff(e) > 0) and e[-1] == 200_000
    assert np.array_equal(e[-RECENT_ROWS:], np.arange(200_001 - RECENT_ROWS, 200_001)), "newest rows in full"
    assert h.thinning()["archive_rows"] <= ARCHIVE_ROWS and h.thinning()["bucket_epochs"] > 1
    assert all(len(v) == h.n_rows for v in h.values())
    assert len(json.dumps(h.to_dict())) < 2_000_000


def test_kept_rows_are_real_rows():
    r = rows(60_000)
    h = filled(r)
    idx = np.asarray(h["epoch"]) - 1
    for k in ("train_loss", "test_loss"):
        assert np.array_equal(h[k], r[k][idx])
    assert np.array_equal(h["grad_norms"], r["grad_norms"][idx])


def test_spikes_and_non_finite_rows_survive_thinning():
    r = rows(200_000)
    r["train_loss"][1233] = 50.0  # a spike in the training loss only
    r["test_loss"][4566] = 40.0  # and one in the test loss only
    r["test_loss"][77_776] = 1e-9  # a dip
    r["train_loss"][100_000] = np.nan  # a divergence (rolled back later, but it happened)
    r["test_loss"][150_000] = np.inf
    h = filled(r, [8_000] * 25)
    e = h["epoch"]
    assert h.n_rows <= MAX_ROWS
    for epoch in (1234, 4567, 77_777, 100_001, 150_001):
        assert epoch in e, f"epoch {epoch} was thinned away"
    i = e.index(1234)
    assert h["train_loss"][i] == 50.0 and max(h["train_loss"][: e.index(100_001)]) == 50.0
    assert np.isnan(h["train_loss"][e.index(100_001)]) and h["test_loss"][e.index(150_001)] == np.inf
    assert min(h["test_loss"]) == 1e-9


def test_chunking_does_not_change_the_history():
    r = rows(31_234, seed=4)
    r["train_loss"][[10, 500, 9_999]] = [np.nan, np.inf, -np.inf]
    one = filled(r)
    middle = list(np.random.default_rng(1).integers(1, 2_500, 12))  # about 15,000 rows
    sizes = [1] * 2_000 + middle + [31_234 - 4_000 - sum(middle)] + [1] * 2_000
    assert min(sizes) >= 1 and sum(sizes) == 31_234
    many = filled(r, sizes)
    assert one.n_rows < 31_234
    assert many == one
    assert many.thinning() == one.thinning()
    assert json.dumps(many.to_dict()) == json.dumps(one.to_dict())


def test_select_extremes_picks_first_minimum_and_maximum_per_bucket():
    buckets = np.array([0, 0, 0, 0, 1, 1, 1, 2])
    values = np.array([[3, 0], [1, 0], [1, 9], [3, 9], [np.nan, 2], [np.inf, 2], [-np.inf, 2], [5, 5]])
    assert select_extremes(buckets, values).tolist() == [0, 1, 2, 4, 6, 7]
    assert select_extremes(np.empty(0), np.empty((0, 2))).tolist() == []


def test_reads_like_the_dict_of_lists_it_was():
    exp = Experiment.from_dict({**TINY, "task": "classification"})
    exp.train(30, record_every=4)
    h = exp.history
    assert list(h) == ["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "lr",
                       "grad_norms"]
    assert h["epoch"] == [4, 8, 12, 16, 20, 24, 28, 30] and all(type(e) is int for e in h["epoch"])
    assert isinstance(h["train_loss"], list) and type(h["train_loss"][-1]) is float
    assert len(h["grad_norms"]) == 8 and len(h["grad_norms"][-1]) == 2
    assert dict(h.items()) == h.to_dict() == h
    last = h.last_row()
    assert last == {k: v[-1] for k, v in h.items()}
    assert exp.last() == {k: v for k, v in last.items() if k not in ("grad_norms", "lr")}
    with pytest.raises(KeyError):
        h["nonsense"]


def test_rows_after_and_truncate_after():
    h = filled(rows(10_000))
    after = h.rows_after(9_990)
    assert after["epoch"].tolist() == list(range(9_991, 10_001)) and after["epoch"].dtype == np.float64
    assert after["grad_norms"].shape == (10, 2)
    assert np.array_equal(after["train_loss"], h["train_loss"][-10:])
    everything = h.rows_after(-1)
    assert everything["epoch"].tolist() == h["epoch"] and everything["grad_norms"].shape == (h.n_rows, 2)
    assert h.rows_after(10_000)["epoch"].size == 0 and h.rows_after(10_000)["grad_norms"].shape == (0, 2)
    h.truncate_after(9_000)
    assert h["epoch"][-1] == 9_000 and h.last_row()["epoch"] == 9_000
    h.truncate_after(10)  # into the thinned part
    assert h["epoch"] == [e for e in h["epoch"] if e <= 10] and h["epoch"][-1] <= 10
    h.append(chunk(rows(5, start=11), 0, 5))
    assert h["epoch"][-5:] == [11, 12, 13, 14, 15]
    with pytest.raises(ValueError):
        h.append(chunk(rows(2, start=15), 0, 2))  # epochs must follow the newest row
    empty = History(KEYS)
    assert empty.last_row() is None and empty.rows_after(-1)["epoch"].size == 0


def test_experiment_history_stays_bounded_over_20000_epochs():
    exp = Experiment.from_dict(TINY)
    exp.train(20_000)
    h = exp.history
    assert exp.epoch == 20_000 and h["epoch"][-1] == 20_000
    assert h.n_rows <= MAX_ROWS < 20_000
    assert h["epoch"][-RECENT_ROWS:] == list(range(20_001 - RECENT_ROWS, 20_001))
    assert exp.last()["train_loss"] == h["train_loss"][-1]
    saved = exp.to_dict()["state"]
    assert len(saved["history"]["epoch"]) == h.n_rows and saved["history_thinning"] == h.thinning()
    assert max(h["train_loss"]) == h["train_loss"][0], "the first, highest loss stays"


def test_save_reopen_continue_equals_training_straight_through(tmp_path):
    straight = Experiment.from_dict(TINY)
    straight.train(20_000)
    part = Experiment.from_dict(TINY)
    part.train(7_777)
    part.train(4_568)
    part.save(tmp_path / "run.json")
    reopened = Experiment.load(tmp_path / "run.json")
    assert reopened.history == part.history
    reopened.train(7_655)
    assert reopened.epoch == straight.epoch
    assert reopened.history == straight.history
    assert reopened.history.to_dict() == straight.history.to_dict()
    for wa, wb in zip(reopened.get_weights(), straight.get_weights()):
        for k in wa:
            assert np.array_equal(wa[k], wb[k]), "bit-identical weights"
    # a reopened file's history is the saved one
    twice = Experiment.from_dict(json.loads(json.dumps(reopened.to_dict())))
    assert twice.history == straight.history


def test_old_format_history_loads_and_is_normalised():
    exp = Experiment.from_dict(TINY)
    exp.train(12)
    d = exp.to_dict()
    del d["state"]["history_thinning"]  # files from before the thinning
    back = Experiment.from_dict(d)
    assert back.history == exp.history and back.history["epoch"] == list(range(1, 13))
    # an old long run: every row in full; it loads thinned exactly as if trained with the bound
    r = rows(12_000)
    r = {**r, "train_accuracy": 1 - r["train_loss"] / 2, "test_accuracy": 1 - r["test_loss"] / 2,
         "lr": np.full(12_000, exp.config["optimizer"]["lr"])}
    r = {k: r[k] for k in exp.history}
    d["state"]["epoch"] = 12_000
    d["state"]["history"] = {k: np.asarray(v).tolist() for k, v in r.items()}
    long = Experiment.from_dict(d)
    assert long.history.n_rows <= MAX_ROWS < 12_000
    assert long.history == filled(r)



@pytest.mark.parametrize("epoch", [19_000, 5_000, 0])
def test_a_file_cut_at_the_end_loads_as_truncate_after(epoch):
    """The window's old rollback cut state["history"] to the rows up to an epoch and kept the rest."""
    exp = Experiment.from_dict(TINY)
    exp.train(20_000)
    d = exp.to_dict()
    hist = d["state"]["history"]
    keep = sum(1 for e in hist["epoch"] if e <= epoch)
    d["state"]["history"] = {k: v[:keep] for k, v in hist.items()}
    d["state"]["epoch"] = epoch
    cut = Experiment.from_dict(d).history
    exp.history.truncate_after(epoch)
    assert cut == exp.history and cut.n_rows == keep


def _damaged(change):
    exp = Experiment.from_dict(TINY)
    exp.train(5)
    d = json.loads(json.dumps(exp.to_dict()))
    change(d["state"])
    return d


@pytest.mark.parametrize("change, message", [
    (lambda s: s.update(history=[1, 2]), "state.history must be a table"),
    (lambda s: s["history"].pop("test_loss"), "state.history must have the keys"),
    (lambda s: s["history"].update(extra=[]), "state.history must have the keys"),
    (lambda s: s["history"]["train_loss"].pop(), "every column must have one value per row"),
    (lambda s: s["history"]["grad_norms"].pop(), "every column must have one value per row"),
    (lambda s: s["history"].update(epoch=[1, 2, 2, 4, 5]), "must increase from row to row: row 2"),
    (lambda s: s["history"].update(epoch=[1, 2, 3.5, 4, 5]), "epoch must be whole numbers"),
    (lambda s: s["history"]["train_loss"].__setitem__(1, "low"), "state.history.train_loss must be a list of numbers"),
    (lambda s: s["history"]["test_loss"].__setitem__(0, None), "state.history.test_loss must be a list of numbers"),
    (lambda s: s["history"].update(train_loss=3.0), "state.history.train_loss must be a list of numbers"),
    (lambda s: s["history"]["grad_norms"][2].append(1.0), "every row of state.history.grad_norms must have 2"),
    (lambda s: s["history"].update(grad_norms=[[1.0, 2.0, 3.0]] * 5), "must have 2 numbers"),
    (lambda s: s["history"]["grad_norms"].__setitem__(0, 1.0), "grad_norms must be a list of rows"),
    (lambda s: s.update(history_thinning={"archive_rows": -1, "bucket_epochs": 1}), "archive_rows must be"),
    (lambda s: s.update(history_thinning={"archive_rows": 0, "bucket_epochs": 0}), "bucket_epochs must be"),
    (lambda s: s.update(history_thinning={"archive_rows": "2", "bucket_epochs": 1}), "archive_rows must be"),
    (lambda s: s.update(history_thinning=[0, 1]), "thinning must be a table"),
])
def test_damaged_history_is_refused(change, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(".", r"\.")):
        Experiment.from_dict(_damaged(change))


def test_an_undamaged_history_loads():  # the counterpart of the damage cases: they fail for their reason
    d = _damaged(lambda s: None)
    assert Experiment.from_dict(d).history["epoch"] == [1, 2, 3, 4, 5]


def test_a_divergence_is_recorded_and_survives_a_save(tmp_path):
    exp = Experiment.from_dict({**TINY, "optimizer": {"name": "sgd", "lr": 100.0},
                                "layers": [{"units": 4, "activation": "linear"}] * 2})
    exp.train(30)
    h = exp.history
    assert h["epoch"] == list(range(1, 31)), "every epoch has its row, the diverged ones too"
    assert not np.all(np.isfinite(h["train_loss"]))
    exp.save(tmp_path / "diverged.json")
    back = Experiment.load(tmp_path / "diverged.json")
    assert back.history == h
    assert np.array_equal(back.history["train_loss"], h["train_loss"], equal_nan=True)
