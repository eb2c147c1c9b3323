"""Export a trained experiment: a standalone PyTorch module file, or each layer as plain-text equations."""

import numpy as np

from .errors import ConfigError
from .experiment import Experiment

TORCH_FEATURES = {
    "x1": "x1", "x2": "x2", "x1^2": "x1 ** 2", "x2^2": "x2 ** 2", "x1*x2": "x1 * x2",
    "sin(x1)": "torch.sin(x1)", "sin(x2)": "torch.sin(x2)",
}
TORCH_ACTIVATIONS = {
    "linear": "nn.Identity()", "sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "relu": "nn.ReLU()",
    "leaky_relu": "nn.LeakyReLU(0.01)", "elu": "nn.ELU()", "selu": "nn.SELU()", "softplus": "nn.Softplus()",
    "gelu": "nn.GELU()", "silu": "nn.SiLU()", "sin": "Sin()",
}
ACTIVATION_FORMULAS = {
    "sigmoid": "sigmoid(z) = 1 / (1 + exp(-z))",
    "tanh": "tanh(z) = (exp(z) - exp(-z)) / (exp(z) + exp(-z))",
    "relu": "relu(z) = max(0, z)",
    "leaky_relu": "leaky_relu(z) = z if z > 0, else 0.01*z",
    "prelu": "prelu(z, a) = z if z > 0, else a*z (the slope a is learned, one per neuron)",
    "elu": "elu(z) = z if z > 0, else exp(z) - 1",
    "selu": "selu(z) = 1.0507 * (z if z > 0, else 1.6733 * (exp(z) - 1))",
    "softplus": "softplus(z) = log(1 + exp(z))",
    "gelu": "gelu(z) = z * Phi(z), Phi the cumulative distribution of the standard normal",
    "silu": "silu(z) = z * sigmoid(z)",
    "sin": "sin(z) = the sine of z (in radians)",
}
MAX_WRITTEN_UNITS = 8


def _input_names(exp: Experiment) -> list[str]:
    """The network's input names: the features, or an image's pixels p{row}_{column} (row-major)."""
    shape = exp.image_shape
    if shape is None:
        return list(exp.config["features"])
    return [f"p{r}_{c}" for r in range(shape[0]) for c in range(shape[1])]


def _walk(exp: Experiment) -> list[dict]:
    """The hidden layers then the output, each with its config, input names, output names and weights."""
    weights = iter(exp.get_weights())
    inputs = _input_names(exp)
    steps = []
    for i, layer in enumerate(exp.config["layers"], start=1):
        w = None if layer["type"] == "dropout" else next(weights)
        units = len(inputs) if w is None else w["b"].shape[0]
        names = [f"h{i}_{j}" for j in range(1, units + 1)]
        steps.append({"index": i, "layer": layer, "inputs": inputs, "names": names, "weights": w})
        inputs = names
    steps.append({"index": None, "layer": {"type": "output"}, "inputs": inputs, "names": None,
                  "weights": next(weights)})
    return steps


def _output_kind(exp: Experiment) -> str:
    if exp.config["task"] == "regression":
        return "regression"
    return "binary" if exp.n_outputs == 1 else "multi"


