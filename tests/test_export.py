"""Export: the standalone PyTorch module reproduces predict(); the equations show every layer."""

import importlib.util
import re

import numpy as np
import pytest

from kernels.codes import ACTIVATIONS
from playground import Experiment
from playground.export import to_equations, to_pytorch_source

MIXED = {"seed": 3, "data": {"name": "circle", "n_samples": 60},
         "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"],
         "layers": [{"type": "dense", "units": 5, "activation": "prelu"}, {"type": "dropout", "rate": 0.3},
                    {"type": "maxout", "units": 3, "pieces": 2}, {"type": "dense", "units": 4, "activation": "sin"}],
         "optimizer": {"name": "adam", "lr": 0.01}}
MULTI = {"seed": 0, "data": {"name": "blobs", "classes": 4, "n_samples": 80},
         "layers": [{"type": "dense", "units": 6, "activation": "gelu"}], "optimizer": {"name": "adam", "lr": 0.01}}
REGRESSION = {"seed": 0, "task": "regression", "data": {"name": "multi_gauss", "n_samples": 80},
              "layers": [{"type": "dense", "units": 6, "activation": "elu"}], "optimizer": {"name": "adam", "lr": 0.01}}
LINEAR = {"seed": 1, "data": {"name": "xor", "n_samples": 40}, "layers": []}
WIDE = {"seed": 0, "data": {"name": "circle", "n_samples": 40},
        "layers": [{"type": "dense", "units": 12, "activation": "tanh"}, {"type": "dense", "units": 3, "activation": "relu"}]}
CONFIGS = {"mixed": MIXED, "multi": MULTI, "regression": REGRESSION, "linear": LINEAR, "wide": WIDE}
CONFIGS.update({f"act_{a}": {"seed": 2, "data": {"name": "circle", "n_samples": 40},
                             "layers": [{"type": "dense", "units": 3, "activation": a},
                                        {"type": "dense", "units": 2, "activation": a}],
                             "optimizer": {"name": "adam", "lr": 0.05}} for a in ACTIVATIONS})


def trained(cfg: dict, epochs: int = 5) -> Experiment:
    exp = Experiment.from_dict(cfg)
    exp.train(epochs)
    return exp


def grid_points() -> np.ndarray:
    return np.random.default_rng(0).uniform(-6.0, 6.0, (300, 2))


# ---------------------------------------------------------------- PyTorch source, without torch
@pytest.mark.parametrize("name", CONFIGS)
def test_source_compiles_and_embeds_every_weight_exactly(name):
    exp = trained(CONFIGS[name])
    src = to_pytorch_source(exp)
    compile(src, f"{name}.py", "exec")
    for layer in exp.get_weights():
        for a in layer.values():
            for v in np.ravel(a):
                assert repr(float(v)) in src
    dense = sum(l["type"] == "dense" for l in exp.config["layers"])
    assert len(re.findall(r"^ +nn\.Linear\(\d+, \d+\),", src, re.MULTILINE)) == dense
    assert len(re.findall(r"^ +Maxout\(\d+, \d+, \d+\),", src, re.MULTILINE)) == sum(
        l["type"] == "maxout" for l in exp.config["layers"])
    assert "self.output = nn.Linear(" in src
    assert "class Model(nn.Module)" in src and "self.eval()" in src


def test_source_has_every_layer_feature_and_activation():
    src = to_pytorch_source(trained(MIXED))
    for text in ["nn.Linear(7, 5)", "nn.PReLU(5)", "L1_SLOPE", "nn.Dropout(0.3)", "Maxout(5, 3, 2)",
                 "class Maxout", "nn.Linear(3, 4)", "Sin()", "class Sin", "nn.Linear(4, OUTPUTS)",
                 "x1 ** 2", "x2 ** 2", "x1 * x2", "torch.sin(x1)", "torch.sin(x2)", "torch.sigmoid(s[:, 0])"]:
        assert text in src, text
    assert "torch.softmax(s, dim=1)" in to_pytorch_source(trained(MULTI))
    assert "return s[:, 0]" in to_pytorch_source(trained(REGRESSION))
    plain = to_pytorch_source(trained(LINEAR))
    assert "class Maxout" not in plain and "class Sin" not in plain


