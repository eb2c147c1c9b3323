"""predict_grid's float32 neuron maps, which the kernel now rounds as it copies them out (backend maps(low=)),
against the float64 maps rounded afterwards by astype, as they were before: the same bits."""

import numpy as np
import pytest

from playground import Experiment


@pytest.mark.parametrize("neurons", [None, 3, 0])
def test_float32_maps_are_the_float64_maps_rounded(neurons):
    layers = [{"type": "dense", "units": u, "activation": a} for u, a in ((8, "tanh"), (5, "relu"), (7, "tanh"))]
    exp = Experiment.from_dict({"seed": 3, "layers": layers})
    exp.train(5)
    wide = exp.predict_grid(37, neurons=neurons)
    low = exp.predict_grid(37, neurons=neurons, dtype=np.float32)
    assert np.array_equal(wide["output"], low["output"]) and low["output"].dtype == np.float64
    assert np.array_equal(wide["features"].astype(np.float32), low["features"])
    assert len(wide["neurons"]) == len(low["neurons"]) == 3
    for a, b in zip(wide["neurons"], low["neurons"]):
        assert b.dtype == np.float32 and b.shape == a.shape
        assert np.array_equal(a.astype(np.float32).view(np.uint32), b.view(np.uint32))


def test_a_grid_does_not_share_its_features_with_the_next():
    exp = Experiment.from_dict({})
    first = exp.predict_grid(20)
    first["features"][:] = 7.0  # a caller may write into what it got
    assert not np.any(exp.predict_grid(20)["features"] == 7.0)
