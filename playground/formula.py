"""A safe evaluator for user formulas over NumPy arrays: a whitelist walk over Python's ast, never eval."""

from __future__ import annotations

import ast
from collections.abc import Callable

import numpy as np

from playground import libm
from playground.errors import ConfigError

MAX_LENGTH = 500
MAX_DEPTH = 50
MAX_EXPONENT = 100.0
CONSTANTS = {"pi": np.pi, "e": np.e}


def _sigmoid(a: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-a))."""
    return 1.0 / (1.0 + libm.exp(-a))


def _relu(a: np.ndarray) -> np.ndarray:
    """max(a, 0), NaN kept."""
    return np.maximum(a, 0.0)


def _where(cond: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a where cond is non-zero, else b."""
    return np.where(cond != 0, a, b)


# name: (function, number of arguments). The transcendental ones come from playground.libm, not NumPy,
# whose results depend on the CPU's vector extensions; the rest are exact in NumPy.
FUNCTIONS: dict[str, tuple[Callable, int]] = {
    **{name: (getattr(libm, name), 1) for name in (
        "sin", "cos", "tan", "arcsin", "arccos", "arctan", "tanh", "sinh", "cosh", "exp", "log",
        "log2", "log10")},
    **{name: (getattr(np, name), 1) for name in ("sqrt", "abs", "sign", "floor", "ceil", "round")},
    "sigmoid": (_sigmoid, 1), "relu": (_relu, 1),
    **{name: (getattr(np, name), 2) for name in ("minimum", "maximum")},
    **{name: (getattr(libm, name), 2) for name in ("hypot", "arctan2")},
    "where": (_where, 3), "clip": (np.clip, 3),
}

_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide,
           ast.Pow: libm.power, ast.Mod: np.mod}
_COMPARE = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
            ast.Eq: np.equal, ast.NotEq: np.not_equal}
_SYMBOLS = {ast.BitXor: "^", ast.BitAnd: "&", ast.BitOr: "|", ast.FloorDiv: "//", ast.LShift: "<<",
            ast.RShift: ">>", ast.MatMult: "@", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
            ast.IsNot: "is not", ast.Invert: "~"}
_HINTS = {"^": "write ** for a power, e.g. x**2", "&": "use 'and'", "|": "use 'or'", "~": "use 'not'",
          "//": "use floor(a / b)"}
_NODE_NAMES = {ast.Attribute: "attribute access", ast.Subscript: "indexing with [...]",
               ast.Lambda: "lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
               ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
               ast.JoinedStr: "text (a string)", ast.List: "a list", ast.Tuple: "a tuple",
               ast.Set: "a set", ast.Dict: "a dict", ast.NamedExpr: "assignment (:=)",
               ast.Starred: "* unpacking", ast.Slice: "a slice"}

Evaluator = Callable[[dict], np.ndarray]