def test_source_of_a_diverged_net_still_compiles():
    exp = Experiment.from_dict(LINEAR)
    exp.set_weights([{"W": np.array([[np.nan], [np.inf]]), "b": np.array([-np.inf])}])
    src = to_pytorch_source(exp)
    compile(src, "diverged.py", "exec")
    assert "[nan, inf]" in src and "[-inf]" in src and "from math import inf, nan" in src


# ---------------------------------------------------------------- PyTorch source, run by torch
def load_model(src: str, tmp_path, name: str):
    torch = pytest.importorskip("torch")
    path = tmp_path / f"{name}.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"exported_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # our own generated file, not user data
    return torch, module.Model()


@pytest.mark.parametrize("name", CONFIGS)
def test_torch_module_reproduces_predict(name, tmp_path):
    exp = trained(CONFIGS[name], epochs=20)
    torch, model = load_model(to_pytorch_source(exp), tmp_path, name)
    x = grid_points()
    with torch.no_grad():
        got = model(torch.tensor(x)).numpy()
    want = exp.predict(x)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-6)
    assert model.training is False, "dropout is off, as when the playground predicts"


def test_torch_module_has_the_trained_prelu_slopes(tmp_path):
    exp = trained(MIXED, epochs=20)
    _, model = load_model(to_pytorch_source(exp), tmp_path, "slopes")
    slopes = exp.get_weights()[0]["alpha"]
    assert not np.allclose(slopes, 0.25), "training moved the slopes"
    assert np.array_equal(model.hidden[1].weight.detach().numpy(), slopes)


# ---------------------------------------------------------------- equations
def test_equations_of_a_small_net():
    exp = trained({**CONFIGS["act_tanh"], "layers": [{"type": "dense", "units": 3, "activation": "tanh"}]})
    text = to_equations(exp)
    w = exp.get_weights()
    assert len(re.findall(r"^  h1_\d = tanh\(", text, re.MULTILINE)) == 3
    line = re.search(r"^  h1_2 = tanh\((.*)\)$", text, re.MULTILINE).group(1)
    terms = [float(t.replace(" ", "")) for t in re.findall(r"([-+]?\s*\d+\.\d{3})", line)]
    expected = list(w[0]["W"][:, 1]) + [w[0]["b"][1]]
    assert terms == pytest.approx(expected, abs=0.0005 + 1e-12)
    assert re.search(r"^  s = .*h1_1.*h1_2.*h1_3", text, re.MULTILINE)
    assert "p = sigmoid(s)" in text and "tanh(z) = " in text and "relu(z)" not in text


def test_equations_of_every_layer_kind():
    text = to_equations(trained(MIXED))
    assert re.search(r"^  h1_1 = prelu\(.*sin\(x2\).*, a=\d\.\d{3}\)$", text, re.MULTILINE)
    assert "Layer 2: dropout, rate 0.3" in text and "h2_i = h1_i" in text
    assert re.search(r"^  h3_1 = max\(.*h2_5.*, .*h2_5.*\)$", text, re.MULTILINE)
    assert re.search(r"^  h4_4 = sin\(", text, re.MULTILINE)
    assert "prelu(z, a) = " in text and "sin(z) = " in text
    assert "p_k = exp(s_k)" in to_equations(trained(MULTI))
    assert re.search(r"^  y = ", to_equations(trained(REGRESSION)), re.MULTILINE)


def test_wide_layers_are_summarised():
    text = to_equations(trained(WIDE))
    assert "Layer 1: dense, 12 units, tanh, 2 inputs (summarised)" in text
    assert "h1_j = tanh(sum_i W1[i, j]*f_i + b1_j)   for j = 1..12" in text
    assert "Layer 2: dense, 3 units, relu, 12 inputs (summarised)" in text
    assert not re.search(r"h1_9 =", text) and len(text.splitlines()) < 20


def test_formula_features_are_refused_clearly_by_the_torch_export():
    from playground import ConfigError

    exp = Experiment.from_dict({"features": ["x1", "x2", "x1*x2**2"], "data": {"n_samples": 40}})
    with pytest.raises(ConfigError, match=r"x1\*x2\*\*2.*cannot be exported"):
        to_pytorch_source(exp)
    assert "x1*x2**2" in to_equations(exp)