# ---------------------------------------------------------------- PyTorch source
def _literal(a: np.ndarray, indent: str = "") -> str:
    """A nested list literal whose floats read back exactly (repr is the shortest round-trip form)."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        return "[" + ", ".join(repr(float(v)) for v in a) + "]"
    rows = [indent + "    " + _literal(r, indent + "    ") + "," for r in a]
    return "[\n" + "\n".join(rows) + "\n" + indent + "]"


def to_pytorch_source(exp: Experiment) -> str:
    """Text of a standalone .py file whose Model()(torch.tensor(x)) reproduces exp.predict(x)."""
    kind = _output_kind(exp)
    constants, modules, loads = [], [], []
    uses_sin = uses_maxout = False

    def const(name: str, a: np.ndarray) -> str:
        constants.append(f"{name} = {_literal(a)}\n")
        return name

    for step in _walk(exp):
        layer, w, i = step["layer"], step["weights"], step["index"]
        fan_in = len(step["inputs"])
        if layer["type"] == "dense":
            units, act = w["b"].shape[0], layer["activation"]
            modules.append((f"nn.Linear({fan_in}, {units})", f"layer {i}: dense, {units} units, {act}"))
            loads.append(f"_load(self.hidden[{len(modules) - 1}], {const(f'L{i}_WEIGHT', w['W'].T)}, "
                         f"{const(f'L{i}_BIAS', w['b'])})")
            if act == "prelu":
                modules.append((f"nn.PReLU({units})", None))
                loads.append(f"_load_slopes(self.hidden[{len(modules) - 1}], {const(f'L{i}_SLOPE', w['alpha'])})")
            else:
                modules.append((TORCH_ACTIVATIONS[act], None))
                uses_sin |= act == "sin"
        elif layer["type"] == "maxout":
            units, pieces = w["b"].shape
            uses_maxout = True
            modules.append((f"Maxout({fan_in}, {units}, {pieces})",
                            f"layer {i}: maxout, {units} units of {pieces} pieces"))
            # Unit j's piece k is row j * pieces + k of one Linear, the order Maxout.forward reshapes to.
            loads.append(f"_load(self.hidden[{len(modules) - 1}].linear, "
                         f"{const(f'L{i}_WEIGHT', w['W'].reshape(fan_in, units * pieces).T)}, "
                         f"{const(f'L{i}_BIAS', w['b'].reshape(-1))})")
        elif layer["type"] == "dropout":
            modules.append((f"nn.Dropout({layer['rate']!r})", f"layer {i}: dropout (off in eval mode)"))
        else:
            n_out, output_in = w["b"].shape[0], fan_in
            loads.append(f"_load(self.output, {const('OUT_WEIGHT', w['W'].T)}, {const('OUT_BIAS', w['b'])})")

    hidden = "".join(f"            {m},{f'  # {c}' if c else ''}\n" for m, c in modules)
    shape = exp.image_shape
    if shape is None:
        custom = [f for f in exp.config["features"] if f not in TORCH_FEATURES]
        if custom:
            raise ConfigError(f"formula features ({', '.join(custom)}) cannot be exported to PyTorch yet; "
                              "the equations export shows them")
        features = ", ".join(TORCH_FEATURES[f] for f in exp.config["features"])
        inputs = {"n_in": 2, "feature_names": exp.config["features"], "example": "[[0.0, 0.0], [1.0, -1.0]]",
                  "input_doc": "an (n, 2) array of points (x1, x2)",
                  "features_doc": f"The input features {exp.config['features']!r} of each point (x1, x2).",
                  "features_body": f"x1, x2 = x[:, 0], x[:, 1]\n        return torch.stack([{features}], dim=1)"}
    else:
        n_in = shape[0] * shape[1]
        inputs = {"n_in": n_in, "feature_names": "pixels", "example": f"[[0.0] * {n_in}, [0.5] * {n_in}]",
                  "input_doc": (f"an (n, {n_in}) array of {shape[0]}x{shape[1]} images (pixels in row-major "
                                f"order, scaled to [0, 1])"),
                  "features_doc": "The inputs are the pixels themselves.", "features_body": "return x"}
    result = {"binary": ("torch.sigmoid(s[:, 0])", "P(class 1) per point, shape (n,)"),
              "multi": ("torch.softmax(s, dim=1)", f"class probabilities, shape (n, {n_out})"),
              "regression": ("s[:, 0]", "the predicted value per point, shape (n,)")}[kind]
    helpers = []
    if uses_sin:
        helpers.append(_SIN)
    if uses_maxout:
        helpers.append(_MAXOUT)
    layers_text = " -> ".join(["features"] + [c.split(": ", 1)[1] for m, c in modules if c] + ["output"])
    load_text = "".join(f"        {line}\n" for line in loads)
    return _TEMPLATE.format(
        epoch=exp.epoch, layers=layers_text, result_doc=result[1], features=inputs["feature_names"],
        task=exp.config["task"], n_out=n_out, constants="\n".join(constants), helpers="".join(helpers),
        hidden=hidden, loads=load_text, n_in=inputs["n_in"], input_doc=inputs["input_doc"],
        features_doc=inputs["features_doc"], features_body=inputs["features_body"], example=inputs["example"],
        result=result[0], params=exp.parameter_count, output_in=output_in)


_SIN = '''

class Sin(nn.Module):
    """sin(z), element by element."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sin(z)
'''

_MAXOUT = '''

