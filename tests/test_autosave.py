"""Autosave: background atomic writes, orphans after a crash, and a training process killed mid-run."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from playground import ConfigError, Experiment
from playground.autosave import (
    FORMAT,
    Autosaver,
    autosave_path,
    experiment_record,
    find_orphans,
    read_record,
)
from playground.datasets import save_csv

ROOT = Path(__file__).resolve().parents[1]
SMALL = {"data": {"name": "xor", "n_samples": 60}, "layers": [{"units": 3}], "seed": 5}


def assert_same_experiment(a: Experiment, b: Experiment) -> None:
    assert a.config == b.config and a.epoch == b.epoch and a.history == b.history
    for la, lb in zip(a.get_weights(), b.get_weights()):
        for k in la:
            np.testing.assert_array_equal(la[k], lb[k])


def test_write_flush_restore_and_clean_close(tmp_path):
    exp = Experiment.from_dict(SMALL)
    exp.train(epochs=7)
    saved = []
    saver = Autosaver(autosave_path(tmp_path), on_saved=saved.append)
    saver.save_later(exp)
    assert saver.flush(10)
    record = read_record(saver.path)
    assert record["format"] == FORMAT and record["pid"] == os.getpid() and len(saved) == 1
    assert_same_experiment(Experiment.from_dict(record["experiment"]), exp)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert find_orphans(tmp_path) == []  # our own file: this process still runs
    saver.close()
    assert not saver.path.exists()


def test_csv_data_is_put_inline_with_its_split(tmp_path):
    src = Experiment.from_dict({"data": {"name": "moons", "n_samples": 40}})
    path = tmp_path / "d.csv"
    save_csv(path, src.dataset)
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in path.read_text().splitlines()))
    exp = Experiment.from_dict({"data": {"name": "csv", "path": str(path), "test_ratio": 0.3}})
    exp.train(epochs=3)
    d = experiment_record(exp)
    path.unlink()  # the autosave must not need the file any more
    back = Experiment.from_dict(json.loads(json.dumps(d)))
    assert back.config["data"]["name"] == "points"
    np.testing.assert_array_equal(back.dataset.x_train, exp.dataset.x_train)
    np.testing.assert_array_equal(back.dataset.y_test, exp.dataset.y_test)
    assert back.epoch == 3 and back.history == exp.history


def test_orphans_and_bad_records(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    orphan = autosave_path(tmp_path, pid)
    orphan.write_text(json.dumps({"format": FORMAT, "version": 1, "experiment": SMALL}))
    (tmp_path / "autosave-notapid.json").write_text("{}")
    (tmp_path / f"autosave-{os.getppid()}.json").write_text("{}")  # a live process: not an orphan
    assert find_orphans(tmp_path) == [orphan]
    assert read_record(orphan)["experiment"] == SMALL
    orphan.write_text(json.dumps({"format": FORMAT, "version": 99, "experiment": SMALL}))
    with pytest.raises(ConfigError, match="newer version"):
        read_record(orphan)
    orphan.write_text('{"format": "neural')
    with pytest.raises(ConfigError, match="not a valid autosave file"):
        read_record(orphan)


CHILD = textwrap.dedent("""
    import json, sys
    import playground.autosave as autosave
    from playground import Experiment

    write = autosave.write_record
    def traced(path, record):
        exp = record["experiment"]
        print("writing", exp["state"]["epoch"], flush=True)   # before the rename
        write(path, record)
        print("written", exp["state"]["epoch"], flush=True)   # after it
    autosave.write_record = traced

    exp = Experiment.from_dict(json.loads(sys.argv[2]))
    saver = autosave.Autosaver(autosave.autosave_path(sys.argv[1]))
    while True:                       # train until killed, handing over a copy every 20 epochs
        exp.train(epochs=20)
        saver.save_later(exp)
""")


def test_killed_training_process_restores_from_autosave(tmp_path):
    """SIGKILL mid-training: the file is whole and equals the last record whose rename completed."""
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path), json.dumps(SMALL)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    lines = []
    try:
        for line in child.stdout:  # blocks until the child prints: no sleeps
            lines.append(line.split())
            if sum(1 for kind, _ in lines if kind == "written") >= 5:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        lines += [line.split() for line in child.stdout.read().splitlines()]
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    orphans = find_orphans(tmp_path)
    assert orphans == [autosave_path(tmp_path, child.pid)]
    record = read_record(orphans[0])
    epoch = record["experiment"]["state"]["epoch"]
    # The file holds the newest write that finished its rename: the last "writing" if its rename
    # completed before the kill, else the one before it.
    started = [int(e) for kind, e in lines if kind == "writing"]
    finished = [int(e) for kind, e in lines if kind == "written"]
    assert epoch in started[-2:] and epoch >= finished[-1] and epoch > 0
    restored = Experiment.from_dict(record["experiment"])
    replay = Experiment.from_dict(SMALL)
    replay.train(epochs=epoch)  # same seed and chunking as the child: the same weights
    assert restored.epoch == epoch and restored.config == replay.config
    for a, b in zip(restored.get_weights(), replay.get_weights()):
        np.testing.assert_array_equal(a["W"], b["W"])
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # a half write is swept


@pytest.mark.parametrize("writer", ["save", "autosave"])
def test_a_failure_mid_write_keeps_the_previous_file(tmp_path, monkeypatch, writer):
    """Save and autosave write a temporary file and rename it: a failure before the rename
    leaves the old file whole and no temporary file behind."""
    from playground import autosave

    exp = Experiment.from_dict(SMALL)
    path = tmp_path / "exp.json"

    def write():
        if writer == "save":
            exp.save(path)
        else:
            autosave.write_record(path, {"experiment": exp.to_dict()})

    write()
    before = path.read_text()
    exp.train(epochs=2)

    def crash(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="No space"):
        write()
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.json"]
