"""kernels/maths.py against the NumPy reference and finite differences, for every code in codes.py.

Each check walks the names of codes.py (ACTIVATIONS, LOSS_CODES, OPTIMIZERS), so a code added there
without a rule in maths.py fails here. The same checks run on maths.py loaded with every code tuple
reversed: the rules are looked up by name, so reordering codes.py cannot swap two of them.
"""

import ast
import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kernels import codes as C
from kernels import cpu, maths
from kernels.layout import LayerDesc, build_layout

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref

ROOT = Path(__file__).resolve().parent.parent
KINKS = (0.0, 20.0)  # where an activation's derivative jumps (relu-like at 0, softplus at 20)
Z = np.array([z for z in np.linspace(-6.0, 24.0, 121) if min(abs(z - k) for k in KINKS) > 1e-3])
ALPHA = 0.3  # a PReLU slope
HP_SLOTS = {"lr": C.HP_LR, "momentum": C.HP_MOMENTUM, "eps": C.HP_EPS, "alpha": C.HP_ALPHA, "rho": C.HP_RHO,
            "momentum_decay": C.HP_MOMENTUM_DECAY, "lr_decay": C.HP_LR_DECAY}
TASK_CLASSES = {"binary": 2, "multi": 3, "regression": None}


def close(a, b, what, rtol=1e-10, atol=1e-12):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=what)


# ---------------------------------------------------------------- activations
def check_activations(m, codes):
    for name in codes.ACTIVATIONS:
        assert name in ref.ACTIVATIONS, f"{name}: no NumPy reference"
        f, df = ref.ACTIVATIONS[name]
        code = codes.ACT[name]
        value = np.array([m.act_value(code, z, ALPHA) for z in Z])
        close(value, f(Z, ALPHA), f"{name}: value")
        slope = np.array([m.act_slope(code, z, a, ALPHA) for z, a in zip(Z, value)])
        close(slope, df(Z, ALPHA), f"{name}: derivative vs the reference")
        h = 1e-6
        fd = np.array([(m.act_value(code, z + h, ALPHA) - m.act_value(code, z - h, ALPHA)) / (2 * h) for z in Z])
        close(slope, fd, f"{name}: derivative vs finite differences", rtol=1e-6, atol=1e-7)


def test_every_activation_matches_numpy_and_finite_differences():
    check_activations(maths, C)


def test_the_compiled_cpu_activations_match_too():
    for name in C.ACTIVATIONS:
        f, df = ref.ACTIVATIONS[name]
        value = np.array([cpu.act_f(C.ACT[name], z, ALPHA) for z in Z])
        close(value, f(Z, ALPHA), f"{name}: cpu value", rtol=1e-14)
        slope = np.array([cpu.act_d(C.ACT[name], z, a, ALPHA) for z, a in zip(Z, value)])
        close(slope, df(Z, ALPHA), f"{name}: cpu derivative", rtol=1e-14)


# ---------------------------------------------------------------- losses
def scores_and_targets(task, seed=0, batch=5):
    rng = np.random.default_rng(seed)
    k = TASK_CLASSES[task]
    n_out = 1 if k in (None, 2) else k
    S = rng.normal(0.0, 1.5, (n_out, batch))
    if k is None:
        y = rng.normal(0.0, 1.0, batch)
    else:
        y = (np.arange(batch) % k).astype(float)
    return S, y, n_out


def maths_loss(m, code, S, y, n_out):
    """(mean loss, dL/dS, correct) over the columns of S, through m.sample_loss."""
    batch = S.shape[1]
    D = np.zeros_like(S)
    total, correct = 0.0, 0
    for b in range(batch):
        total, hit = m.sample_loss(code, S, D, 0, b, n_out, y[b], total, True, 1.0 / batch)
        correct += hit
    return total / batch, D, correct