class Maxout(nn.Module):
    """Each of `units` outputs is the largest of `pieces` linear functions of the input."""

    def __init__(self, fan_in: int, units: int, pieces: int) -> None:
        super().__init__()
        self.units, self.pieces = units, pieces
        self.linear = nn.Linear(fan_in, units * pieces)

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        return self.linear(a).view(-1, self.units, self.pieces).amax(dim=2)
'''

_TEMPLATE = '''"""A network trained in Neural Playground ({epoch} epochs), as a standalone PyTorch module.

Layers: {layers}; {params} trainable numbers.
Model()(torch.tensor(x)) takes {input_doc} and returns {result_doc},
the same numbers as Experiment.predict. The weights are written out below exactly (float64).
"""

from math import inf, nan  # noqa: F401  (only needed if a weight diverged)

import torch
from torch import nn

FEATURES = {features!r}
TASK = {task!r}
OUTPUTS = {n_out}

# Weights in nn.Linear's layout: one row per output unit, one column per input.
{constants}

def _load(linear: nn.Linear, weight: list, bias: list) -> None:
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
        linear.bias.copy_(torch.tensor(bias, dtype=torch.float64))


def _load_slopes(prelu: nn.PReLU, slopes: list) -> None:
    with torch.no_grad():
        prelu.weight.copy_(torch.tensor(slopes, dtype=torch.float64))
{helpers}

