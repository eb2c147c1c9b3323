"""Lay a network out in flat arrays: one parameter vector and one integer table of offsets."""

from dataclasses import dataclass

import numpy as np

from . import codes as C


@dataclass(frozen=True)
class LayerDesc:
    """One layer as a kernel sees it; the output layer is a dense layer with a linear activation."""

    kind: int
    units: int = 0
    act: int = 0
    pieces: int = 1
    rate: float = 0.0
    frozen: bool = False


@dataclass
class Layout:
    """Offsets of every layer's weights, biases, PReLU slopes and activations in the flat buffers."""

    table: np.ndarray  # (L, N_COLS) int64
    rates: np.ndarray  # (L,) float64 dropout rates
    n_params: int
    width: int  # columns of the activation buffer: the features, then every layer's output

    def weight_shapes(self) -> list[dict[str, tuple]]:
        """Shapes of each parametrised layer's arrays, in get_weights() order."""
        shapes = []
        for row in self.table:
            kind, fan_in, units, pieces = row[C.COL_KIND], row[C.COL_FAN_IN], row[C.COL_UNITS], row[C.COL_PIECES]
            if kind == C.DENSE:
                s = {"W": (fan_in, units), "b": (units,)}
                if row[C.COL_ALPHA] >= 0:
                    s["alpha"] = (units,)
            elif kind == C.MAXOUT:
                s = {"W": (fan_in, units, pieces), "b": (units, pieces)}
            else:
                continue
            shapes.append({k: tuple(int(d) for d in v) for k, v in s.items()})
        return shapes

    def param_slices(self) -> list[dict[str, slice]]:
        """Slices of the flat parameter vector, shaped like weight_shapes()."""
        out = []
        for row, shapes in zip(self.parametrised_rows(), self.weight_shapes()):
            sl = {}
            for key, col in (("W", C.COL_W), ("b", C.COL_B), ("alpha", C.COL_ALPHA)):
                if key in shapes:
                    start = int(row[col])
                    sl[key] = slice(start, start + int(np.prod(shapes[key])))
            out.append(sl)
        return out

    def parametrised_rows(self) -> np.ndarray:
        """Rows of the table that own parameters (dense and maxout)."""
        return self.table[self.table[:, C.COL_KIND] != C.DROPOUT]

    def masks(self) -> tuple[np.ndarray, np.ndarray]:
        """(trainable, regularised) masks over the flat parameters: frozen layers and W-only penalties."""
        trainable = np.ones(self.n_params)
        regularised = np.zeros(self.n_params)
        for row, sl in zip(self.parametrised_rows(), self.param_slices()):
            if row[C.COL_FROZEN]:
                for s in sl.values():
                    trainable[s] = 0.0
            regularised[sl["W"]] = 1.0
        return trainable, regularised


def build_layout(n_inputs: int, layers: list[LayerDesc]) -> Layout:
    """Assign offsets layer by layer; parameters of a layer are contiguous [W, b, alpha]."""
    table = np.zeros((len(layers), C.N_COLS), dtype=np.int64)
    rates = np.zeros(len(layers))
    p = 0  # next free parameter slot
    col = n_inputs  # next free activation column (features occupy 0..n_inputs-1)
    zcol = 0
    fan_in, in_col = n_inputs, 0
    for i, layer in enumerate(layers):
        units = fan_in if layer.kind == C.DROPOUT else layer.units
        pieces = layer.pieces if layer.kind == C.MAXOUT else 1
        row = table[i]
        row[C.COL_KIND], row[C.COL_FAN_IN], row[C.COL_UNITS] = layer.kind, fan_in, units
        row[C.COL_PIECES], row[C.COL_ACT], row[C.COL_FROZEN] = pieces, layer.act, int(layer.frozen)
        row[C.COL_W] = row[C.COL_B] = row[C.COL_ALPHA] = -1
        row[C.COL_IN], row[C.COL_OUT], row[C.COL_Z] = in_col, col, zcol
        if layer.kind != C.DROPOUT:
            row[C.COL_W] = p
            p += fan_in * units * pieces
            row[C.COL_B] = p
            p += units * pieces
            if layer.kind == C.DENSE and layer.act == C.PRELU:
                row[C.COL_ALPHA] = p
                p += units
        row[C.COL_END] = p
        rates[i] = layer.rate
        in_col, fan_in = col, units
        col += units
        zcol += units
    return Layout(table=table, rates=rates, n_params=p, width=col)