class FormulaError(ConfigError):
    """A formula that cannot be parsed or uses something not allowed; offset is the 0-based column."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.offset = offset


class Formula:
    """A validated formula; call it with one array per variable to get float64 values."""

    def __init__(self, text: str, variables: tuple[str, ...], evaluate: Evaluator):
        self.text, self.variables, self._evaluate = text, variables, evaluate

    def __repr__(self) -> str:
        return f"Formula({self.text!r}, {self.variables!r})"

    def __call__(self, **arrays) -> np.ndarray:
        """Evaluate elementwise; division by zero and the like give inf/NaN, never an exception."""
        if set(arrays) != set(self.variables):
            raise TypeError(f"formula needs exactly the arrays {', '.join(self.variables)}, "
                            f"got {', '.join(arrays) or 'none'}")
        env = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()}
        shape = np.broadcast_shapes(*(a.shape for a in env.values()))
        with np.errstate(all="ignore"):
            out = self._evaluate(env)
        return np.array(np.broadcast_to(out, shape), dtype=np.float64)


def _f(a) -> np.ndarray:
    """Comparisons and logic give 0.0/1.0, so every value is float64 (bool arithmetic would differ)."""
    return np.asarray(a, dtype=np.float64)


class _Builder:
    """Turns a parsed tree into nested closures, rejecting every node not on the whitelist."""

    def __init__(self, text: str, variables: tuple[str, ...], lead: int):
        self.text, self.variables, self.lead = text, variables, lead
        self.lines = text.split("\n")
        self.line_starts = [lead]
        for line in self.lines:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)

    def offset(self, node: ast.AST, end: bool = False) -> int:
        """0-based character offset into the text as given (ast gives UTF-8 byte columns per line)."""
        line = (node.end_lineno if end else node.lineno) - 1
        col = node.end_col_offset if end else node.col_offset
        return self.line_starts[line] + len(self.lines[line].encode()[:col].decode(errors="ignore"))

    def fail(self, at: int, what: str, hint: str = "") -> FormulaError:
        """A FormulaError naming the problem and its column."""
        return FormulaError(f"{what} at column {at + 1}" + (f"; {hint}" if hint else ""), at)

    def op_offset(self, left: ast.AST, right: ast.AST, symbol: str) -> int:
        """Offset of an operator symbol between two operands."""
        start, stop = self.offset(left, end=True) - self.lead, self.offset(right) - self.lead
        found = self.text.find(symbol, start, stop) if symbol else -1
        return self.lead + (found if found >= 0 else start)

    def bad_op(self, op: ast.AST, at: int) -> FormulaError:
        """An operator not on the whitelist, with the usual replacement."""
        symbol = _SYMBOLS.get(type(op), type(op).__name__)
        hint = _HINTS.get(symbol, "").replace("x**2", f"{(self.variables or ('x',))[0]}**2")
        return self.fail(at, f"'{symbol}' is not allowed", hint)

    def build(self, node: ast.AST, depth: int = 0) -> Evaluator:
        """The evaluator of one node; raises FormulaError for anything not whitelisted."""
        if depth > MAX_DEPTH:
            raise self.fail(self.offset(node), f"the formula is nested more than {MAX_DEPTH} levels deep")
        sub = lambda n: self.build(n, depth + 1)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                what = "text (a string)" if isinstance(value, (str, bytes)) else repr(value)
                raise self.fail(self.offset(node), f"{what} is not allowed", "only numbers")
            try:
                number = float(value)
            except OverflowError:
                number = np.inf
            if not np.isfinite(number):
                shown = (ast.get_source_segment(self.text, node) or "")[:20]
                raise self.fail(self.offset(node), f"the number {shown} is too large")
            return lambda env: number
        if isinstance(node, ast.Name):
            name = node.id
            if name in self.variables:
                return lambda env: env[name]
            if name in CONSTANTS:
                value = CONSTANTS[name]
                return lambda env: value
            if name in FUNCTIONS:
                raise self.fail(self.offset(node), f"{name} is a function", f"call it as {name}(...)")
            raise self.fail(self.offset(node), f"unknown name {name!r}", self.known())
        if isinstance(node, ast.UnaryOp):
            operand = sub(node.operand)
            if isinstance(node.op, ast.USub):
                return lambda env: np.negative(_f(operand(env)))
            if isinstance(node.op, ast.UAdd):
                return lambda env: _f(operand(env))
            if isinstance(node.op, ast.Not):
                return lambda env: _f(np.logical_not(operand(env)))
            raise self.bad_op(node.op, self.offset(node))
        if isinstance(node, ast.BinOp):
            fn = _BINARY.get(type(node.op))
            if fn is None:
                symbol = _SYMBOLS.get(type(node.op), "")
                raise self.bad_op(node.op, self.op_offset(node.left, node.right, symbol))
            left, right = sub(node.left), sub(node.right)
            if isinstance(node.op, ast.Pow):
                self.check_exponent(node.right, right)
            return lambda env: fn(_f(left(env)), _f(right(env)))
        if isinstance(node, ast.Compare):
            for op, a, b in zip(node.ops, [node.left, *node.comparators], node.comparators):
                if type(op) not in _COMPARE:
                    raise self.bad_op(op, self.op_offset(a, b, _SYMBOLS.get(type(op), "")))
            fns = [_COMPARE[type(op)] for op in node.ops]
            parts = [sub(n) for n in [node.left, *node.comparators]]

            def compare(env: dict) -> np.ndarray:
                values = [_f(p(env)) for p in parts]
                result = fns[0](values[0], values[1])
                for fn, a, b in zip(fns[1:], values[1:], values[2:]):
                    result = np.logical_and(result, fn(a, b))
                return _f(result)
            return compare
        if isinstance(node, ast.BoolOp):
            fn = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            parts = [sub(n) for n in node.values]
            return lambda env: self.reduce(fn, parts, env)
        if isinstance(node, ast.IfExp):
            cond, a, b = sub(node.test), sub(node.body), sub(node.orelse)
            return lambda env: _where(_f(cond(env)), _f(a(env)), _f(b(env)))
        if isinstance(node, ast.Call):
            return self.call(node, sub)
        raise self.not_allowed(node)

    def not_allowed(self, node: ast.AST) -> FormulaError:
        """A kind of expression not on the whitelist."""
        what = _NODE_NAMES.get(type(node), type(node).__name__)
        if isinstance(node, ast.Attribute):
            return self.fail(self.offset(node.value, end=True), f"{what} '.{node.attr}' is not allowed")
        return self.fail(self.offset(node), f"{what} is not allowed")

    @staticmethod
    def reduce(fn, parts: list[Evaluator], env: dict) -> np.ndarray:
        """Elementwise and/or of every operand, as 0.0/1.0."""
        result = parts[0](env)
        for p in parts[1:]:
            result = fn(result, p(env))
        return _f(result)

    def call(self, node: ast.Call, sub: Callable[[ast.AST], Evaluator]) -> Evaluator:
        """A call of a whitelisted function with positional arguments only."""
        if not isinstance(node.func, ast.Name):
            if type(node.func) in _NODE_NAMES:
                raise self.not_allowed(node.func)
            raise self.fail(self.offset(node), "only the listed functions can be called", self.known())
        name = node.func.id
        if name in self.variables or name in CONSTANTS:
            raise self.fail(self.offset(node), f"{name} is not a function")
        if name not in FUNCTIONS:
            raise self.fail(self.offset(node), f"unknown function {name!r}", self.known())
        if node.keywords:
            raise self.fail(self.offset(node.keywords[0]), "keyword arguments are not allowed",
                            f"pass the arguments of {name} in order")
        fn, arity = FUNCTIONS[name]
        if len(node.args) != arity:
            raise self.fail(self.offset(node), f"{name} takes {arity} argument{'s' * (arity > 1)}, "
                            f"got {len(node.args)}")
        args = [sub(a) for a in node.args]
        return lambda env: fn(*[_f(a(env)) for a in args])

    def check_exponent(self, node: ast.AST, exponent: Evaluator) -> None:
        """Reject a constant exponent beyond MAX_EXPONENT (x**1e6 is never meant)."""
        if any(isinstance(n, ast.Name) and n.id in self.variables for n in ast.walk(node)):
            return
        with np.errstate(all="ignore"):
            value = float(np.asarray(exponent({})))
        if not abs(value) <= MAX_EXPONENT:
            raise self.fail(self.offset(node), f"the exponent {value:g} is not allowed",
                            f"constant exponents are limited to ±{MAX_EXPONENT:g}")

    def known(self) -> str:
        """The allowed names, for a hint."""
        return (f"the names are {', '.join(self.variables + tuple(CONSTANTS))} and the functions "
                f"{', '.join(FUNCTIONS)}")


def parse_formula(text: str, variables: tuple[str, ...]) -> Formula:
    """Validate a formula over the given variable names; raise FormulaError saying what and where."""
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, got {type(text).__name__}")
    if not text.strip():
        raise FormulaError("the formula is empty")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is {len(text)} characters long; at most {MAX_LENGTH}")
    body = text.lstrip()
    lead = len(text) - len(body)  # ast.parse refuses leading blanks; offsets stay those of the text
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as e:
        lines = body.split("\n")
        at = lead + sum(len(line) + 1 for line in lines[:(e.lineno or 1) - 1]) + (e.offset or 1) - 1
        raise FormulaError(f"syntax error at column {at + 1}: {e.msg}", at) from None
    except (ValueError, RecursionError, MemoryError) as e:
        raise FormulaError(f"the formula cannot be parsed ({e.__class__.__name__})") from None
    evaluate = _Builder(body, tuple(variables), lead).build(tree.body)
    return Formula(text, tuple(variables), evaluate)
