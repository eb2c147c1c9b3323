"""Kernels compiled on first use (kernels/cpu.py, issue 13): the default network asks for none of them
but its optimizer's rule, a network with each feature gets its kernel, and a second process finds every
kernel it ran in Numba's cache (an overload filed under another key was compiled again in every warm
process: 2.3 s of a warm warmup())."""

import os
import subprocess
import sys
from pathlib import Path

from kernels import cpu
from playground import Experiment

ROOT = Path(__file__).resolve().parents[1]
MAXOUT, DROPOUT, STEP, MULTI, VALUES, SLOPES = range(6)


def test_the_default_network_needs_only_its_optimizers_rule():
    exp = Experiment.from_dict({})
    lazy = cpu.lazy_kernels(exp.net.layout.table, exp.net.opt, forward=False)
    assert lazy[STEP] != 0
    assert [int(lazy[k]) for k in (MAXOUT, DROPOUT, MULTI, VALUES, SLOPES)] == [0] * 5
    assert not lazy[6:].any()  # train_epochs calls forward and backward itself


def test_a_network_with_each_feature_gets_its_kernels():
    exp = Experiment.from_dict({
        "data": {"name": "spiral", "classes": 3},
        "layers": [{"type": "maxout", "units": 3, "pieces": 2}, {"type": "dropout", "rate": 0.2},
                   {"type": "dense", "units": 4, "activation": "elu"}],
        "optimizer": {"name": "adam"},
    })
    table = exp.net.layout.table
    assert all(cpu.lazy_kernels(table, exp.net.opt, backward=True)[:8])
    assert cpu.lazy_kernels(table)[STEP] == 0  # no optimizer asked for: evaluate and the maps


WORK = """
from playground import Experiment
e = Experiment.from_dict({})
e.warmup()
e.train(2)
e.predict_grid(20)
e.backprop_trace((0.5, 0.5), 1)
f = Experiment.from_dict({"data": {"name": "spiral", "classes": 3}, "optimizer": {"name": "adam"},
                          "layers": [{"type": "maxout", "units": 3, "pieces": 2}, {"type": "dropout"},
                                     {"type": "dense", "units": 4, "activation": "elu"}]})
f.train(2)
f.predict_grid(20)
f.loss_and_gradients(f.dataset.x_test[:4], f.dataset.y_test[:4])
"""

COUNT = """
from numba.core import event
compiled = []
class Listener(event.Listener):
    def on_start(self, ev):
        compiled.append(ev.data["dispatcher"].py_func.__module__)
    def on_end(self, ev):
        pass
event.register("numba:compile", Listener())
""" + WORK + """
print(sum(m.startswith("kernels") for m in compiled))
"""


def test_a_second_process_compiles_nothing(tmp_path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba"), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", WORK], env=env, cwd=ROOT, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", COUNT], env=env, cwd=ROOT, check=True, capture_output=True,
                         text=True)
    assert out.stdout.split()[-1] == "0", out.stdout
