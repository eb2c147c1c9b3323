"""The maths of training written once: activations, losses, optimizer rules and splitmix64.

Small plain-Python functions over scalars (a loss reads one sample's column of scores, an optimizer rule
steps a range of parameters) that every backend compiles from this one source: `cpu_functions()` with numba.njit for kernels/cpu.py and
`cuda_functions()` with numba.cuda.jit(device=True) for kernels/cuda.py, the latter built only when the
CUDA backend is imported, so the CPU never loads numba.cuda. Run uncompiled, they are the tests' oracle.

Each target gets its own copy of every function, with its own globals: the float type of the constants
(float64 on the CPU; float32 on the GPU, so float32 arithmetic stays float32) and `tanh` (the CPU brings
its vectorising one). Optimizer rules compute in float64 on both, so they use plain float literals.
Codes are looked up by name in codes.py: reordering a tuple there cannot swap two rules, and a code
with no rule gives NaN.
"""

import math
import types

import numpy as np

from . import codes as C

# ---------------------------------------------------------------- codes, by name
LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, PRELU = (
    C.ACT[n] for n in ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu"))
ELU, SELU, SOFTPLUS, GELU, SILU, SIN = (C.ACT[n] for n in ("elu", "selu", "softplus", "gelu", "silu", "sin"))
SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP = (
    C.OPT[n] for n in ("sgd", "momentum", "nesterov", "adagrad", "rmsprop"))
ADADELTA, ADAM, ADAMAX, NADAM = (C.OPT[n] for n in ("adadelta", "adam", "adamax", "nadam"))

# ---------------------------------------------------------------- constants (float64 here; see FLOAT32)
ZERO, ONE, TWO, HALF = 0.0, 1.0, 2.0, 0.5
NAN = math.nan
LEAK = 0.01  # leaky ReLU's slope
SOFTPLUS_LINEAR = 20.0  # softplus(z) is z above this
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
INV_SQRT2 = 0.70710678118654752440
INV_SQRT_2PI = 0.39894228040143267794
FLOAT_NAMES = ("ZERO", "ONE", "TWO", "HALF", "NAN", "LEAK", "SOFTPLUS_LINEAR", "SELU_SCALE", "SELU_ALPHA",
               "INV_SQRT2", "INV_SQRT_2PI")
GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # splitmix64's increment
MIX1, MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
S27, S30, S31, S11 = np.uint64(27), np.uint64(30), np.uint64(31), np.uint64(11)
TWO_M53 = 1.0 / 9007199254740992.0

tanh = math.tanh  # the CPU passes its own

SOURCES = []  # names of the functions below that every target compiles, in order


def scalar(fn):
    """Mark fn as one of the functions every target compiles."""
    SOURCES.append(fn.__name__)
    return fn


# ---------------------------------------------------------------- activations
@scalar
def sigmoid(z):
    """1 / (1 + exp(-z)) without overflow."""
    if z >= ZERO:
        return ONE / (ONE + math.exp(-z))
    e = math.exp(z)
    return e / (ONE + e)


@scalar
def act_value(code, z, alpha):
    """The activation's value at z (alpha is the PReLU slope, unused by the others)."""
    if code == LINEAR:
        return z
    if code == SIGMOID:
        return sigmoid(z)
    if code == TANH:
        return tanh(z)
    if code == RELU:
        return z if z > ZERO else ZERO  # noqa: FURB136 (max() would differ on NaN)
    if code == LEAKY_RELU:
        return z if z > ZERO else LEAK * z
    if code == PRELU:
        return z if z > ZERO else alpha * z
    if code == ELU:
        return z if z > ZERO else math.expm1(z)
    if code == SELU:
        return SELU_SCALE * (z if z > ZERO else SELU_ALPHA * math.expm1(z))
    if code == SOFTPLUS:
        return z if z > SOFTPLUS_LINEAR else math.log1p(math.exp(z))
    if code == GELU:
        return HALF * z * (ONE + math.erf(z * INV_SQRT2))
    if code == SILU:
        return z * sigmoid(z)
    if code == SIN:
        return math.sin(z)
    return NAN * z


@scalar
def act_slope(code, z, a, alpha):
    """d act / d z at z, given the value a = act(z); kinks follow PyTorch's autograd."""
    if code == LINEAR:
        return ONE
    if code == SIGMOID:
        return a * (ONE - a)
    if code == TANH:
        return ONE - a * a
    if code == RELU:
        return ONE if z > ZERO else ZERO
    if code == LEAKY_RELU:
        return ONE if z > ZERO else LEAK
    if code == PRELU:
        return ONE if z > ZERO else alpha
    if code == ELU:
        return ONE if z > ZERO else math.exp(z)
    if code == SELU:
        return SELU_SCALE if z > ZERO else SELU_SCALE * SELU_ALPHA * math.exp(z)
    if code == SOFTPLUS:
        return ONE if z > SOFTPLUS_LINEAR else sigmoid(z)
    if code == GELU:
        return HALF * (ONE + math.erf(z * INV_SQRT2)) + z * INV_SQRT_2PI * math.exp(-HALF * z * z)
    if code == SILU:
        s = sigmoid(z)
        return s * (ONE + z * (ONE - s))
    if code == SIN:
        return math.cos(z)
    return NAN * z


# ---------------------------------------------------------------- losses
@scalar
def binary_loss(loss, s, y):
    """(loss, d loss / d s) of one score s against its target y (0 or 1; any real for MSE)."""
    if loss == C.BCE:  # on the logit
        # ZERO if ZERO > s else s is max(s, ZERO), NaN included, without compiling max (see cpu.py's 'Few signatures')
        return (ZERO if ZERO > s else s) - s * y + math.log1p(math.exp(-abs(s))), sigmoid(s) - y  # noqa: FURB136
    if loss == C.MSE_SIGMOID:
        p = sigmoid(s)
        return (p - y) ** 2, TWO * (p - y) * p * (ONE - p)
    if loss == C.HINGE:  # on the raw score, target -1 or +1
        t = TWO * y - ONE
        h = ONE - t * s
        if h > ZERO:
            return h, -t
        return ZERO, ZERO
    if loss == C.MSE:
        return (s - y) ** 2, TWO * (s - y)
    return NAN * s, NAN * s


@scalar
def binary_hit(loss, s, y):
    """1 if the score s predicts the class y (a regression has no classes: 0)."""
    return 1 if loss != C.MSE and (s > ZERO) == (y > HALF) else 0


@scalar
def top_class(S, out, b, n_out):
    """(class, score) of sample b's highest score S[out + class, b], the first among equals."""
    best = 0
    m = S[out, b]
    for k in range(1, n_out):
        if S[out + k, b] > m:
            m = S[out + k, b]
            best = k
    return best, m


@scalar
def margin_loss(S, D, out, b, n_out, c, total, want_grad, scale):
    """Multi-class hinge (PyTorch's MultiMarginLoss) of sample b, true class c, added into total.

    Adds term by term (the order the frozen losses sum in); with want_grad, D[out + k, b] = dL/dS * scale.
    """
    sy = S[out + c, b]
    gy = ZERO
    for k in range(n_out):
        g = ZERO
        if k != c:
            h = ONE - sy + S[out + k, b]
            if h > ZERO:
                total += h / n_out
                g = ONE / n_out
                gy -= g
        if want_grad:
            D[out + k, b] = g * scale
    if want_grad:
        D[out + c, b] = gy * scale
    return total


@scalar
def softmax_sum(S, out, b, n_out, m):
    """sum_k exp(S[out + k, b] - m), softmax's denominator shifted by the top score m."""
    z = ZERO
    for k in range(n_out):
        z += math.exp(S[out + k, b] - m)
    return z


@scalar
def cross_entropy(S, D, out, b, n_out, c, m, total, want_grad, scale):
    """Softmax cross-entropy of sample b added into total; with want_grad its gradient into D."""
    z = softmax_sum(S, out, b, n_out, m)
    total += m + math.log(z) - S[out + c, b]
    if want_grad:
        for k in range(n_out):
            p = math.exp(S[out + k, b] - m) / z
            D[out + k, b] = (p - (ONE if k == c else ZERO)) * scale
    return total


@scalar
def softmax_mse(S, D, out, b, n_out, c, m, total, want_grad, scale):
    """MSE of the softmax against one-hot c (PyTorch's mean over all B*K entries), added into total."""
    z = softmax_sum(S, out, b, n_out, m)
    dot = ZERO
    for k in range(n_out):
        p = math.exp(S[out + k, b] - m) / z
        e = p - (ONE if k == c else ZERO)
        total += e * e / n_out
        dot += e * p
    if want_grad:
        for k in range(n_out):
            p = math.exp(S[out + k, b] - m) / z
            e = p - (ONE if k == c else ZERO)
            D[out + k, b] = TWO / n_out * p * (e - dot) * scale
    return total


@scalar
def sample_loss(loss, S, D, out, b, n_out, y, total, want_grad, scale):
    """(total + sample b's loss, 1 if it is predicted right else 0); scores S[out:out + n_out, b].

    With want_grad, d loss / d score times scale (1 / the batch size) goes into D[out:out + n_out, b].
    The CPU calls the two halves apart (the multi-class one is compiled only for networks that use it).
    """
    if n_out == 1:
        return single_score_loss(loss, S, D, out, b, y, total, want_grad, scale)
    return multi_class_loss(loss, S, D, out, b, n_out, y, total, want_grad, scale)


@scalar
def single_score_loss(loss, S, D, out, b, y, total, want_grad, scale):
    """sample_loss of one score S[out, b] (two classes, or a regression)."""
    s = S[out, b]
    value, g = binary_loss(loss, s, y)
    if want_grad:
        D[out, b] = g * scale
    return total + value, binary_hit(loss, s, y)


@scalar
def multi_class_loss(loss, S, D, out, b, n_out, y, total, want_grad, scale):
    """sample_loss of n_out > 1 class scores."""
    c = int(y)
    best, m = top_class(S, out, b, n_out)
    hit = 1 if best == c else 0
    if loss == C.MULTI_MARGIN:
        return margin_loss(S, D, out, b, n_out, c, total, want_grad, scale), hit
    if loss == C.CE:
        return cross_entropy(S, D, out, b, n_out, c, m, total, want_grad, scale), hit
    if loss == C.MSE_SOFTMAX:
        return softmax_mse(S, D, out, b, n_out, c, m, total, want_grad, scale), hit
    return total + NAN, hit


# ---------------------------------------------------------------- optimizers (float64 on every target)
@scalar
def layer_coefs(opt, hp, t, prod):
    """((c0, c1, c2, d1, d2, eps), prod) for a layer's step t (counted from 1), hp read by its HP_* slots.

    c0, c1, c2 are the step's scalars (see step_params), d1, d2 the rule's decay rates; prod is NAdam's
    running product of mu, returned updated (the other rules return it as it is).
    """
    lr = hp[C.HP_LR]
    b1 = hp[C.HP_BETA1]
    b2 = hp[C.HP_BETA2]
    eps = hp[C.HP_EPS]
    if opt == MOMENTUM or opt == NESTEROV:  # c1: 1 once the momentum buffer exists
        return (lr, 1.0 if t > 1.0 else 0.0, 0.0, hp[C.HP_MOMENTUM], 0.0, eps), prod
    if opt == ADAGRAD:
        return (lr / (1.0 + (t - 1.0) * hp[C.HP_LR_DECAY]), 0.0, 0.0, 0.0, 0.0, eps), prod
    if opt == RMSPROP:
        return (lr, 0.0, 0.0, hp[C.HP_ALPHA], 0.0, eps), prod
    if opt == ADADELTA:
        return (lr, 0.0, 0.0, hp[C.HP_RHO], 0.0, eps), prod
    if opt == ADAM:  # c0: lr over the first moment's bias correction, c1: sqrt of the second's
        return (lr / (1.0 - b1**t), math.sqrt(1.0 - b2**t), 0.0, b1, b2, eps), prod
    if opt == ADAMAX:
        return (lr / (1.0 - b1**t), 0.0, 0.0, b1, b2, eps), prod
    if opt == NADAM:  # c0, c1: the gradient's and the moment's coefficients, c2: bias correction
        md = hp[C.HP_MOMENTUM_DECAY]
        mu = b1 * (1.0 - 0.5 * 0.96 ** (t * md))
        mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1.0) * md))
        prod = prod * mu
        c_g = lr * (1.0 - mu) / (1.0 - prod)
        c_m = lr * mu_next / (1.0 - prod * mu_next)
        return (c_g, c_m, 1.0 - b2**t, b1, b2, eps), prod
    return (lr, 0.0, 0.0, 0.0, 0.0, eps), prod  # sgd; an unknown rule fails in step_params


