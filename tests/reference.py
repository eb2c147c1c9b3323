"""Plain NumPy (float64) reference of the engine's maths: the test oracle.

Written to be read, not to be fast. Every formula follows PyTorch (see
tests/tools/make_torch_reference.py, which freezes PyTorch's numbers into
tests/data/torch_reference.json, and tests/test_reference.py, which checks this
file against them and against finite differences).

Conventions
-----------
* Activations: ``ACTIVATIONS[name] = (f, df)``, both called as ``f(z, alpha=None)``;
  ``alpha`` is only used by prelu (slope per unit). ``df`` is dA/dz as autograd gives it,
  so at z == 0: relu' = 0, leaky_relu' = 0.01, prelu' = alpha, elu' = 1,
  selu' = scale * alpha_selu; softplus' = 1 where z > 20 (threshold), sigmoid(z) elsewhere.
* Network: hidden ``layers`` then an output dense layer with linear activation (its
  width is given by the last weights entry). ``weights`` has one dict per dense/maxout
  layer, output last: "W", "b" and "alpha" (prelu only).
* Maxout: the gradient goes to the arg-max piece, the first one on ties.
* Losses are means over the batch (PyTorch reduction="mean").
* Regularization touches every "W" only: l1 -> rate * sum|W| (gradient rate * sign(W),
  sign(0) = 0), l2 -> 0.5 * rate * sum W**2 (gradient rate * W).
"""

import math

import numpy as np

# ----------------------------------------------------------------------------- activations

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
LEAKY_SLOPE = 0.01
PRELU_INIT = 0.25
SOFTPLUS_THRESHOLD = 20.0

_erf = np.vectorize(math.erf, otypes=[float])


def sigmoid(z):
    """Return the logistic function 1 / (1 + exp(-z))."""
    return 1.0 / (1.0 + np.exp(-z))


def softmax(s):
    """Return the row-wise softmax of scores s (n, K)."""
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _linear(z, alpha=None):
    """Return z."""
    return z


def _d_linear(z, alpha=None):
    """Return 1."""
    return np.ones_like(z)


def _sigmoid(z, alpha=None):
    """Return sigmoid(z)."""
    return sigmoid(z)