def check_losses(m, codes):
    assert sorted(codes.LOSS_CODES.values()) == list(range(len(codes.LOSS_CODES))), "a loss code has no name"
    for (task, name), code in codes.LOSS_CODES.items():
        S, y, n_out = scores_and_targets(task)
        value, D, _ = maths_loss(m, code, S, y, n_out)
        k = TASK_CLASSES[task]
        want, dS = ref.loss_from_scores(S.T, y, "regression" if k is None else "classification", k, name)
        close(value, want, f"{task} {name}: loss")
        close(D, dS.T, f"{task} {name}: gradient vs the reference")
        h = 1e-6
        fd = np.zeros_like(S)
        for i in np.ndindex(S.shape):
            up, down = S.copy(), S.copy()
            up[i] += h
            down[i] -= h
            fd[i] = (maths_loss(m, code, up, y, n_out)[0] - maths_loss(m, code, down, y, n_out)[0]) / (2 * h)
        close(D, fd, f"{task} {name}: gradient vs finite differences", rtol=1e-5, atol=1e-8)


def test_every_loss_matches_numpy_and_finite_differences():
    check_losses(maths, C)


def test_the_compiled_cpu_losses_match_too():
    for (task, name), code in C.LOSS_CODES.items():
        S, y, n_out = scores_and_targets(task, seed=1, batch=7)
        value, D, correct = maths_loss(maths, code, S, y, n_out)
        Dc = np.zeros_like(S)
        rows = np.arange(S.shape[1])
        total, hits = cpu.loss_rows(S, Dc, y, rows, 0, S.shape[1], 0, n_out, code, True)
        close(total / S.shape[1], value, f"{task} {name}: cpu loss", rtol=1e-14)
        close(Dc, D, f"{task} {name}: cpu gradient", rtol=1e-14)
        assert hits == correct, f"{task} {name}: correct predictions"


# ---------------------------------------------------------------- optimizers
def hp_vector(codes, name):
    """The HP_* vector of the reference's defaults for optimizer `name`."""
    hp = np.zeros(codes.N_HP)
    for key, value in ref.OPTIMIZER_DEFAULTS[name].items():
        if key == "betas":
            hp[codes.HP_BETA1], hp[codes.HP_BETA2] = value
        elif key != "initial_accumulator_value":
            hp[HP_SLOTS[key]] = value
    return hp


def maths_steps(m, opt, hp, w, grads):
    """w after one step per gradient of grads, through m.layer_coefs and m.step_params."""
    w = w.copy()
    s1, s2 = np.zeros_like(w), np.zeros_like(w)
    prod = 1.0
    for t, g in enumerate(grads, start=1):
        k, prod = m.layer_coefs(opt, hp, float(t), prod)
        m.step_params(opt, k, w, g, s1, s2, 0, w.size)
    return w


def check_optimizers(m, codes):
    rng = np.random.default_rng(2)
    w0 = rng.normal(size=6)
    grads = rng.normal(size=(4, 6))
    for name in codes.OPTIMIZERS:
        assert name in ref.OPTIMIZER_DEFAULTS, f"{name}: no NumPy reference"
        hp = hp_vector(codes, name)
        want = w0.copy()
        state = ref.init_optimizer(name, {})
        for g in grads:
            ref.optimizer_step(name, {}, [want], [g], state)
        close(maths_steps(m, codes.OPT[name], hp, w0, grads), want, f"{name}: weights after 4 steps")


def test_every_optimizer_matches_numpy():
    check_optimizers(maths, C)


def test_the_compiled_cpu_optimizers_match_too():
    lay = build_layout(2, [LayerDesc(C.DENSE, 2, C.LINEAR)])  # 6 parameters: W (2 x 2), b
    rng = np.random.default_rng(3)
    w0 = rng.normal(size=lay.n_params)
    grads = rng.normal(size=(4, lay.n_params))
    for name in C.OPTIMIZERS:
        hp = hp_vector(C, name)
        params, s1, s2 = w0.copy(), np.zeros(lay.n_params), np.zeros(lay.n_params)
        steps = np.zeros((1, 2))
        steps[:, 1] = 1.0
        for g in grads:
            cpu.optimizer_step(lay.table, params, g.copy(), C.OPT[name], hp, s1, s2, steps)
        close(params, maths_steps(maths, C.OPT[name], hp, w0, grads), f"{name}: cpu", rtol=1e-14)