# One function per rule, all with the same arguments: the CPU compiles only the rule a network trains
# with (kernels/cpu.py's step_kernel), the others when they are first chosen. Each steps W[lo:hi] in float64;
# (c0, c1, c2, d1, d2, eps) are layer_coefs' k.
@scalar
def sgd_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """Plain gradient descent."""
    for p in range(lo, hi):
        W[p] = W[p] - c0 * np.float64(G[p])


@scalar
def momentum_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """Momentum, or with opt NESTEROV Nesterov's."""
    for p in range(lo, hi):
        g = np.float64(G[p])
        m = d1 * S1[p] + g if c1 != 0.0 else g
        S1[p] = m
        W[p] = W[p] - c0 * (g + d1 * m if opt == NESTEROV else m)


@scalar
def adagrad_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """Adagrad."""
    for p in range(lo, hi):
        g = np.float64(G[p])
        m = S1[p] + g * g
        S1[p] = m
        W[p] = W[p] - c0 * g / (math.sqrt(m) + eps)


@scalar
def rmsprop_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """RMSprop."""
    for p in range(lo, hi):
        g = np.float64(G[p])
        m = d1 * S1[p] + (1.0 - d1) * g * g
        S1[p] = m
        W[p] = W[p] - c0 * g / (math.sqrt(m) + eps)


