"""predict_grid's float32 frame (backend maps(low=)): for dense networks with the common activations the
whole pass runs in float32 (kernels/frame.py), within float32 rounding of the float64 maps; for anything
else the float64 pass, its maps rounded as astype rounds them, bit for bit."""

import numpy as np
import pytest

from kernels import frame
from playground import Experiment

# float32 rounding through a few layers: a map's values (tanh, sigmoid: in [-1, 1]) within this of the
# float64 pass's, relu and linear ones within this times max(1, the map's largest value)
TOL = 1e-5


def _trained(layers, seed=3, epochs=5, **config):
    exp = Experiment.from_dict({"seed": seed, "layers": layers, **config})
    exp.train(epochs)
    return exp


def _close(a, b, what=""):
    """Within TOL, scaled by the map's size for values past 1 (relu, linear); NaN nowhere."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(b)), what
    scale = max(1.0, float(np.max(np.abs(a)))) if a.size else 1.0
    err = float(np.max(np.abs(a - b))) if a.size else 0.0
    assert err < TOL * scale, f"{what}: max |float32 - float64| = {err:.3g} (scale {scale:.3g})"


@pytest.mark.parametrize("neurons", [None, 3, 0])
def test_float32_maps_are_the_float64_maps_within_float32_rounding(neurons):
    layers = [{"type": "dense", "units": u, "activation": a} for u, a in ((8, "tanh"), (5, "relu"), (7, "tanh"))]
    exp = _trained(layers)
    assert frame.supports(exp.net.layout.table)
    wide = exp.predict_grid(37, neurons=neurons)
    low = exp.predict_grid(37, neurons=neurons, dtype=np.float32)
    assert low["output"].dtype == np.float64 and low["output"].shape == wide["output"].shape
    _close(wide["output"], low["output"], "output")
    assert np.array_equal(wide["features"].astype(np.float32), low["features"])
    assert len(wide["neurons"]) == len(low["neurons"]) == 3
    for i, (a, b) in enumerate(zip(wide["neurons"], low["neurons"])):
        assert b.dtype == np.float32 and b.shape == a.shape
        _close(a, b, f"layer {i}")
    assert not np.array_equal(wide["output"], low["output"])  # the float32 pass, not the float64 one rounded


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "linear", "leaky_relu", "prelu"])
def test_each_supported_activation_agrees_with_the_float64_pass(act):
    layers = [{"type": "dense", "units": 12, "activation": act}, {"type": "dense", "units": 6, "activation": act}]
    exp = _trained(layers, seed=5, epochs=20, features=["x1", "x2", "x1^2", "sin(x2)"])
    assert frame.supports(exp.net.layout.table)
    wide = exp.predict_grid(41)
    low = exp.predict_grid(41, neurons=32, dtype=np.float32)
    _close(wide["output"], low["output"], "output")
    for i, (a, b) in enumerate(zip(wide["neurons"], low["neurons"])):
        _close(a, b, f"{act} layer {i}")


def test_a_wide_trained_network_agrees_with_the_float64_pass():
    features = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    layers = [{"type": "dense", "units": 40, "activation": "tanh"}] * 3
    exp = _trained(layers, seed=1, epochs=30, features=features)
    wide = exp.predict_grid(30)
    low = exp.predict_grid(30, neurons=32, dtype=np.float32)
    _close(wide["output"], low["output"], "output")
    for i, (a, b) in enumerate(zip(wide["neurons"], low["neurons"])):
        assert b.shape == a[:, :, :32].shape
        _close(a[:, :, :32], b, f"layer {i}")


@pytest.mark.parametrize("layers", [
    [{"type": "maxout", "units": 4, "pieces": 2}, {"type": "dense", "units": 3, "activation": "tanh"}],
    [{"type": "dense", "units": 6, "activation": "tanh"}, {"type": "dropout", "rate": 0.3},
     {"type": "dense", "units": 4, "activation": "tanh"}],
    [{"type": "dense", "units": 5, "activation": "elu"}],
])
def test_other_networks_take_the_float64_pass_rounded(layers):
    exp = _trained(layers)
    assert not frame.supports(exp.net.layout.table)
    wide = exp.predict_grid(23)
    low = exp.predict_grid(23, dtype=np.float32)
    assert np.array_equal(wide["output"], low["output"]) and low["output"].dtype == np.float64
    for a, b in zip(wide["neurons"], low["neurons"]):
        assert b.dtype == np.float32
        assert np.array_equal(a.astype(np.float32).view(np.uint32), b.view(np.uint32))


def _frame_maps(exp, x):
    cols = np.arange(exp.net.layout.width)[exp.n_inputs:]  # the hidden columns and the output
    cols = np.concatenate([exp._output_columns(), cols])
    return exp.backend.maps(exp.net, x, cols, low=exp.n_outputs)


def test_a_point_gets_the_same_bits_whatever_the_chunking_and_deterministic():
    layers = [{"type": "dense", "units": u, "activation": a} for u, a in ((9, "tanh"), (6, "sigmoid"), (5, "relu"))]
    exp = _trained(layers)
    for res in (7, 100, 101):
        g = exp.predict_grid(res, neurons=4, dtype=np.float32)
        again = exp.predict_grid(res, neurons=4, dtype=np.float32)
        assert np.array_equal(g["output"], again["output"])
        assert all(np.array_equal(a, b) for a, b in zip(g["neurons"], again["neurons"]))
    x = np.random.default_rng(0).uniform(-6, 6, (1000, 2))
    out, rest = _frame_maps(exp, x)
    for part in (slice(0, 7), slice(3, 300), slice(250, 1000), slice(999, 1000)):  # other chunk boundaries
        o, r = _frame_maps(exp, x[part])
        assert np.array_equal(o, out[:, part]) and np.array_equal(r, rest[:, part])
    backwards = _frame_maps(exp, x[::-1].copy())
    assert np.array_equal(backwards[0], out[:, ::-1]) and np.array_equal(backwards[1], rest[:, ::-1])


def test_the_float32_pass_agrees_with_a_numpy_float32_forward():
    layers = [{"type": "dense", "units": 10, "activation": "tanh"}, {"type": "dense", "units": 7, "activation": "sigmoid"}]
    exp = _trained(layers, seed=2)
    x = np.random.default_rng(1).uniform(-6, 6, (500, 2))
    out, rest = _frame_maps(exp, x)
    a = x.astype(np.float32)
    acts = []
    for w, (layer, fn) in zip(exp.get_weights(), ((0, np.tanh), (1, lambda z: 1 / (1 + np.exp(-z))), (2, None))):
        z = a @ w["W"].astype(np.float32) + w["b"].astype(np.float32)
        a = z if fn is None else fn(z).astype(np.float32)
        acts.append(a)
    np.testing.assert_allclose(out[0], acts[-1][:, 0], rtol=0, atol=TOL)
    np.testing.assert_allclose(rest[:10].T, acts[0], rtol=0, atol=TOL)
    np.testing.assert_allclose(rest[10:17].T, acts[1], rtol=0, atol=TOL)


def test_a_grid_does_not_share_its_features_with_the_next():
    exp = Experiment.from_dict({})
    first = exp.predict_grid(20)
    first["features"][:] = 7.0  # a caller may write into what it got
    assert not np.any(exp.predict_grid(20)["features"] == 7.0)


def test_a_window_s_first_frame_takes_the_float64_pass_until_the_rest_is_warm():
    exp = _trained([{"type": "dense", "units": 6, "activation": "tanh"}])
    exp.warmup(rest=False)  # what a window's first frame waits for: not the frame kernel (kernels/frame.py)
    wide = exp.predict_grid(15)
    first = exp.predict_grid(15, dtype=np.float32)
    assert np.array_equal(wide["output"], first["output"])
    assert np.array_equal(wide["neurons"][0].astype(np.float32), first["neurons"][0])
    exp.warmup(first=False)
    later = exp.predict_grid(15, dtype=np.float32)
    _close(wide["neurons"][0], later["neurons"][0])
    assert not np.array_equal(wide["output"], later["output"])


def test_the_frame_kernel_can_come_after_the_training_kernels():
    """A window's start: warmup(rest=False), warmup(first=False, frame=False) (training can start),
    then warmup(first=False, rest=False) on the painter's thread: float64 frames until that last step."""
    exp = _trained([{"type": "dense", "units": 6, "activation": "tanh"}])
    exp.warmup(rest=False)
    exp.warmup(first=False, frame=False)
    exp.train(1)
    wide = exp.predict_grid(15)
    assert np.array_equal(wide["output"], exp.predict_grid(15, dtype=np.float32)["output"])
    exp.warmup(first=False, rest=False)
    later = exp.predict_grid(15, dtype=np.float32)
    _close(wide["neurons"][0], later["neurons"][0])
    assert not np.array_equal(wide["output"], later["output"])
