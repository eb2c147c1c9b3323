"""The optimizer landscape (issue 16, part 1): surfaces, their gradients, and races that equal
torch.optim step for step (frozen in tests/data/landscape_torch.json by
tests/tools/make_landscape_reference.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

from playground import ConfigError
from playground.landscape import grid, race, steps_to_reach, surface, surfaces

REFERENCE = json.loads((Path(__file__).parent / "data" / "landscape_torch.json").read_text())


@pytest.mark.parametrize("name", sorted(surfaces()))
def test_gradient_matches_finite_differences(name):
    s = surface(name)
    rng = np.random.default_rng(3)
    (x0, x1), (y0, y1) = s.extent
    for x, y in zip(rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)):
        h = 1e-6
        fd = (
            (s.value(x + h, y) - s.value(x - h, y)) / (2 * h),
            (s.value(x, y + h) - s.value(x, y - h)) / (2 * h),
        )
        np.testing.assert_allclose(s.grad(x, y), fd, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("name", sorted(surfaces()))
def test_minima_are_minima(name):
    s = surface(name)
    for mx, my in s.minima:
        assert np.hypot(*s.grad(mx, my)) < 1e-3
        assert s.value(mx, my) < 1e-8
    assert grid(s, 50).shape == (50, 50)


@pytest.mark.parametrize(
    "case", REFERENCE["cases"], ids=lambda c: f"{c['surface']}-{c['optimizer']['name']}"
)
def test_race_equals_torch_optim(case):
    s = surface(case["surface"])
    (path,) = race(s, [case["optimizer"]], s.start, REFERENCE["steps"])
    expected = np.array(case["path"])
    assert np.all(np.isfinite(expected))
    np.testing.assert_allclose(
        path, expected, rtol=1e-8, atol=1e-10
    )  # rounding order: NAdam on the saddle 2e-9


def test_several_optimizers_race_at_once_and_momentum_crosses_the_bowl_sooner():
    s = surface("bowl")
    sgd = {"name": "sgd", "lr": 0.03}
    momentum = {"name": "momentum", "lr": 0.03, "momentum": 0.9}
    paths = race(s, [sgd, momentum], s.start, 400)
    assert [p.shape for p in paths] == [(401, 2), (401, 2)]
    reached = [steps_to_reach(s, p, 1e-2) for p in paths]
    assert None not in reached and reached[1] < reached[0]  # momentum sooner along the flat x


def test_a_diverging_path_stops_at_the_last_finite_point():
    s = surface("bowl")
    (path,) = race(s, [{"name": "sgd", "lr": 1.0}], s.start, 2000)  # lr far over 2/50
    finite = np.all(np.isfinite(path), axis=1)
    assert finite[0] and not finite[-1]
    assert np.all(finite[: np.argmin(finite)])  # finite up to where it stopped, NaN after


def test_bad_requests_are_refused_in_plain_words():
    with pytest.raises(ConfigError, match="no surface called 'moon'"):
        surface("moon")
    s = surface("saddle")
    with pytest.raises(ConfigError, match="start point"):
        race(s, [{"name": "sgd", "lr": 0.1}], (float("nan"), 0.0), 10)
    with pytest.raises(ConfigError, match="steps"):
        race(s, [{"name": "sgd", "lr": 0.1}], (0.0, 0.0), -1)
    with pytest.raises(ConfigError, match=r"optimizer\.eps"):
        race(s, [{"name": "adam", "eps": 0}], (0.0, 0.0), 10)
    assert steps_to_reach(s, np.zeros((3, 2))) is None  # a saddle has no lowest point


def test_the_network_surface_is_the_experiments_loss_along_two_directions():
    from playground import Experiment
    from playground.landscape import network_surface

    exp = Experiment({"layers": [{"units": 4}, {"units": 3}], "optimizer": {"name": "adam", "lr": 0.01}})
    exp.train(50)
    before = exp.get_weights()
    s = network_surface(exp)
    x, y = exp.dataset.x_train, exp.dataset.y_train
    assert s.value(0.0, 0.0) == pytest.approx(exp.loss_and_gradients(x, y)[0], rel=1e-12)
    for a, b in ((0.3, -0.2), (-0.7, 0.5)):
        h = 1e-6
        fd = ((s.value(a + h, b) - s.value(a - h, b)) / (2 * h),
              (s.value(a, b + h) - s.value(a, b - h)) / (2 * h))
        np.testing.assert_allclose(s.grad(a, b), fd, rtol=1e-5, atol=1e-8)
    (path,) = race(s, [{"name": "sgd", "lr": 0.05}], s.start, 200)
    assert s.value(*path[-1]) < s.value(*path[0])  # downhill
    for w, v in zip(before, exp.get_weights()):  # the experiment itself is untouched
        np.testing.assert_array_equal(w["W"], v["W"])
    assert grid(s, 9).shape == (9, 9)


def test_a_path_that_runs_off_to_huge_numbers_stops_without_an_error():
    s = surface("beale")  # x·y³ overflows a float past ~1e100
    (path,) = race(s, [{"name": "sgd", "lr": 1.0}], (4.4, 4.4), 100)
    finite = np.all(np.isfinite(path), axis=1)
    assert finite[0] and not finite[-1]


def test_a_diverged_networks_surface_is_made_without_warnings():
    """Found by tools/monkey.py: the landscape of a network whose weights overflowed printed
    numpy's "overflow encountered" on stderr; it is drawn as what it is, quietly."""
    import warnings

    from playground import Experiment
    from playground.landscape import network_surface

    exp = Experiment({})
    weights = exp.get_weights()
    weights[0]["W"][:] = 1e300
    exp.set_weights(weights)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        network_surface(exp)
