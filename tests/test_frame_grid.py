"""Frames of a large network (issue 13): the boundary gets coarser while it trains and is whole
again when paused; the neuron thumbnails are small and only as many as a view draws."""

import numpy as np

from playground.session.session import (
    MIN_TRAINING_RESOLUTION,
    NEURON_MAPS,
    NEURON_RESOLUTION,
    Session,
)

ALL_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
WIDE = {"features": ALL_FEATURES, "layers": [{"units": 256}] * 8, "batch_size": "full"}


def frame(s: Session, playing: bool):
    return s.frame(resolution=100, history_after=None, with_data=False, playing=playing)


def test_a_wide_network_draws_coarser_while_training_and_whole_when_paused():
    s = Session(WIDE)  # ~5 G multiply-adds for a 100 × 100 grid: far over a frame's budget
    for _ in range(2):  # its cost is not known yet (the first grid may include compiling): as asked
        first = frame(s, playing=True)
        assert first.resolution == 100 and first.output.shape == (100, 100)
    training = frame(s, playing=True)
    r = training.resolution
    assert MIN_TRAINING_RESOLUTION <= r < 100 and training.full_resolution == 100
    assert training.output.shape == (r, r)
    ticks = np.linspace(*training.extent, r)
    gx, gy = np.meshgrid(ticks, ticks)
    expected = s.exp.predict(np.column_stack([gx.ravel(), gy.ravel()])).reshape(r, r)
    # the float32 pass (kernels/frame.py): the thumbnails' at most 48 x 48, else the boundary's own
    np.testing.assert_allclose(training.output, expected, rtol=1e-6, atol=1e-5)
    paused = frame(s, playing=False)
    assert paused.resolution == 100 and paused.output.shape == (100, 100)
    ticks = np.linspace(*paused.extent, 100)
    gx, gy = np.meshgrid(ticks, ticks)
    exact = s.exp.predict(np.column_stack([gx.ravel(), gy.ravel()])).reshape(100, 100)
    np.testing.assert_allclose(paused.output, exact, rtol=1e-6, atol=1e-5)
    for maps in paused.neurons:
        assert maps.shape == (NEURON_RESOLUTION, NEURON_RESOLUTION, NEURON_MAPS)  # of 256 units


def test_a_small_network_keeps_its_resolution_while_training():
    s = Session({})
    for _ in range(3):
        snap = frame(s, playing=True)
        assert snap.resolution == 100 and snap.output.shape == (100, 100)
    assert [m.shape for m in snap.neurons] == [(48, 48, 4), (48, 48, 2)]


def test_neuron_thumbnails_equal_the_layers_outputs():
    s = Session({"layers": [{"units": 5, "activation": "tanh"}]})
    snap = frame(s, playing=False)
    ticks = np.linspace(*snap.extent, NEURON_RESOLUTION)
    gx, gy = np.meshgrid(ticks, ticks)
    hidden = s.exp.hidden_outputs(np.column_stack([gx.ravel(), gy.ravel()]))[0]
    # the thumbnails' pass runs in float32 (kernels/frame.py): within float32 rounding of the float64 outputs
    np.testing.assert_allclose(snap.neurons[0], hidden.reshape(48, 48, 5), rtol=0, atol=1e-5)
    assert not np.array_equal(snap.neurons[0], hidden.reshape(48, 48, 5).astype(np.float32))  # it is the float32 pass


def _parts(s: Session, **kw):
    return s.frame_parts(resolution=40, history_after=None, with_data=False, playing=True, **kw)


def test_a_frame_drawn_elsewhere_shows_the_network_as_it_was_when_the_frame_was_made():
    s = Session({"layers": [{"units": 6, "activation": "tanh"}, {"units": 3, "activation": "relu"}]})
    s.train(3)
    before = s.frame(resolution=40, history_after=None, with_data=False, playing=True)
    snap, draw = _parts(s, elsewhere=True)
    assert snap.output.size == 0 and snap.neurons == [], "not drawn yet"
    s.train(20)  # the engine trains on while the painter has the frame
    draw()
    assert snap.epoch == before.epoch
    np.testing.assert_array_equal(snap.output, before.output)
    for a, b in zip(snap.neurons, before.neurons, strict=True):
        np.testing.assert_array_equal(a, b)
    now = s.frame(resolution=40, history_after=None, with_data=False, playing=True)
    assert not np.array_equal(now.output, snap.output), "training moved the boundary"


def test_a_frozen_copy_keeps_its_weights_and_config_apart():
    s = Session({})
    twin = s.exp.frozen()
    w = twin.get_weights()
    s.train(5)
    s.exp.config["layers"][0]["units"] = 99  # what an edit in place would do
    for a, b in zip(twin.get_weights(), w, strict=True):
        for k in a:
            np.testing.assert_array_equal(a[k], b[k])
    assert twin.config["layers"][0]["units"] == 4
    assert twin.epoch == 0 and s.exp.epoch == 5