@scalar
def adadelta_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """Adadelta."""
    for p in range(lo, hi):
        g = np.float64(G[p])
        m = d1 * S1[p] + (1.0 - d1) * g * g
        u = np.float64(S2[p])
        d = math.sqrt(u + eps) / math.sqrt(m + eps) * g
        S1[p] = m
        S2[p] = d1 * u + (1.0 - d1) * d * d
        W[p] = W[p] - c0 * d


@scalar
def adam_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """Adam."""
    for p in range(lo, hi):
        g = np.float64(G[p])
        m = S1[p] + (g - S1[p]) * (1.0 - d1)
        v = d2 * S2[p] + (1.0 - d2) * g * g
        S1[p] = m
        S2[p] = v
        W[p] = W[p] - c0 * m / (math.sqrt(v) / c1 + eps)


@scalar
def adamax_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """Adamax."""
    for p in range(lo, hi):
        g = np.float64(G[p])
        m = S1[p] + (g - S1[p]) * (1.0 - d1)
        v = d2 * S2[p]
        u = abs(g) + eps
        v = u if u > v else v  # noqa: FURB136 (max(v, u), as in binary_loss)
        S1[p] = m
        S2[p] = v
        W[p] = W[p] - c0 * m / v


@scalar
def nadam_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """NAdam."""
    for p in range(lo, hi):
        g = np.float64(G[p])
        m = S1[p] + (g - S1[p]) * (1.0 - d1)
        v = d2 * S2[p] + (1.0 - d2) * g * g
        S1[p] = m
        S2[p] = v
        denom = math.sqrt(v / c2) + eps
        w = W[p] - c0 * g / denom
        W[p] = w - c1 * m / denom


