"""The command line, run as a user would: `python -m playground ...`."""

import json
import subprocess
import sys

import pytest

from playground import Experiment


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "playground", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_train_a_config_file_and_save(tmp_path):
    cfg = tmp_path / "c.json"
    cfg.write_text(json.dumps({"data": {"name": "gauss", "n_samples": 100}, "layers": []}))
    out = tmp_path / "trained.json"
    r = run("train", str(cfg), "--epochs", "30", "--out", str(out))
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["epoch"] == 30 and result["test_accuracy"] > 0.9
    exp = Experiment.load(out)
    assert exp.epoch == 30 and exp.evaluate()["test_loss"] == pytest.approx(result["test_loss"])


def test_train_a_preset():
    r = run("train", "--preset", "xor_hidden", "--epochs", "300")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["test_accuracy"] == 1.0


def test_presets_are_listed():
    r = run("presets")
    assert r.returncode == 0 and "xor_linear" in r.stdout and "circle" in r.stdout


@pytest.mark.parametrize("args, message", [
    (["train", "missing.json"], "missing.json: no such file"),
    (["train", "--preset", "nope"], "no preset called 'nope'"),
    (["train"], "either a CONFIG.json"),
    (["train", "--preset", "circle", "--backend", "cuda"], "backend 'cuda'"),
])
def test_errors_are_one_clear_line_and_exit_2(args, message, tmp_path):
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in r.stderr


def test_bad_json_and_bad_key(tmp_path):
    (tmp_path / "a.json").write_text("{oops")
    (tmp_path / "b.json").write_text('{"layers": [{"units": -1}]}')
    r = run("train", "a.json", cwd=tmp_path)
    assert r.returncode == 2 and "not a valid experiment config (JSON): line 1" in r.stderr
    r = run("train", "b.json", cwd=tmp_path)
    assert r.returncode == 2 and "layers[0].units" in r.stderr


def test_export_equations_and_torch_module(tmp_path):
    out = tmp_path / "xor.json"
    assert run("train", "--preset", "xor_hidden", "--epochs", "5", "--out", str(out), "--quiet").returncode == 0
    r = run("export", str(out))
    assert r.returncode == 0 and "h1_1 = relu(" in r.stdout
    r = run("export", str(out), "--torch", str(tmp_path / "model.py"))
    assert r.returncode == 0, r.stderr
    source = (tmp_path / "model.py").read_text()
    compile(source, "model.py", "exec")  # valid Python; running it needs torch
    assert "class Model" in source