def _d_sigmoid(z, alpha=None):
    """Return sigmoid(z) * (1 - sigmoid(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def _tanh(z, alpha=None):
    """Return tanh(z)."""
    return np.tanh(z)


def _d_tanh(z, alpha=None):
    """Return 1 - tanh(z)**2."""
    return 1.0 - np.tanh(z) ** 2


def _relu(z, alpha=None):
    """Return max(z, 0)."""
    return np.where(z > 0, z, 0.0)


def _d_relu(z, alpha=None):
    """Return 1 where z > 0 else 0 (0 at z == 0)."""
    return np.where(z > 0, 1.0, 0.0)


def _leaky_relu(z, alpha=None):
    """Return z where z > 0 else 0.01 * z."""
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _d_leaky_relu(z, alpha=None):
    """Return 1 where z > 0 else 0.01 (0.01 at z == 0)."""
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def _prelu(z, alpha):
    """Return z where z > 0 else alpha * z (alpha per unit, broadcast over the last axis)."""
    return np.where(z > 0, z, alpha * z)


def _d_prelu(z, alpha):
    """Return 1 where z > 0 else alpha (alpha at z == 0)."""
    return np.where(z > 0, 1.0, alpha * np.ones_like(z))


def prelu_dalpha(z):
    """Return d prelu(z) / d alpha: 0 where z > 0 else z."""
    return np.where(z > 0, 0.0, z)


def _elu(z, alpha=None):
    """Return z where z > 0 else exp(z) - 1 (ELU with alpha = 1)."""
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))


def _d_elu(z, alpha=None):
    """Return 1 where z > 0 else exp(z)."""
    return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))


def _selu(z, alpha=None):
    """Return scale * (z where z > 0 else alpha_selu * (exp(z) - 1))."""
    return SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def _d_selu(z, alpha=None):
    """Return scale where z > 0 else scale * alpha_selu * exp(z)."""
    return SELU_SCALE * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0.0)))


def _softplus(z, alpha=None):
    """Return log(1 + exp(z)), or z itself where z > 20 (PyTorch's threshold)."""
    return np.where(z > SOFTPLUS_THRESHOLD, z, np.log1p(np.exp(np.minimum(z, SOFTPLUS_THRESHOLD))))


def _d_softplus(z, alpha=None):
    """Return sigmoid(z), or 1 where z > 20."""
    return np.where(z > SOFTPLUS_THRESHOLD, 1.0, sigmoid(z))


def _gelu(z, alpha=None):
    """Return z * Phi(z) with Phi the standard normal CDF (exact erf form)."""
    return 0.5 * z * (1.0 + _erf(z / math.sqrt(2.0)))


def _d_gelu(z, alpha=None):
    """Return Phi(z) + z * phi(z) with phi the standard normal density."""
    cdf = 0.5 * (1.0 + _erf(z / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    return cdf + z * pdf


def _silu(z, alpha=None):
    """Return z * sigmoid(z)."""
    return z * sigmoid(z)


def _d_silu(z, alpha=None):
    """Return sigmoid(z) * (1 + z * (1 - sigmoid(z)))."""
    s = sigmoid(z)
    return s * (1.0 + z * (1.0 - s))


def _sin(z, alpha=None):
    """Return sin(z)."""
    return np.sin(z)


def _d_sin(z, alpha=None):
    """Return cos(z)."""
    return np.cos(z)


ACTIVATIONS = {
    "linear": (_linear, _d_linear),
    "sigmoid": (_sigmoid, _d_sigmoid),
    "tanh": (_tanh, _d_tanh),
    "relu": (_relu, _d_relu),
    "leaky_relu": (_leaky_relu, _d_leaky_relu),
    "prelu": (_prelu, _d_prelu),
    "elu": (_elu, _d_elu),
    "selu": (_selu, _d_selu),
    "softplus": (_softplus, _d_softplus),
    "gelu": (_gelu, _d_gelu),
    "silu": (_silu, _d_silu),
    "sin": (_sin, _d_sin),
}

# ----------------------------------------------------------------------------- network

OUTPUT_LAYER = {"type": "dense", "activation": "linear"}


def _all_layers(layers):
    """Return the hidden layers followed by the linear output layer."""
    return list(layers) + [OUTPUT_LAYER]


def _pre_activation(layer, w, a_in):
    """Return z of a dense (batch, units) or maxout (batch, units, pieces) layer."""
    if layer["type"] == "maxout":
        return np.einsum("bi,iup->bup", a_in, w["W"]) + w["b"]
    return a_in @ w["W"] + w["b"]


def _layer_forward(layer, w, a_in, mask):
    """Return the output of one layer given its input."""
    if layer["type"] == "dropout":
        return a_in if mask is None else a_in * mask
    z = _pre_activation(layer, w, a_in)
    if layer["type"] == "maxout":
        return z.max(axis=2)
    f, _ = ACTIVATIONS[layer["activation"]]
    return f(z, w.get("alpha"))


def _layer_backward(layer, w, a_in, mask, d_out):
    """Return (dL/d a_in, gradient dict of the layer's weights or None) from dL/d out."""
    if layer["type"] == "dropout":
        return (d_out if mask is None else d_out * mask), None
    z = _pre_activation(layer, w, a_in)
    grads = {}
    if layer["type"] == "maxout":
        winner = z.argmax(axis=2)  # first index on ties
        dz = np.zeros_like(z)
        np.put_along_axis(dz, winner[:, :, None], d_out[:, :, None], axis=2)
        grads["W"] = np.einsum("bi,bup->iup", a_in, dz)
        d_in = np.einsum("bup,iup->bi", dz, w["W"])
    else:
        _, df = ACTIVATIONS[layer["activation"]]
        dz = d_out * df(z, w.get("alpha"))
        grads["W"] = a_in.T @ dz
        d_in = dz @ w["W"].T
        if "alpha" in w:
            grads["alpha"] = (d_out * prelu_dalpha(z)).sum(axis=0)
    grads["b"] = dz.sum(axis=0)
    return d_in, grads


def _walk(layers, weights, masks):
    """Yield (layer, its weights dict or None, its dropout mask or None) for every layer."""
    weight_iter, mask_iter = iter(weights), iter(masks if masks is not None else [])
    for layer in _all_layers(layers):
        if layer["type"] == "dropout":
            yield layer, None, (next(mask_iter) if masks is not None else None)
        else:
            yield layer, next(weight_iter), None


def forward(layers, weights, X, masks=None):
    """Return (scores (n, n_out), list of every layer's output incl. dropout and scores)."""
    a = np.asarray(X, dtype=float)
    acts = []
    for layer, w, mask in _walk(layers, weights, masks):
        a = _layer_forward(layer, w, a, mask)
        acts.append(a)
    return a, acts


# ----------------------------------------------------------------------------- losses


def _binary_loss(s, y, loss):
    """Return (loss, dloss/ds) for one score per sample and labels y in {0, 1}."""
    n = len(s)
    if loss == "cross_entropy":  # BCEWithLogitsLoss: softplus(s) - y * s
        return np.mean(np.logaddexp(0.0, s) - y * s), (sigmoid(s) - y) / n
    if loss == "mse":  # MSELoss(sigmoid(s), y)
        p = sigmoid(s)
        return np.mean((p - y) ** 2), 2.0 * (p - y) * p * (1.0 - p) / n
    if loss == "hinge":  # mean(max(0, 1 - t s)), t = 2y - 1
        t = 2.0 * y - 1.0
        margin = 1.0 - t * s
        return np.mean(np.maximum(margin, 0.0)), np.where(margin > 0, -t, 0.0) / n
    raise ValueError(f"unknown binary loss {loss!r}")


def _multiclass_loss(s, y, loss):
    """Return (loss, dloss/ds) for scores s (n, K) and integer labels y."""
    n, k = s.shape
    onehot = np.eye(k)[y]
    if loss == "cross_entropy":  # CrossEntropyLoss: logsumexp(s) - s_y
        p = softmax(s)
        lse = np.logaddexp.reduce(s, axis=1)
        return np.mean(lse - s[np.arange(n), y]), (p - onehot) / n
    if loss == "mse":  # MSELoss(softmax(s), onehot), mean over n * K elements
        p = softmax(s)
        dp = 2.0 * (p - onehot) / (n * k)
        ds = p * (dp - (dp * p).sum(axis=1, keepdims=True))  # softmax Jacobian
        return np.mean((p - onehot) ** 2), ds
    if loss == "hinge":  # MultiMarginLoss: sum_{i != y} max(0, 1 - s_y + s_i) / K
        margin = 1.0 - s[np.arange(n), y][:, None] + s
        active = (margin > 0) & (onehot == 0)
        ds = active.astype(float)
        ds[np.arange(n), y] = -active.sum(axis=1)
        return np.sum(np.where(active, margin, 0.0)) / (n * k), ds / (n * k)
    raise ValueError(f"unknown multi-class loss {loss!r}")


def loss_from_scores(scores, y, task, n_classes, loss):
    """Return (mean loss, dloss/dscores shaped like scores) for output scores (n, n_out)."""
    scores = np.asarray(scores, dtype=float)
    if task == "regression":
        if loss != "mse":
            raise ValueError(f"regression supports only mse, not {loss!r}")
        s, y = scores[:, 0], np.asarray(y, dtype=float)
        return np.mean((s - y) ** 2), (2.0 * (s - y) / len(s))[:, None]
    if task != "classification":
        raise ValueError(f"unknown task {task!r}")
    if n_classes == 2:
        value, ds = _binary_loss(scores[:, 0], np.asarray(y, dtype=float), loss)
        return float(value), ds[:, None]
    value, ds = _multiclass_loss(scores, np.asarray(y, dtype=int), loss)
    return float(value), ds


def regularization(weights, reg):
    """Return (penalty, list of its gradients w.r.t. each layer's W)."""
    kind, rate = (reg or {}).get("kind", "none"), (reg or {}).get("rate", 0.0)
    if kind == "l1":
        return rate * sum(np.abs(w["W"]).sum() for w in weights), [
            rate * np.sign(w["W"]) for w in weights
        ]
    if kind == "l2":
        return 0.5 * rate * sum((w["W"] ** 2).sum() for w in weights), [
            rate * w["W"] for w in weights
        ]
    if kind == "none":
        return 0.0, [np.zeros_like(w["W"]) for w in weights]
    raise ValueError(f"unknown regularization {kind!r}")


def loss_and_grads(layers, weights, X, y, task, n_classes, loss, reg=None, masks=None):
    """Return (loss incl. penalty, list of gradient dicts shaped like weights)."""
    X = np.asarray(X, dtype=float)
    scores, acts = forward(layers, weights, X, masks)
    value, d = loss_from_scores(scores, y, task, n_classes, loss)
    penalty, d_pen = regularization(weights, reg)
    steps = list(_walk(layers, weights, masks))
    inputs = [X] + acts[:-1]
    grads = []
    for (layer, w, mask), a_in in zip(reversed(steps), reversed(inputs)):
        d, g = _layer_backward(layer, w, a_in, mask, d)
        if g is not None:
            grads.insert(0, g)
    for g, dp in zip(grads, d_pen):
        g["W"] = g["W"] + dp
    return float(value + penalty), grads


def predict(layers, weights, X, task, n_classes):
    """Return sigmoid(s) (n,) if binary, softmax(s) (n, K) if K >= 3, s (n,) if regression."""
    scores, _ = forward(layers, weights, X)
    if task == "regression":
        return scores[:, 0]
    if n_classes == 2:
        return sigmoid(scores[:, 0])
    return softmax(scores)


# ----------------------------------------------------------------------------- optimizers

OPTIMIZER_DEFAULTS = {
    "sgd": {"lr": 1e-3},
    "momentum": {"lr": 1e-3, "momentum": 0.9},
    "nesterov": {"lr": 1e-3, "momentum": 0.9},
    "adagrad": {"lr": 1e-2, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10},
    "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    "adam": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8},
    "adamax": {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8},
    "nadam": {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8, "momentum_decay": 4e-3},
}


def init_optimizer(name, hp):
    """Return a fresh optimizer state: the step count and one slot dict per parameter."""
    if name not in OPTIMIZER_DEFAULTS:
        raise ValueError(f"unknown optimizer {name!r}")
    return {"step": 0, "slots": None}


def _init_slots(hp, params):
    """Return each parameter's initial state, as torch creates it lazily on the first step."""
    return [
        {
            "buf": None,  # sgd momentum buffer: set to the first gradient itself
            "sum": np.full(np.shape(p), float(hp.get("initial_accumulator_value", 0.0))),
            "m": np.zeros(np.shape(p)),  # first moment
            "v": np.zeros(np.shape(p)),  # second moment / square average
            "u": np.zeros(np.shape(p)),  # adadelta's delta average, adamax's infinity norm
            "mu_product": 1.0,  # nadam's product of momentum coefficients
        }
        for p in params
    ]


def optimizer_step(name, hp, params, grads, state):
    """Update params in place by one step of optimizer `name` (torch.optim formulas)."""
    hp = {**OPTIMIZER_DEFAULTS[name], **hp}
    if state["slots"] is None:
        state["slots"] = _init_slots(hp, params)
    state["step"] += 1
    t = state["step"]
    for p, g, slot in zip(params, grads, state["slots"]):
        p -= _update(name, hp, np.asarray(g, dtype=float), slot, t)


def _update(name, hp, g, s, t):
    """Return the amount to subtract from a parameter at step t; updates its slot s."""
    lr = hp["lr"]
    if name == "sgd":
        return lr * g
    if name in ("momentum", "nesterov"):
        mom = hp["momentum"]
        s["buf"] = g.copy() if s["buf"] is None else mom * s["buf"] + g
        return lr * (g + mom * s["buf"] if name == "nesterov" else s["buf"])
    if name == "adagrad":
        clr = lr / (1.0 + (t - 1) * hp["lr_decay"])
        s["sum"] += g * g
        return clr * g / (np.sqrt(s["sum"]) + hp["eps"])
    if name == "rmsprop":
        a = hp["alpha"]
        s["v"] = a * s["v"] + (1.0 - a) * g * g
        return lr * g / (np.sqrt(s["v"]) + hp["eps"])
    if name == "adadelta":
        rho, eps = hp["rho"], hp["eps"]
        s["v"] = rho * s["v"] + (1.0 - rho) * g * g
        delta = np.sqrt(s["u"] + eps) / np.sqrt(s["v"] + eps) * g
        s["u"] = rho * s["u"] + (1.0 - rho) * delta * delta
        return lr * delta
    b1, b2 = hp["betas"]
    s["m"] = b1 * s["m"] + (1.0 - b1) * g
    if name == "adam":
        s["v"] = b2 * s["v"] + (1.0 - b2) * g * g
        denom = np.sqrt(s["v"]) / math.sqrt(1.0 - b2**t) + hp["eps"]
        return lr / (1.0 - b1**t) * s["m"] / denom
    if name == "adamax":  # note: torch adds eps to |g| inside the max
        s["u"] = np.maximum(b2 * s["u"], np.abs(g) + hp["eps"])
        return lr / (1.0 - b1**t) * s["m"] / s["u"]
    if name == "nadam":
        psi = hp["momentum_decay"]
        mu = b1 * (1.0 - 0.5 * 0.96 ** (t * psi))
        mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        s["mu_product"] *= mu  # product of mu_1 .. mu_t
        s["v"] = b2 * s["v"] + (1.0 - b2) * g * g
        denom = np.sqrt(s["v"] / (1.0 - b2**t)) + hp["eps"]
        return (
            lr * (1.0 - mu) / (1.0 - s["mu_product"]) * g / denom
            + lr * mu_next / (1.0 - s["mu_product"] * mu_next) * s["m"] / denom
        )
    raise ValueError(f"unknown optimizer {name!r}")