class Model(nn.Module):
    """The trained network: the input features, the hidden layers, then the output transform."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Sequential(
{hidden}        )
        self.output = nn.Linear({output_in}, OUTPUTS)
        self.double()
{loads}        self.eval()  # dropout off, as when the playground predicts; call .train() to fine-tune

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """{features_doc}"""
        {features_body}

    def forward(self, x) -> torch.Tensor:
        x = torch.as_tensor(x, dtype=torch.float64).reshape(-1, {n_in})
        s = self.output(self.hidden(self.features(x)))
        return {result}


if __name__ == "__main__":
    print(Model()(torch.tensor({example})))
'''


# ---------------------------------------------------------------- equations
def _terms(coefs, names, bias: float, digits: int) -> str:
    """'0.123*x1 - 0.456*x2 + 0.010': a weighted sum with signs folded in."""
    parts = []
    for c, n in list(zip(coefs, names)) + [(bias, None)]:
        text = f"{abs(c):.{digits}f}" + (f"*{n}" if n else "")
        if not parts:
            parts.append(("-" if c < 0 else "") + text)
        else:
            parts.append((" - " if c < 0 else " + ") + text)
    return "".join(parts)


def _symbol(inputs: list[str]) -> tuple[str, list[str]]:
    """'h2' for the units of hidden layer 2 (or 'f' for the features, 'p' for an image's pixels), and a
    line naming the features."""
    if inputs[0].startswith("h"):
        return inputs[0].rsplit("_", 1)[0], []
    if inputs[0] == "p0_0":
        return "p", [f"  p_i are the {len(inputs)} pixels of the image in row-major order, scaled to [0, 1]"]
    return "f", [f"  f_i are the features {', '.join(inputs)}"]


def _span(a: np.ndarray, digits: int) -> str:
    return f"from {a.min():.{digits}f} to {a.max():.{digits}f}"


def _wrap(act: str, z: str, slope: float | None, digits: int) -> str:
    """The activation written around the weighted sum z (nothing for linear)."""
    if act == "linear":
        return z
    if act == "prelu":
        return f"prelu({z}, a={slope:.{digits}f})"
    return f"{act}({z})"


def _stats(name: str, w: np.ndarray, b: np.ndarray, shape: str, digits: int) -> str:
    mean = np.abs(w).mean()
    return (f"  {name}: {shape}, mean |w| {mean:.{digits}f}, {_span(w, digits)}; "
            f"b{name[1:]} {_span(b, digits)}")


def _dense_lines(step: dict, digits: int) -> list[str]:
    w, act, i = step["weights"], step["layer"]["activation"], step["index"]
    ins, names = step["inputs"], step["names"]
    units = len(names)
    head = f"Layer {i}: dense, {units} units, {act}"
    if units <= MAX_WRITTEN_UNITS and len(ins) <= MAX_WRITTEN_UNITS:
        lines = [head]
        for j, n in enumerate(names):
            z = _terms(w["W"][:, j], ins, w["b"][j], digits)
            lines.append(f"  {n} = {_wrap(act, z, w['alpha'][j] if act == 'prelu' else None, digits)}")
        return lines
    prev, note = _symbol(ins)
    z = f"sum_i W{i}[i, j]*{prev}_i + b{i}_j"
    if act == "prelu":
        z += ", a_j"
    lines = [f"{head}, {len(ins)} inputs (summarised):",
             f"  h{i}_j = {z if act == 'linear' else f'{act}({z})'}   for j = 1..{units}", *note,
             _stats(f"W{i}", w["W"], w["b"], f"{len(ins)} x {units}", digits)]
    if act == "prelu":
        lines.append(f"  slopes a {_span(w['alpha'], digits)}")
    return lines


def _maxout_lines(step: dict, digits: int) -> list[str]:
    w, i, ins, names = step["weights"], step["index"], step["inputs"], step["names"]
    units, pieces = w["b"].shape
    head = f"Layer {i}: maxout, {units} units of {pieces} pieces"
    if units <= MAX_WRITTEN_UNITS and len(ins) <= MAX_WRITTEN_UNITS:
        lines = [head]
        for j, n in enumerate(names):
            parts = [_terms(w["W"][:, j, k], ins, w["b"][j, k], digits) for k in range(pieces)]
            lines.append(f"  {n} = max({', '.join(parts)})")
        return lines
    prev, note = _symbol(ins)
    z = f"sum_i W{i}[i, j, k]*{prev}_i + b{i}[j, k]"
    return [f"{head}, {len(ins)} inputs (summarised):",
            f"  h{i}_j = max over k of ({z})   for j = 1..{units}, k = 1..{pieces}", *note,
            _stats(f"W{i}", w["W"], w["b"], f"{len(ins)} x {units} x {pieces}", digits)]


def _dropout_lines(step: dict) -> list[str]:
    i, rate, ins = step["index"], step["layer"]["rate"], step["inputs"]
    prev, note = _symbol(ins)
    how = (f"while training each is set to 0 with probability {rate:g} and the others are "
           f"multiplied by 1/(1 - {rate:g})")
    return [f"Layer {i}: dropout, rate {rate:g}",
            f"  h{i}_i = {prev}_i   for i = 1..{len(ins)} when predicting; {how}", *note]


def _output_lines(step: dict, kind: str, digits: int) -> list[str]:
    w, ins = step["weights"], step["inputs"]
    k = w["b"].shape[0]
    one = "y" if kind == "regression" else "s"
    if len(ins) > MAX_WRITTEN_UNITS:
        prev, note = _symbol(ins)
        if k > 1:
            sums = f"  s_k = sum_i W[i, k]*{prev}_i + b_k   for k = 1..{k}"
        else:
            sums = f"  {one} = sum_i W[i]*{prev}_i + b"
        score = [sums, *note, _stats("W", w["W"], w["b"], f"{len(ins)} x {k}", digits)]
    elif k == 1:
        score = [f"  {one} = {_terms(w['W'][:, 0], ins, w['b'][0], digits)}"]
    else:
        score = [f"  s_{j + 1} = {_terms(w['W'][:, j], ins, w['b'][j], digits)}" for j in range(k)]
    if kind == "regression":
        return ["Output: the predicted value y", *score]
    if kind == "binary":
        return ["Output: one score s; p = sigmoid(s) is the probability of class 1", *score,
                "  p = sigmoid(s) = 1 / (1 + exp(-s))"]
    return [f"Output: {k} scores, turned into class probabilities by softmax", *score,
            f"  p_k = exp(s_k) / (exp(s_1) + ... + exp(s_{k}))   for k = 1..{k}"]


def to_equations(exp: Experiment, digits: int = 3) -> str:
    """Each layer as plain-text equations (h1_1 = tanh(0.123*x1 - 0.456*x2 + 0.010)); wide layers summarised."""
    kind = _output_kind(exp)
    shape = exp.image_shape
    if shape is None:
        feats = exp.config["features"]
        lines = [f"Inputs: the point (x1, x2); features: {', '.join(feats)}  (after {exp.epoch} epochs)"]
    else:
        n_in = shape[0] * shape[1]
        lines = [f"Inputs: the {n_in} pixels of a {shape[0]}x{shape[1]} image  (after {exp.epoch} epochs)"]
    acts = []
    for step in _walk(exp):
        t = step["layer"]["type"]
        if t == "dense":
            lines += _dense_lines(step, digits)
            acts.append(step["layer"]["activation"])
        elif t == "maxout":
            lines += _maxout_lines(step, digits)
        elif t == "dropout":
            lines += _dropout_lines(step)
        else:
            lines += _output_lines(step, kind, digits)
    used = [ACTIVATION_FORMULAS[a] for a in dict.fromkeys(acts) if a in ACTIVATION_FORMULAS]
    if used:
        lines += ["where"] + [f"  {u}" for u in used]
    return "\n".join(lines) + "\n"
