"""The headless Experiment API: defaults, determinism, errors, files and the classic results."""

import re

import numpy as np
import pytest

from playground import ConfigError, Experiment
from playground.presets import load_preset


def small(**over):
    cfg = {"data": {"n_samples": 60}, "layers": [{"type": "dense", "units": 3, "activation": "tanh"}]}
    cfg.update(over)
    return cfg


def test_empty_config_is_tensorflow_playgrounds_default():
    exp = Experiment.from_dict({})
    c = exp.config
    assert c["data"]["name"] == "circle" and c["features"] == ["x1", "x2"]
    assert [(l["units"], l["activation"]) for l in c["layers"]] == [(4, "tanh"), (2, "tanh")]
    assert c["optimizer"] == {"name": "sgd", "lr": 0.03} and c["batch_size"] == 10
    assert len(exp.dataset.x_train) == 250 and len(exp.dataset.x_test) == 250
    assert [w["W"].shape for w in exp.get_weights()] == [(2, 4), (4, 2), (2, 1)]
    assert exp.parameter_count == 2 * 4 + 4 + 4 * 2 + 2 + 2 + 1


def test_same_seed_same_numbers_with_dropout_and_shuffles():
    cfg = small(layers=[{"type": "dense", "units": 5, "activation": "relu"}, {"type": "dropout", "rate": 0.3}],
                optimizer={"name": "adam", "lr": 0.01}, batch_size=7, seed=5)
    a, b = Experiment.from_dict(cfg), Experiment.from_dict(cfg)
    a.train(20), b.train(20)
    assert a.history["train_loss"] == b.history["train_loss"]
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        assert np.array_equal(wa["W"], wb["W"]) and np.array_equal(wa["b"], wb["b"])
    chunks = Experiment.from_dict(cfg)
    chunks.train(7), chunks.train(13)
    assert chunks.history["train_loss"] == a.history["train_loss"], "chunked training equals one call"
    c = Experiment.from_dict({**cfg, "seed": 6})
    c.train(20)
    assert c.history["train_loss"] != a.history["train_loss"]


def test_history_and_record_every():
    exp = Experiment.from_dict(small())
    exp.train(10, record_every=4)
    assert exp.history["epoch"] == [4, 8, 10] and exp.epoch == 10
    assert len(exp.history["grad_norms"][-1]) == 2
    exp.train(1)
    assert exp.history["epoch"][-1] == 11
    assert exp.last()["test_loss"] == pytest.approx(exp.evaluate()["test_loss"], abs=1e-15)


