"""User formulas: the safe evaluator, formula features and formula data sets."""

import ast
import builtins
import math
import warnings

import numpy as np
import pytest

from playground import ConfigError, Experiment
from playground.datasets import make_dataset, normalize_data
from playground.features import feature_matrix
from playground.formula import FUNCTIONS, MAX_DEPTH, MAX_LENGTH, FormulaError, parse_formula

XY = ("x", "y")
RNG = np.random.default_rng(3)
X = np.concatenate([np.linspace(-3, 3, 13), RNG.uniform(-6, 6, 20)])
Y = np.concatenate([np.linspace(2.1, -1.9, 13), RNG.uniform(-6, 6, 20)])  # no 0: x / y stays finite


def run(text, x=X, y=Y):
    return parse_formula(text, XY)(x=x, y=y)


@pytest.mark.parametrize("text, expected", [
    ("x + y", X + Y), ("x - y", X - Y), ("x * y", X * Y), ("x / y", X / Y),
    ("x ** 2", X**2), ("y ** 3", Y**3), ("abs(x) ** 0.5", np.abs(X) ** 0.5), ("2 ** x", [math.pow(2.0, v) for v in X]),
    ("x % 1.5", np.mod(X, 1.5)), ("-x % 2", np.mod(-X, 2)), ("-x", -X), ("+y", Y),
    ("-x ** 2", -(X**2)), ("2 * x + 3 * y - 1", 2 * X + 3 * Y - 1), ("(x + y) * (x - y)", (X + Y) * (X - Y)),
    ("x < y", X < Y), ("x <= y", X <= Y), ("x > y", X > Y), ("x >= y", X >= Y),
    ("x == 0", X == 0), ("x != 0", X != 0), ("-1 < x <= y", (-1 < X) & (X <= Y)),
    ("x > 0 and y > 0", (X > 0) & (Y > 0)), ("x > 0 or y > 0", (X > 0) | (Y > 0)),
    ("x > 0 and y > 0 or x < -2", ((X > 0) & (Y > 0)) | (X < -2)), ("not x > 0", ~(X > 0)),
    ("x if y > 0 else -x", np.where(Y > 0, X, -X)), ("(x > 0) + (y > 0)", (X > 0) * 1.0 + (Y > 0)),
    ("-(x > 0)", -1.0 * (X > 0)), ("(x > 0) - (y > 0)", (X > 0) * 1.0 - (Y > 0)),
    ("pi * x + e", np.pi * X + np.e), ("1e-3 * x", 1e-3 * X), ("3", np.full_like(X, 3.0)),
])
def test_operators_match_numpy(text, expected):
    got = run(text)
    assert got.dtype == np.float64 and got.shape == X.shape
    np.testing.assert_array_equal(got, np.asarray(expected, dtype=np.float64))


U = np.linspace(-0.95, 0.95, 21)
P = np.linspace(0.1, 5, 21)
FUNCTION_CASES = {
    "sin": (X, np.sin), "cos": (X, np.cos), "tan": (X, np.tan), "arcsin": (U, np.arcsin),
    "arccos": (U, np.arccos), "arctan": (X, np.arctan), "tanh": (X, np.tanh), "sinh": (X, np.sinh),
    "cosh": (X, np.cosh), "exp": (X, np.exp), "log": (P, np.log), "log2": (P, np.log2),
    "log10": (P, np.log10), "sqrt": (P, np.sqrt), "abs": (X, np.abs), "sign": (X, np.sign),
    "floor": (X, np.floor), "ceil": (X, np.ceil), "round": (X * 2.5, np.round),
    "sigmoid": (X, lambda a: 1 / (1 + np.exp(-a))), "relu": (X, lambda a: np.maximum(a, 0)),
}


def test_whitelist_is_exactly_the_documented_functions():
    assert set(FUNCTIONS) == set(FUNCTION_CASES) | {"minimum", "maximum", "hypot", "arctan2", "where", "clip"}


@pytest.mark.parametrize("name", sorted(FUNCTION_CASES))
def test_one_argument_functions_match_numpy(name):
    points, reference = FUNCTION_CASES[name]
    got = run(f"{name}(x)", x=points, y=np.zeros_like(points))
    np.testing.assert_allclose(got, reference(points), rtol=1e-15, atol=0)
    assert not np.array_equal(got, points)  # the function was applied at all


@pytest.mark.parametrize("text, expected", [
    ("minimum(x, y)", np.minimum(X, Y)), ("maximum(x, y)", np.maximum(X, Y)),
    ("hypot(x, y)", np.hypot(X, Y)), ("arctan2(y, x)", np.arctan2(Y, X)),
    ("where(x > y, x, 2 * y)", np.where(X > Y, X, 2 * Y)), ("clip(x, -1, 0.5)", np.clip(X, -1, 0.5)),
    ("sin(x) * cos(y)", np.sin(X) * np.cos(Y)), ("sigmoid(relu(x) - y)", 1 / (1 + np.exp(-(np.maximum(X, 0) - Y)))),
])
def test_many_argument_functions_match_numpy(text, expected):
    np.testing.assert_allclose(run(text), expected, rtol=1e-15, atol=0)