@scalar
def unknown_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi):
    """A code with no rule: NaN."""
    for p in range(lo, hi):
        W[p] = math.nan


# each code's rule by name (the CPU looks rules up here); a code not in it has none
STEP_RULES = {SGD: "sgd_step", MOMENTUM: "momentum_step", NESTEROV: "momentum_step", ADAGRAD: "adagrad_step",
              RMSPROP: "rmsprop_step", ADADELTA: "adadelta_step", ADAM: "adam_step", ADAMAX: "adamax_step",
              NADAM: "nadam_step"}


@scalar
def step_params(opt, k, W, G, S1, S2, lo, hi):
    """One torch.optim-equivalent step of W[lo:hi] with gradients G and state S1, S2, in float64.

    k = (c0, c1, c2, d1, d2, eps) from layer_coefs. The CPU steps a layer's range at once (the rule
    chosen once, outside the loop, and called through a pointer: see STEP_RULES); the GPU one parameter a
    thread (hi = lo + 1). An unknown opt writes NaN.
    """
    c0, c1, c2, d1, d2, eps = k
    if opt == SGD:
        sgd_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)
    elif opt == MOMENTUM or opt == NESTEROV:
        momentum_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)
    elif opt == ADAGRAD:
        adagrad_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)
    elif opt == RMSPROP:
        rmsprop_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)
    elif opt == ADADELTA:
        adadelta_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)
    elif opt == ADAM:
        adam_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)
    elif opt == ADAMAX:
        adamax_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)
    elif opt == NADAM:
        nadam_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)
    else:
        unknown_step(opt, c0, c1, c2, d1, d2, eps, W, G, S1, S2, lo, hi)