@pytest.mark.parametrize("cfg, key", [
    ({"nonsense": 1}, "config.nonsense"),
    ({"seed": -1}, "seed"),
    ({"seed": "a"}, "seed"),
    ({"task": "ranking"}, "task"),
    ({"data": {"name": "moon"}}, "data.name"),
    ({"data": {"noise": 0.9}}, "data.noise"),
    ({"data": {"test_ratio": 0.95}}, "data.test_ratio"),
    ({"data": {"name": "plane"}}, "data.name"),
    ({"features": ["x3"]}, "features"),
    ({"features": ["x1^3"]}, "features"),
    ({"data": {"name": "xor"}, "features": ["log(x1)"]}, "log(x1)"),
    ({"features": []}, "features"),
    ({"features": ["x1", "x1"]}, "twice"),
    ({"layers": {"units": 3}}, "layers"),
    ({"layers": [{"type": "conv"}]}, "layers[0].type"),
    ({"layers": [{"units": 0}]}, "layers[0].units"),
    ({"layers": [{"units": 2000}]}, "layers[0].units"),
    ({"layers": [{"activation": "swish"}]}, "layers[0].activation"),
    ({"layers": [{"type": "maxout", "pieces": 1}]}, "layers[0].pieces"),
    ({"layers": [{"type": "dropout", "rate": 1.0}]}, "layers[0].rate"),
    ({"layers": [{"type": "dropout", "units": 3}]}, "layers[0].units"),
    ({"layers": [{"frozen": "yes"}]}, "layers[0].frozen"),
    ({"task": "regression", "loss": "hinge"}, "regression"),
    ({"loss": "kl"}, "loss"),
    ({"regularization": {"kind": "l3"}}, "regularization.kind"),
    ({"regularization": {"kind": "l2", "rate": -1}}, "regularization.rate"),
    ({"optimizer": {"name": "lbfgs"}}, "optimizer.name"),
    ({"optimizer": {"name": "sgd", "betas": [0.9, 0.99]}}, "optimizer.betas"),
    ({"optimizer": {"name": "adam", "betas": [0.9]}}, "optimizer.betas"),
    ({"optimizer": {"name": "adam", "lr": "fast"}}, "optimizer.lr"),
    ({"batch_size": 0}, "batch_size"),
    ({"batch_size": "half"}, "batch_size"),
    ({"init": "ones"}, "init"),
    ({"init": {"name": "normal", "std": 0}}, "init.std"),
    ({"init": {"name": "he"}}, "init"),
    ({"backend": "tpu"}, "backend"),
    ({"version": 99}, "newer version"),
    ({"data": {"name": "csv", "path": "/no/such/file.csv"}}, "no such file"),
    ({"data": {"name": "points", "points": [[0, 0, 0], [1, 1, 1], [2, float("nan"), 0], [3, 3, 1]]}}, "data.points"),
])
def test_bad_config_names_the_key(cfg, key):
    with pytest.raises(ConfigError, match=re.escape(key)):
        Experiment.from_dict(cfg)


def test_cuda_backend_is_refused_clearly_without_a_gpu():
    with pytest.raises(ConfigError, match="backend 'cuda'"):
        Experiment.from_dict({"backend": "cuda"})


def test_set_weights_rejects_wrong_shapes_and_leaves_weights():
    exp = Experiment.from_dict(small())
    before = exp.get_weights()
    bad = exp.get_weights()
    bad[0]["W"] = np.zeros((3, 3))
    with pytest.raises(ConfigError, match=r"weights\[0\].W must have shape \(2, 3\)"):
        exp.set_weights(bad)
    assert all(np.array_equal(a["W"], b["W"]) for a, b in zip(before, exp.get_weights()))


def test_json_round_trip_continues_identically(tmp_path):
    cfg = small(optimizer={"name": "nadam", "lr": 0.01}, layers=[{"type": "dropout", "rate": 0.2},
                                                                {"type": "dense", "units": 4, "activation": "prelu"}])
    a = Experiment.from_dict(cfg)
    a.train(5)
    a.save(tmp_path / "exp.json")
    b = Experiment.load(tmp_path / "exp.json")
    assert b.to_dict() == a.to_dict()
    a.train(5), b.train(5)
    assert a.history == b.history
    assert not list(tmp_path.glob(".*.tmp")), "the atomic save leaves no temporary file"