def test_results_broadcast_to_the_inputs_and_keep_the_text():
    f = parse_formula("2", XY)
    assert f.text == "2" and f.variables == XY
    np.testing.assert_array_equal(f(x=np.zeros((3, 4)), y=1.0), np.full((3, 4), 2.0))
    g = parse_formula("x > y", XY)(x=np.arange(3.0)[:, None], y=np.arange(3.0))
    assert g.shape == (3, 3) and g.dtype == np.float64 and g.sum() == 3
    with pytest.raises(TypeError, match="x, y"):
        parse_formula("x", XY)(x=X)


def test_runtime_problems_give_inf_and_nan_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = run("1 / x + log(y) + sqrt(y) * 0", x=np.array([0.0, 1.0, 2.0]), y=np.array([1.0, -1.0, 1.0]))
        assert got[0] == np.inf and np.isnan(got[1]) and got[2] == 0.5
        assert np.isnan(run("x % 0", x=np.ones(2), y=np.ones(2))).all()
        assert run("exp(x) ** 50", x=np.array([100.0]), y=np.zeros(1))[0] == np.inf


def test_never_evaluates_code(monkeypatch):
    calls = []
    real_compile = builtins.compile

    def only_ast(source, filename, mode, flags=0, *args, **kwargs):
        calls.append(flags)
        assert flags & ast.PyCF_ONLY_AST, "compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "compile", only_ast)
    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    assert run("sin(x) + y", x=np.zeros(1), y=np.ones(1))[0] == 1.0
    assert calls  # the patch was in the path: ast.parse went through compile(..., PyCF_ONLY_AST)