# ---------------------------------------------------------------- random numbers (splitmix64)
@scalar
def mix64(z):
    """splitmix64's finaliser: a bijective scramble of 64 bits (uint64)."""
    z = (z ^ (z >> S30)) * MIX1
    z = (z ^ (z >> S27)) * MIX2
    return z ^ (z >> S31)


@scalar
def splitmix64(state):
    """(next state, 64 random bits) of one splitmix64 step (uint64)."""
    state = state + GOLDEN
    return state, mix64(state)


@scalar
def unit_interval(bits):
    """A float64 in [0, 1) from the top 53 of 64 random bits."""
    return np.float64(bits >> S11) * TWO_M53


# ---------------------------------------------------------------- compiling
FLOAT32 = {name: np.float32(globals()[name]) for name in FLOAT_NAMES}


def compile_all(jit, name: str, apart=None, **overrides) -> types.ModuleType:
    """A module of every `scalar` function compiled by jit, seeing this module's globals and overrides.

    apart: {function name: another jit} for the functions compiled otherwise.
    """
    mod = types.ModuleType(f"{__name__}.{name}")
    ns = mod.__dict__
    ns.update({k: v for k, v in globals().items() if not k.startswith("__")})
    ns.update(overrides)
    ns["__name__"] = __name__  # Numba's cache names a function by its module and file: this one's
    for fn_name in SOURCES:
        src = globals()[fn_name]
        fn = types.FunctionType(src.__code__, ns, fn_name, src.__defaults__, src.__closure__)
        fn.__doc__ = src.__doc__
        ns[fn_name] = (apart or {}).get(fn_name, jit)(fn)
    return mod


_BUILT = {}


# Compiled as functions of their own rather than inlined in Numba's IR: inlined, their twelve branches
# (erf, expm1, log1p, three sigmoids, the CPU's tanh) were typed again inside every caller, about 1.5 s
# of a cold first start. LLVM still inlines them where that pays; the bits are the same either way.
CPU_APART = ("act_value", "act_slope")


def cpu_functions(tanh_fn) -> types.ModuleType:
    """The functions for the CPU: njit, float64, tanh = tanh_fn (njit); inlined into their callers in
    Numba's IR, except CPU_APART and the optimizer rules (STEP_RULES, compiled apart, one at a time)."""
    if "cpu" not in _BUILT:
        from numba import njit

        apart = dict.fromkeys(CPU_APART, njit(nogil=True, cache=True))
        apart.update(dict.fromkeys(set(STEP_RULES.values()) | {"unknown_step"}, njit(nogil=True, cache=True)))
        _BUILT["cpu"] = compile_all(njit(inline="always", nogil=True, cache=True), "cpu", apart, tanh=tanh_fn)
    return _BUILT["cpu"]


def cuda_functions() -> types.ModuleType:
    """The functions as numba.cuda device functions, float32 constants (imports numba.cuda)."""
    if "cuda" not in _BUILT:
        from numba import cuda

        _BUILT["cuda"] = compile_all(cuda.jit(device=True), "cuda", tanh=math.tanh, **FLOAT32)
    return _BUILT["cuda"]


def host_splitmix64(state: int) -> tuple[int, int]:
    """splitmix64 in Python integers: (next state, output)."""
    with np.errstate(over="ignore"):
        s, z = splitmix64(np.uint64(state))
    return int(s), int(z)