# ---------------------------------------------------------------- codes without a rule, reordered codes
def test_a_code_without_a_rule_gives_nan():
    assert math.isnan(maths.act_value(len(C.ACTIVATIONS), 0.5, ALPHA))
    assert math.isnan(maths.act_slope(len(C.ACTIVATIONS), 0.5, 0.5, ALPHA))
    k, _ = maths.layer_coefs(len(C.OPTIMIZERS), hp_vector(C, "sgd"), 1.0, 1.0)
    w = np.ones(2)
    maths.step_params(len(C.OPTIMIZERS), k, w, np.ones(2), np.zeros(2), np.zeros(2), 0, 2)
    assert np.isnan(w).all()
    S, y, n_out = scores_and_targets("binary")
    assert math.isnan(maths_loss(maths, len(C.LOSS_CODES), S, y, n_out)[0])
    S, y, n_out = scores_and_targets("multi")
    assert math.isnan(maths_loss(maths, len(C.LOSS_CODES), S, y, n_out)[0])


def _reversed_codes(monkeypatch):
    """Reverse every code tuple of codes.py in place (monkeypatch undoes it)."""
    acts = tuple(reversed(C.ACTIVATIONS))
    opts = tuple(reversed(C.OPTIMIZERS))
    monkeypatch.setattr(C, "ACTIVATIONS", acts)
    monkeypatch.setattr(C, "ACT", {n: i for i, n in enumerate(acts)})
    monkeypatch.setattr(C, "OPTIMIZERS", opts)
    monkeypatch.setattr(C, "OPT", {n: i for i, n in enumerate(opts)})
    n = len(C.LOSS_CODES)
    names = ("BCE", "MSE_SIGMOID", "HINGE", "CE", "MSE_SOFTMAX", "MULTI_MARGIN", "MSE")
    new = {name: n - 1 - getattr(C, name) for name in names}
    old_to_new = {getattr(C, name): new[name] for name in names}
    monkeypatch.setattr(C, "LOSS_CODES", {key: old_to_new[code] for key, code in C.LOSS_CODES.items()})
    for name, code in new.items():
        monkeypatch.setattr(C, name, code)


def test_reordering_the_codes_keeps_every_rule_with_its_name(monkeypatch):
    _reversed_codes(monkeypatch)
    spec = importlib.util.spec_from_file_location("kernels.maths_reordered", ROOT / "kernels" / "maths.py")
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    assert m.LINEAR == len(C.ACTIVATIONS) - 1 and m.SGD == len(C.OPTIMIZERS) - 1
    check_activations(m, C)
    check_losses(m, C)
    check_optimizers(m, C)


CODE_NAMES = {"code", "act", "opt", "loss", "reg_kind", "kind"}


@pytest.mark.parametrize("module", ["maths", "cpu", "cuda"])
def test_kernels_compare_codes_by_name_and_read_hp_by_slot(module):
    """No `opt == 3`, `loss != 6` or `hp[2]`: codes and hyper-parameter slots come from codes.py by name."""
    tree = ast.parse((ROOT / "kernels" / f"{module}.py").read_text())
    bare = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            names = {s.id for s in sides if isinstance(s, ast.Name)}
            ints = [s for s in sides if isinstance(s, ast.Constant) and type(s.value) is int]
            if names & CODE_NAMES and ints:
                bare.append(f"line {node.lineno}: {ast.unparse(node)}")
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "hp"
                and isinstance(node.slice, ast.Constant)):
            bare.append(f"line {node.lineno}: {ast.unparse(node)}")
    assert not bare, f"kernels/{module}.py uses bare codes or slots: {bare}"


# ---------------------------------------------------------------- splitmix64, and what the CPU imports
def test_splitmix64_is_the_published_sequence_everywhere():
    # splitmix64 from state 0 (Steele, Lea & Flood 2014; Vigna's reference splitmix64.c)
    want = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]
    state = np.zeros(1, dtype=np.uint64)
    assert [int(cpu.next_u64(state)) for _ in want] == want
    s, got = 0, []
    for _ in want:
        s, z = maths.host_splitmix64(s)
        got.append(z)
    assert got == want
    bits = np.uint64(0xFFFFFFFFFFFFFFFF)
    assert maths.unit_interval(bits) < 1.0 and maths.unit_interval(np.uint64(0)) == 0.0


def test_importing_the_cpu_kernels_does_not_load_numba_cuda():
    code = "import sys, kernels.cpu; print(any(m == 'numba.cuda' or m.startswith('numba.cuda.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