@pytest.mark.parametrize("text, words, column", [
    ("x.__class__", ["attribute access", ".__class__"], 2),
    ("(x).__class__.__bases__", ["attribute access", ".__bases__"], 14),
    ("__import__('os')", ["unknown function '__import__'"], 1),
    ("os.system('ls')", ["attribute access", ".system"], 3),
    ("x[0]", ["indexing"], 1),
    ("lambda: 1", ["lambda"], 1),
    ("(lambda: x)()", ["lambda"], 2),
    ("[x for x in y]", ["comprehension"], 1),
    ("sum(i for i in x)", ["unknown function 'sum'"], 1),
    ("'x'", ["string"], 1),
    ("x + 'y'", ["string"], 5),
    ("f'{x}'", ["string"], 1),
    ("foo + 1", ["unknown name 'foo'", "x, y, pi, e", "sin"], 1),
    ("x + z", ["unknown name 'z'"], 5),
    ("x ^ 2", ["'^' is not allowed", "**"], 3),
    ("  x^2", ["'^' is not allowed", "x**2"], 4),
    ("x // 2", ["'//'", "floor"], 3),
    ("x & y", ["'&'", "and"], 3),
    ("~x", ["'~'", "not"], 1),
    ("x is y", ["'is'"], 3),
    ("x in y", ["'in'"], 3),
    ("sin(x=1)", ["keyword arguments"], 5),
    ("clip(x, -1)", ["clip takes 3 arguments, got 2"], 1),
    ("sin", ["sin is a function"], 1),
    ("x(2)", ["x is not a function"], 1),
    ("(x + 1)(2)", ["only the listed functions"], 1),
    ("(y := 2)", ["assignment"], 2),
    ("[x, y]", ["a list"], 1),
    ("x, y", ["a tuple"], 1),
    ("True", ["True is not allowed"], 1),
    ("1j * x", ["1j is not allowed"], 1),
    ("x ** 1000", ["exponent 1000"], 6),
    ("x ** (2 ** 10)", ["exponent 1024"], 7),
    ("1e999 * x", ["number 1e999 is too large"], 1),
    ("2x", ["syntax error"], 1),
    ("x + )", ["syntax error", "unmatched ')'"], 5),
    ("é + (", ["syntax error", "never closed"], 5),
    ("-" * (MAX_DEPTH + 5) + "x", ["nested more than 50"], MAX_DEPTH + 2),
    ("sin(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), ["nested more than 50"], 4 * MAX_DEPTH + 5),
])
def test_rejections_name_the_problem_and_its_column(text, words, column):
    with pytest.raises(FormulaError) as info:
        parse_formula(text, XY)
    message = str(info.value)
    for word in words:
        assert word in message
    assert f"at column {column}" in message and info.value.offset == column - 1
    assert isinstance(info.value, ConfigError)


@pytest.mark.parametrize("text, words", [
    ("x" * (MAX_LENGTH + 1), ["501 characters", "at most 500"]),
    ("", ["empty"]), ("   ", ["empty"]), (None, ["must be text"]), (3, ["must be text"]),
])
def test_rejections_of_the_whole_text(text, words):
    with pytest.raises(FormulaError) as info:
        parse_formula(text, XY)
    assert all(word in str(info.value) for word in words)


def test_limits_are_not_off_by_one():
    longest = "x" + " " * (MAX_LENGTH - 3) + "+1"
    assert len(longest) == MAX_LENGTH and run(longest)[0] == X[0] + 1
    assert run("-" * MAX_DEPTH + "x")[0] == X[0]
    with pytest.raises(FormulaError, match="nested"):
        parse_formula("-" * (MAX_DEPTH + 1) + "x", XY)
    parse_formula("x ** 100 + x ** -100", XY)
    with pytest.raises(FormulaError, match="exponent 100.5"):
        parse_formula("x ** 100.5", XY)


# ---------------------------------------------------------------- formula features

FEATURES = ["x1", "x1*x2**2", "tanh(x1)", "x2", "where(x1 > x2, 1, -1)"]


def features_reference(points):
    x1, x2 = points[:, 0], points[:, 1]
    tanh = [math.tanh(v) for v in x1]  # formulas use the C library's tanh (playground.libm)
    return np.column_stack([x1, x1 * x2**2, tanh, x2, np.where(x1 > x2, 1.0, -1.0)])


def test_formula_features_in_the_feature_matrix():
    exp = Experiment.from_dict({"data": {"name": "xor", "n_samples": 80}, "features": FEATURES,
                                "layers": [{"units": 3}]})
    assert exp.config["features"] == FEATURES
    for points in (exp.dataset.x_train, exp.dataset.x_test):
        np.testing.assert_array_equal(feature_matrix(points, FEATURES), features_reference(points))
    grid = exp.predict_grid(9)
    ticks = np.linspace(-6, 6, 9)
    gx, gy = np.meshgrid(ticks, ticks)
    expected = features_reference(np.column_stack([gx.ravel(), gy.ravel()])).reshape(9, 9, 5)
    np.testing.assert_allclose(grid["features"], expected, rtol=1e-15)
    assert exp.get_weights()[0]["W"].shape == (5, 3)
    assert exp.train(5)["epoch"] == 5


def test_first_layer_rows_follow_the_features_order():
    exp = Experiment.from_dict({"task": "regression", "data": {"name": "plane", "n_samples": 40},
                                "features": FEATURES, "layers": []})
    points = np.array([[1.5, -2.0], [-3.0, 0.5], [0.25, 4.0]])
    reference = features_reference(points)
    for j in range(len(FEATURES)):
        W = np.zeros((len(FEATURES), 1))
        W[j, 0] = 1.0
        exp.set_weights([{"W": W, "b": np.zeros(1)}])
        np.testing.assert_allclose(exp.predict(points), reference[:, j], rtol=1e-15)


@pytest.mark.parametrize("features, words", [
    (["x1", "x1^3"], ["features", "'x1^3'", "'^' is not allowed at column 3", "x1**2"]),
    (["x3"], ["features", "'x3'", "unknown name 'x3'"]),
    (["x1", "x1.real"], ["features", "'x1.real'", "attribute access"]),
    (["__import__('os').system('true')"], ["features", "attribute access '.system'"]),
    (["__import__('os')"], ["features", "unknown function '__import__'"]),
    (["x"], ["features", "unknown name 'x'", "x1, x2"]),
    ([3], ["features", "formulas", "got 3"]),
    (["x1*x2**2", "x1*x2**2"], ["twice"]),
])
def test_bad_feature_formulas_are_config_errors(features, words):
    with pytest.raises(ConfigError) as info:
        Experiment.from_dict({"features": features})
    assert all(word in str(info.value) for word in words), str(info.value)


def test_non_finite_formula_features_can_be_checked():
    points = np.array([[1.0, 1.0], [-1.0, 2.0]])
    assert np.isnan(feature_matrix(points, ["log(x1)"])[1, 0])  # the grid may show holes
    with pytest.raises(ConfigError, match=r"'log\(x1\)' is nan at the point \(-1, 2\) of the training points"):
        feature_matrix(points, ["x2", "log(x1)"], check="training points")
    feature_matrix(points, ["x1", "exp(x2)"], check="training points")


# ---------------------------------------------------------------- formula data sets

def test_formula_classification_data():
    cfg = {"data": {"name": "formula", "formula": "y > x**3 - x", "n_samples": 300}, "layers": [{"units": 4}]}
    exp = Experiment.from_dict(cfg)
    ds = exp.dataset
    assert ds.n_classes == 2 and len(ds.x_train) + len(ds.x_test) == 300
    for xy, labels in ((ds.x_train, ds.y_train), (ds.x_test, ds.y_test)):
        assert labels.dtype == np.int64 and np.abs(xy).max() <= 6
        np.testing.assert_array_equal(labels, xy[:, 1] > xy[:, 0] ** 3 - xy[:, 0])
    assert 0.1 < ds.y_train.mean() < 0.9
    assert exp.train(20)["epoch"] == 20
    again = Experiment.from_dict(cfg).dataset
    np.testing.assert_array_equal(again.x_train, ds.x_train)
    other = Experiment.from_dict({**cfg, "seed": 1}).dataset
    assert not np.array_equal(other.x_train, ds.x_train)


def test_formula_classification_noise_moves_where_the_label_is_read():
    data = {"name": "formula", "formula": "x * y > 0", "n_samples": 400}
    clean = make_dataset(data, "classification", 0)
    noisy = make_dataset({**data, "noise": 0.5}, "classification", 0)
    np.testing.assert_array_equal(clean.x_train, noisy.x_train)
    flipped = (clean.y_train != noisy.y_train).mean()
    assert 0.02 < flipped < 0.5


def test_formula_regression_data():
    data = {"name": "formula", "formula": "sin(x) * cos(y)", "n_samples": 200, "noise": 0.5}
    exp = Experiment.from_dict({"task": "regression", "data": data, "layers": [{"units": 4}]})
    ds = exp.dataset
    assert ds.n_classes == 0 and ds.y_train.dtype == np.float64
    for xy, target in ((ds.x_train, ds.y_train), (ds.x_test, ds.y_test)):
        np.testing.assert_allclose(target, np.sin(xy[:, 0]) * np.cos(xy[:, 1]), rtol=1e-15)
    assert exp.train(5)["epoch"] == 5


@pytest.mark.parametrize("task, formula, words", [
    ("classification", "x > 100", ["'x > 100'", "only class 0", "both classes"]),
    ("classification", "x < 100", ["only class 1"]),
    ("classification", "x + y", ["'x + y'", "class 0 or 1", "condition"]),
    ("classification", "log(x)", ["gives nan", "class 0 or 1"]),
    ("regression", "log(x)", ["'log(x)'", "nan", "finite target"]),
    ("regression", "1 / (x - x)", ["'1 / (x - x)'", "finite target"]),
    ("regression", "x ^ y", ["data.formula", "'^' is not allowed at column 3"]),
    ("regression", "exp(x).real", ["data.formula", "attribute access"]),
])
def test_formula_data_errors(task, formula, words):
    with pytest.raises(ConfigError) as info:
        Experiment.from_dict({"task": task, "data": {"name": "formula", "formula": formula}})
    assert all(word in str(info.value) for word in words), str(info.value)


@pytest.mark.parametrize("data, words", [
    ({"name": "formula"}, ["data.formula is required"]),
    ({"name": "formula", "formula": 3}, ["data.formula must be", "got 3"]),
    ({"name": "formula", "formula": ""}, ["data.formula", "empty"]),
    ({"name": "circle", "formula": "x > y"}, ["data.formula is only used when data.name is 'formula'"]),
    ({"name": "nope"}, ["formula"]),  # the list of names includes it
])
def test_formula_data_section_is_validated(data, words):
    with pytest.raises(ConfigError) as info:
        normalize_data(data, "classification")
    assert all(word in str(info.value) for word in words), str(info.value)


def test_formula_data_fits_both_tasks():
    for task in ("classification", "regression"):
        d = normalize_data({"name": "formula", "formula": "x > y"}, task)
        assert d["name"] == "formula" and d["formula"] == "x > y"


def test_formula_config_round_trips(tmp_path):
    cfg = {"data": {"name": "formula", "formula": "hypot(x, y) < 4", "n_samples": 120},
           "features": ["x1", "sin(x2) * x1", "x2 ** 2"], "layers": [{"units": 3}], "seed": 4}
    exp = Experiment.from_dict(cfg)
    exp.train(10)
    d = exp.to_dict()
    assert d["data"]["formula"] == "hypot(x, y) < 4" and d["features"] == cfg["features"]
    exp.save(tmp_path / "f.json")
    points = np.array([[0.5, 1.0], [-3.0, 2.0]])
    for back in (Experiment.from_dict(d), Experiment.load(tmp_path / "f.json")):
        assert back.config == exp.config
        np.testing.assert_array_equal(back.dataset.x_train, exp.dataset.x_train)
        np.testing.assert_array_equal(back.dataset.y_train, exp.dataset.y_train)
        np.testing.assert_array_equal(back.predict(points), exp.predict(points))
    twin = Experiment.from_dict(d)
    twin.train(3)
    exp.train(3)
    assert twin.history["train_loss"] == exp.history["train_loss"]
