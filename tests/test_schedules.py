"""Learning-rate schedules against torch.optim.lr_scheduler's frozen numbers (tests/data/schedules_torch.json,
made by tests/tools/make_schedule_reference.py), their config errors, and schedules on a live experiment.
Only NumPy is needed; torch is not.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from playground import ConfigError
from playground.config import normalize
from playground.experiment import Experiment
from playground.presets import load_preset
from playground.schedules import Schedule, normalize_schedule
from playground.session.session import LIVE, Session

DATA = json.loads((Path(__file__).resolve().parent / "data" / "schedules_torch.json").read_text())
RATES = DATA["rates"]
TRAINING = DATA["training"]
TINY = {
    "data": {"name": "xor", "n_samples": 40},
    "layers": [{"type": "dense", "units": 3, "activation": "tanh"}],
}


def _id(case):
    return json.dumps(case["schedule"] if "schedule" in case else case["config"]["schedule"])


@pytest.mark.parametrize("case", RATES, ids=_id)
def test_every_schedule_equals_torch_for_50_steps(case):
    spec = normalize_schedule(case["schedule"])
    got = Schedule(spec, DATA["base_lr"]).lrs(0, DATA["steps"]).tolist()
    assert got == case["lr"], "the same formulas in the same order: the same floats"


@pytest.mark.parametrize("case", RATES, ids=_id)
def test_the_history_records_each_epochs_rate(case):
    # a full batch: one optimizer step per epoch, so per-batch schedules step once an epoch too
    exp = Experiment.from_dict(
        {
            **TINY,
            "batch_size": "full",
            "optimizer": {"name": "sgd", "lr": DATA["base_lr"]},
            "schedule": case["schedule"],
        }
    )
    rates = []
    for _ in range(5):  # in chunks, as the window trains
        rates.append(exp.learning_rate())
        exp.train(10)
    assert exp.history["lr"] == case["lr"]
    assert rates == case["lr"][::10], "learning_rate() is the rate the next step uses"


@pytest.mark.parametrize("case", TRAINING, ids=_id)
def test_training_with_a_schedule_equals_torch(case):
    exp = Experiment.from_dict(case["config"])
    exp.train(case["epochs"])
    np.testing.assert_allclose(exp.history["train_loss"], case["train_loss"], rtol=1e-9, atol=1e-12)
    assert exp.history["lr"] == case["lr"]
    for got, want in zip(exp.get_weights(), case["weights"]):
        for k in ("W", "b"):
            np.testing.assert_allclose(got[k], want[k], rtol=1e-9, atol=1e-12)


def test_chunks_save_and_open_give_the_same_run(tmp_path):
    cfg = TRAINING[3]["config"]  # cyclic, per batch
    whole = Experiment.from_dict(cfg)
    whole.train(6)
    part = Experiment.from_dict(cfg)
    part.train(2)
    part.save(tmp_path / "run.json")
    back = Experiment.load(tmp_path / "run.json")
    back.train(1)
    back.train(3)
    assert back.history["lr"] == whole.history["lr"]
    assert back.history["train_loss"] == whole.history["train_loss"]


def test_no_schedule_keeps_the_optimizers_rate():
    exp = Experiment.from_dict(TINY)
    assert exp.config["schedule"] is None and normalize({})["schedule"] is None
    exp.train(3)
    assert exp.history["lr"] == [0.03] * 3 and exp.learning_rate() == 0.03
    exp.set_learning_rate(0.1)
    exp.train(1)
    assert exp.history["lr"][-1] == 0.1


def test_a_schedule_chosen_live_counts_from_then():
    exp = Experiment.from_dict({**TINY, "optimizer": {"name": "sgd", "lr": 0.2}})
    exp.train(4)
    weights = exp.get_weights()
    exp.set_schedule({"name": "step", "step_size": 2, "gamma": 0.5})
    assert exp.get_weights()[0]["W"].tolist() == weights[0]["W"].tolist(), "live: no reset"
    exp.train(5)
    assert exp.history["lr"] == [0.2] * 4 + [0.2, 0.2, 0.1, 0.1, 0.05]
    exp.set_learning_rate(0.4)  # the base rate the schedule scales
    assert exp.learning_rate() == 0.4 * 0.5 * 0.5
    exp.set_schedule(None)
    assert exp.learning_rate() == 0.4
    exp.reset()
    exp.set_schedule({"name": "exponential", "gamma": 0.5})
    exp.train(2)
    assert exp.history["lr"] == [0.4, 0.2], "a reset starts the schedule over"


def test_the_session_changes_a_schedule_live():
    s = Session(TINY)
    s.train(3)
    kind = s.apply({**s.config, "schedule": {"name": "cosine", "T_max": 10}})
    assert kind == LIVE and s.exp.epoch == 3
    snap = s.frame(resolution=8, history_after=None, with_data=False)
    assert snap.learning_rate == 0.03 and snap.config["schedule"]["T_max"] == 10
    s.train(1)
    assert s.frame(resolution=8, history_after=3, with_data=False).learning_rate < 0.03


def test_an_old_file_without_rates_opens():
    exp = Experiment.from_dict(TINY)
    exp.train(2)
    d = exp.to_dict()
    for key in ("steps", "schedule_start"):
        del d["state"][key]
    del d["state"]["history"]["lr"]
    del d["schedule"]
    back = Experiment.from_dict(d)
    assert (
        back.history["lr"] == [0.03, 0.03]
        and back.history["train_loss"] == exp.history["train_loss"]
    )


@pytest.mark.parametrize(
    "schedule, words",
    [
        (
            {"name": "warmup"},
            "schedule.name must be one of step, exponential, cosine, cyclic, onecycle",
        ),
        (
            {"name": "step", "step_size": 5, "gamma": -0.1},
            "schedule.gamma (step) must be a number above 0",
        ),
        (
            {"name": "exponential", "gamma": 0},
            "schedule.gamma (exponential) must be a number above 0",
        ),
        ({"name": "cosine", "T_max": 0}, "schedule.T_max (cosine) must be a whole number from 1"),
        ({"name": "cosine", "T_max": 2.5}, "schedule.T_max (cosine) must be a whole number"),
        (
            {"name": "cyclic", "base_lr": 0.1, "max_lr": 0.01},
            "schedule.max_lr (0.01) must be at least schedule.base_lr",
        ),
        (
            {"name": "cyclic", "base_lr": 0.1, "max_lr": 1, "mode": "sine"},
            "schedule.mode (cyclic) must be one of",
        ),
        (
            {"name": "step", "step_size": 3, "milestones": [2]},
            "schedule.milestones is not a setting of the step",
        ),
        ({"name": "cyclic", "base_lr": 0.1, "max_lr": 1, "scale_mode": "cycle"}, "mode sets it"),
        (
            {"name": "cyclic", "base_lr": 0.1, "max_lr": 1, "cycle_momentum": True},
            "schedule.cycle_momentum (cyclic) must be false",
        ),
        (
            {"name": "onecycle", "max_lr": 0.1, "total_steps": 10, "base_momentum": 0.8},
            "does not cycle momentum",
        ),
        ({"name": "onecycle", "max_lr": 0.1}, "the onecycle schedule needs total_steps"),
        (
            {"name": "onecycle", "max_lr": 0.1, "total_steps": 10, "pct_start": 1.5},
            "schedule.pct_start (onecycle) must be a number at least 0 and at most 1",
        ),
        (
            {"name": "onecycle", "max_lr": 0.1, "total_steps": 10, "three_phase": "yes"},
            "must be true or false",
        ),
        ("cosine", "schedule must be a table"),
    ],
)
def test_a_bad_schedule_is_a_config_error_in_plain_words(schedule, words):
    with pytest.raises(ConfigError, match=re.escape(words)):
        Experiment.from_dict({**TINY, "schedule": schedule})
    exp = Experiment.from_dict(TINY)
    with pytest.raises(ConfigError):
        exp.set_schedule(schedule)
    assert exp.config["schedule"] is None, "nothing half-changed"


def test_schedules_run_on_the_cpu_only():
    with pytest.raises(ConfigError, match="learning-rate schedules run on the CPU backend only"):
        Experiment.from_dict(
            {**TINY, "backend": "cuda", "schedule": {"name": "exponential", "gamma": 0.9}}
        )
    exp = Experiment.from_dict(
        {**TINY, "backend": "auto", "schedule": {"name": "exponential", "gamma": 0.9}}
    )
    assert exp.backend.name == "cpu"
    with pytest.raises(ConfigError, match="CPU backend only"):
        exp.set_backend("cuda")
    assert exp.config["backend"] == "auto"


def test_the_cosine_lesson_settles_lower_and_steadier_on_every_seed():
    p = load_preset("lesson_schedule_cosine")
    cosine, constant = p["compare"]
    assert p["config"] == cosine and {**cosine, "schedule": None} == {**constant, "schedule": None}
    for seed in range(5):
        runs = []
        for cfg in (cosine, constant):
            exp = Experiment.from_dict({**cfg, "seed": seed})
            exp.train(p["epochs"])
            runs.append(np.array(exp.history["train_loss"][-50:]))
        cos, const = runs
        # measured: mean 0.20-0.28 with the schedule, 0.26-0.49 without, 0.04-0.23 lower on each seed
        assert cos.mean() < const.mean() - 0.02, seed
        # measured: it moves by at most 0.012 with the schedule, 0.076-0.34 without (6x or more)
        assert 4 * np.ptp(cos) < np.ptp(const), seed


def test_the_command_line_prints_the_last_rate():
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "playground",
            "train",
            "--preset",
            "lesson_schedule_cosine",
            "--epochs",
            "150",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["lr"] == pytest.approx(0.5 * (1 + np.cos(np.pi * 149 / 300)), rel=1e-12)