@pytest.mark.parametrize("content, message", [
    ("{not json", "not a valid experiment file"),
    ("[1, 2]", "table of settings"),
    ('{"layers": [{"units": 3}], "state": {"weights": [[1]]}}', "state"),
])
def test_broken_files_raise_config_error(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(ConfigError, match=message):
        Experiment.load(p)
    with pytest.raises(ConfigError, match="no such file"):
        Experiment.load(tmp_path / "missing.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(ConfigError, match="this file is not text, so it cannot be read as an experiment file"):
        Experiment.load(tmp_path / "bin.json")


def test_csv_data_round_trip(tmp_path):
    from playground.datasets import save_csv

    src = Experiment.from_dict({"data": {"name": "xor", "n_samples": 40}})
    path = tmp_path / "xor.csv"
    save_csv(path, src.dataset)
    exp = Experiment.from_dict({"data": {"name": "csv", "path": str(path)}})
    got = np.sort(np.concatenate([exp.dataset.x_train, exp.dataset.x_test]), axis=0)
    want = np.sort(np.concatenate([src.dataset.x_train, src.dataset.x_test]), axis=0)
    assert np.array_equal(got, want)


def test_live_settings_keep_weights_and_take_effect():
    exp = Experiment.from_dict(small(optimizer={"name": "momentum", "lr": 0.05}))
    exp.train(3)
    w = exp.get_weights()
    exp.set_learning_rate(0.0)
    exp.set_regularization({"kind": "l2", "rate": 0.1})
    exp.set_batch_size("full")
    assert exp.epoch == 3 and np.array_equal(w[0]["W"], exp.get_weights()[0]["W"])
    assert exp.config["optimizer"]["lr"] == 0.0 and exp.config["regularization"]["kind"] == "l2"
    x, y = exp.dataset.x_train, exp.dataset.y_train
    loss_l2, _ = exp.loss_and_gradients(x, y)
    exp.set_regularization({"kind": "none"})
    loss_plain, _ = exp.loss_and_gradients(x, y)
    penalty = 0.5 * 0.1 * sum(np.sum(layer["W"] ** 2) for layer in w)
    assert loss_l2 - loss_plain == pytest.approx(penalty, rel=1e-12)
    exp.set_optimizer({"name": "sgd", "lr": 0.0})
    exp.train(2)
    assert np.array_equal(w[0]["W"], exp.get_weights()[0]["W"]), "lr 0 must not move the weights"


def test_regenerate_and_reset():
    exp = Experiment.from_dict(small())
    exp.train(2)
    w, x = exp.get_weights(), exp.dataset.x_train.copy()
    exp.regenerate_data()
    assert not np.array_equal(x, exp.dataset.x_train)
    assert np.array_equal(w[0]["W"], exp.get_weights()[0]["W"]) and exp.epoch == 2
    x2 = exp.dataset.x_train.copy()
    exp.reset()
    assert exp.epoch == 0 and exp.history["epoch"] == []
    assert not np.array_equal(w[0]["W"], exp.get_weights()[0]["W"])
    assert np.array_equal(x2, exp.dataset.x_train)


def test_predict_and_grid_shapes_and_meaning():
    exp = Experiment.from_dict(small(layers=[{"units": 3}, {"type": "dropout", "rate": 0.5}, {"units": 2}]))
    p = exp.predict(np.array([[0.0, 0.0], [5.0, 5.0]]))
    assert p.shape == (2,) and np.all((0 < p) & (p < 1))
    g = exp.predict_grid(20)
    assert g["output"].shape == (20, 20) and g["features"].shape == (20, 20, 2)
    assert [n.shape for n in g["neurons"]] == [(20, 20, 3), (20, 20, 3), (20, 20, 2)]
    # row i is y, column j is x: feature x1 grows along columns, x2 along rows
    assert g["features"][0, -1, 0] == 6.0 and g["features"][-1, 0, 1] == 6.0 and g["features"][0, 0, 0] == -6.0
    point = exp.predict(np.array([[-6.0, 6.0]]))[0]
    assert g["output"][-1, 0] == pytest.approx(point, abs=1e-15)
    multi = Experiment.from_dict({"data": {"name": "blobs", "classes": 4, "n_samples": 80}})
    pm = multi.predict(multi.dataset.x_test)
    assert pm.shape == (len(multi.dataset.x_test), 4) and np.allclose(pm.sum(axis=1), 1.0)
    assert multi.predict_grid(8)["output"].shape == (8, 8, 4)


def test_xor_without_hidden_layer_stays_at_chance():
    p = load_preset("xor_linear")
    exp = Experiment.from_dict(p["config"])
    exp.train(p["epochs"])
    ev = exp.evaluate()
    assert ev["train_accuracy"] <= 0.75 and ev["test_accuracy"] <= 0.75
    assert ev["train_loss"] > 0.68  # log 2 = 0.693: no better than guessing
    grid = exp.predict_grid(25)["output"]
    assert np.abs(grid - 0.5).max() < 0.15, "its best linear fit outputs about 0.5 everywhere"


def test_xor_with_one_hidden_relu_layer_is_solved():
    p = load_preset("xor_hidden")
    exp = Experiment.from_dict(p["config"])
    exp.train(p["epochs"])
    ev = exp.evaluate()
    assert ev["train_accuracy"] == 1.0 and ev["test_accuracy"] == 1.0


def test_default_circle_reaches_low_test_loss():
    exp = Experiment.from_dict({})
    exp.train(500)
    assert exp.evaluate()["test_loss"] < 0.05


def test_every_preset_loads_and_trains():
    from playground.presets import preset_names

    for name in preset_names():
        p = load_preset(name)
        assert p["title"] and p["summary"] and p["explanation"]
        exp = Experiment.from_dict(p["config"])
        before = exp.evaluate()["train_loss"]
        exp.train(5)
        assert exp.evaluate()["train_loss"] < before, name


def test_hidden_outputs_and_last_gradients_match_the_grid_and_the_norms():
    exp = Experiment.from_dict(small(layers=[{"units": 3}, {"type": "dropout", "rate": 0.5}, {"units": 2}]))
    exp.train(2)
    g = exp.predict_grid(5)
    corner = np.array([[-6.0, -6.0], [6.0, 6.0]])
    hidden = exp.hidden_outputs(corner)
    assert [h.shape for h in hidden] == [(2, 3), (2, 3), (2, 2)]
    assert np.array_equal(hidden[2][0], g["neurons"][2][0, 0]) and np.array_equal(hidden[2][1], g["neurons"][2][-1, -1])
    norms = [np.sqrt(sum(np.sum(v**2) for v in layer.values())) for layer in exp.last_gradients()]
    assert norms == pytest.approx(exp.gradient_norms(), rel=1e-12) and norms[0] > 0


def test_set_backend_keeps_training_state_and_refuses_cuda_clearly():
    exp = Experiment.from_dict(small())
    exp.train(3)
    before = exp.to_dict()
    assert exp.set_backend("auto") == "cpu"  # no GPU here: auto quietly stays on the CPU
    assert exp.config["backend"] == "auto"
    with pytest.raises(ConfigError, match="backend 'cuda' cannot be used here"):
        exp.set_backend("cuda")
    with pytest.raises(ConfigError, match="backend must be one of"):
        exp.set_backend("tpu")
    assert exp.config["backend"] == "auto" and exp.epoch == 3
    assert exp.to_dict()["state"] == before["state"]
    exp.train(1)
    assert exp.epoch == 4


@pytest.mark.parametrize("layers", [
    [{"units": 24, "activation": "tanh"}, {"units": 20, "activation": "relu"}],  # the tiled products
    [{"units": 5, "activation": "tanh"}, {"units": 3, "activation": "sigmoid"}],  # the plain loops
])
def test_training_buffers_kept_between_calls_change_no_number(layers):
    """train() keeps its buffers from one call to the next (what they hold is never read into a
    result): the same bits as a copy restored from to_dict before every call, which starts afresh,
    through batch sizes that reuse the buffers with another layout."""
    cfg = {"seed": 3, "data": {"name": "xor", "n_samples": 200}, "layers": layers, "batch_size": 10}
    kept = Experiment.from_dict(cfg)
    fresh = Experiment.from_dict(cfg)
    for batch, epochs in ((10, 3), (24, 2), (7, 2), ("full", 2), (10, 1)):
        kept.set_batch_size(batch)
        fresh = Experiment.from_dict(fresh.to_dict())
        fresh.set_batch_size(batch)
        kept.train(epochs)
        fresh.train(epochs)
        assert kept.net.params.tobytes() == fresh.net.params.tobytes(), batch
    assert list(kept.history["train_loss"]) == list(fresh.history["train_loss"])
    assert list(kept.history["test_loss"]) == list(fresh.history["test_loss"])
