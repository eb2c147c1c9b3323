"""GPU speed: full-batch training and a 1024 x 1024 grid prediction, CUDA backend vs CPU backend vs PyTorch.

    python benchmarks/bench_cuda.py              # 65,536 points, 2-256-256-256-256-1 tanh, ~1-2 minutes
    python benchmarks/bench_cuda.py --quick      # fewer timed epochs (and one CPU epoch)

The network and data are the same for all three: 65,536 points in [-6, 6]^2 labelled by a circle, features
(x1, x2), four hidden layers of 256 tanh units, one logit, binary cross-entropy, plain SGD (lr 0.01), one
step per epoch (full batch). Reported: epochs per second of each, and the time of a 1024 x 1024 grid
prediction (1,048,576 points: upload, forward through every layer, the output column back; and the
forward alone, on the device). PyTorch runs in float32 with its default matmul precision (no TF32).

Targets from the issue: CUDA >= 20x the CPU backend, >= 0.5x PyTorch on the same GPU, grid < 10 ms.
Exits with status 2 and a one-line "no CUDA GPU here" message where there is no usable GPU.
"""

import argparse
import copy
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kernels import codes as C  # noqa: E402
from kernels import cuda as kc  # noqa: E402
from kernels.backend import CPUBackend  # noqa: E402
from kernels.layout import LayerDesc, build_layout  # noqa: E402
from kernels.net import Net  # noqa: E402

HIDDEN, UNITS, POINTS, GRID, LR = 4, 256, 65_536, 1024, 0.01


def make_problem(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-6.0, 6.0, (n, 2))
    y = (np.hypot(x[:, 0], x[:, 1]) < 3.5).astype(np.float64)
    lay = build_layout(2, [LayerDesc(C.DENSE, UNITS, C.ACT["tanh"])] * HIDDEN + [LayerDesc(C.DENSE, 1, 0)])
    hp = np.zeros(C.N_HP)
    hp[C.HP_LR] = LR
    net = Net(lay, n_out=1, loss=C.LOSS_CODES[("binary", "cross_entropy")], opt=C.OPT["sgd"], hp=hp)
    for sl, shapes in zip(lay.param_slices(), lay.weight_shapes()):
        fan_in, units = shapes["W"][0], shapes["W"][1]
        a = np.sqrt(6.0 / (fan_in + units))
        net.params[sl["W"]] = rng.uniform(-a, a, sl["W"].stop - sl["W"].start)
        net.params[sl["b"]] = 0.0
    return net, x, y


def grid_points(res: int) -> np.ndarray:
    t = np.linspace(-6.0, 6.0, res)
    gx, gy = np.meshgrid(t, t)
    return np.column_stack([gx.ravel(), gy.ravel()])


def rate(fn, epochs: int) -> float:
    """Epochs per second of fn(epochs) (fn returns only when the work is done)."""
    t = time.perf_counter()
    fn(epochs)
    return epochs / (time.perf_counter() - t)


def bench_cuda(net, x, y, epochs, grid):
    from numba import cuda

    be = kc.CUDABackend()
    n = len(x)
    empty = x[:0]
    be.train(net, x, y, empty, y[:0], 2, n, 0)  # compile (or load from the cache) and warm up
    eps = rate(lambda k: be.train(net, x, y, empty, y[:0], k, n, 0), epochs)
    eps_rec = rate(lambda k: be.train(net, x, y, empty, y[:0], k, n, 1), max(2, epochs // 2))
    out_col = [int(net.layout.table[-1, C.COL_OUT])]
    be.outputs(net, grid[:4096], columns=out_col)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        be.outputs(net, grid, columns=out_col)
        times.append(time.perf_counter() - t)
    grid_call = min(times)
    # the forward alone: data already on the device, no copies back
    st = be._sync_in(net)
    cols = be._columns(st, len(grid))
    st.buffers(cols, 1)
    X = cuda.to_device(np.ascontiguousarray(grid, dtype=np.float32))
    times = []
    for _ in range(5):
        cuda.synchronize()
        t = time.perf_counter()
        for c0 in range(0, len(grid), cols):
            cc = min(cols, len(grid) - c0)
            be._gather(st, X, st.idx_dummy, False, c0, cc)
            be._forward(st, cc, False, 0)
        cuda.synchronize()
        times.append(time.perf_counter() - t)
    return eps, eps_rec, grid_call, min(times)


def bench_cpu(net, x, y, epochs):
    be = CPUBackend()
    be.warmup()
    n = len(x)
    be.train(net, x[:256], y[:256], x[:0], y[:0], 1, 256, 0)
    return rate(lambda k: be.train(net, x, y, x[:0], y[:0], k, n, 0), epochs)


def bench_torch(net, x, y, epochs, grid):
    try:
        import torch
    except ImportError:
        return None, "PyTorch is not installed"
    if not torch.cuda.is_available():
        return None, "PyTorch has no CUDA here"
    dev = torch.device("cuda")
    layers = []
    for sl, shapes in zip(net.layout.param_slices(), net.layout.weight_shapes()):
        lin = torch.nn.Linear(*shapes["W"])
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(net.params[sl["W"]].reshape(shapes["W"]).T))
            lin.bias.copy_(torch.tensor(net.params[sl["b"]]))
        layers += [lin, torch.nn.Tanh()]
    model = torch.nn.Sequential(*layers[:-1]).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    xt = torch.tensor(x, dtype=torch.float32, device=dev)
    yt = torch.tensor(y, dtype=torch.float32, device=dev)

    def train(k):
        for _ in range(k):
            opt.zero_grad(set_to_none=True)
            loss_fn(model(xt)[:, 0], yt).backward()
            opt.step()
        torch.cuda.synchronize()

    train(3)
    eps = rate(train, epochs)
    g = torch.tensor(grid, dtype=torch.float32, device=dev)
    times = []
    with torch.no_grad():
        model(g)
        for _ in range(5):
            torch.cuda.synchronize()
            t = time.perf_counter()
            model(g)
            torch.cuda.synchronize()
            times.append(time.perf_counter() - t)
    return (eps, min(times)), f"torch {torch.__version__}, TF32 matmul {torch.backends.cuda.matmul.allow_tf32}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer timed epochs")
    ap.add_argument("--points", type=int, default=POINTS)
    ap.add_argument("--no-cpu", action="store_true", help="skip the (slow) CPU backend")
    args = ap.parse_args(argv)
    if not kc.gpu_usable():
        print(f"no CUDA GPU here: {kc.unavailable_reason() or 'only the CUDA simulator is on'}; nothing to measure",
              file=sys.stderr)
        return 2
    from numba import cuda

    dev = cuda.get_current_device()
    name = dev.name.decode() if isinstance(dev.name, bytes) else dev.name
    epochs = 10 if args.quick else 40
    net, x, y = make_problem(args.points)
    grid = grid_points(GRID)
    print(f"GPU: {name} (compute capability {dev.compute_capability[0]}.{dev.compute_capability[1]}, "
          f"{dev.MULTIPROCESSOR_COUNT} SMs); {len(x):,} points, 2-{'-'.join([str(UNITS)] * HIDDEN)}-1 tanh, "
          f"full batch, SGD", flush=True)

    eps_cuda, eps_cuda_rec, grid_call, grid_fwd = bench_cuda(copy.deepcopy(net), x, y, epochs, grid)
    print(f"  cuda backend : {eps_cuda:9.1f} epochs/s  ({eps_cuda_rec:.1f} with a loss evaluation every epoch)")
    print(f"  grid {GRID}x{GRID}: {grid_call * 1e3:7.2f} ms per outputs(columns=[score]) call "
          f"(upload, forward, score back); {grid_fwd * 1e3:.2f} ms forward alone", flush=True)
    eps_cpu = None
    if not args.no_cpu:
        eps_cpu = bench_cpu(copy.deepcopy(net), x, y, 1 if args.quick else 2)
        print(f"  cpu backend  : {eps_cpu:9.3f} epochs/s  (one core, float64)", flush=True)
    torch_res, torch_info = bench_torch(net, x, y, epochs, grid)
    if torch_res:
        print(f"  pytorch      : {torch_res[0]:9.1f} epochs/s  ({torch_info}); "
              f"grid forward {torch_res[1] * 1e3:.2f} ms")
    else:
        print(f"  pytorch      : not measured ({torch_info})")

    print("targets:")
    if eps_cpu:
        r = eps_cuda / eps_cpu
        print(f"  cuda / cpu      = {r:8.1f}x  (>= 20x: {'met' if r >= 20 else 'SHORT'})")
    if torch_res:
        r = eps_cuda / torch_res[0]
        print(f"  cuda / pytorch  = {r:8.2f}x  (>= 0.5x: {'met' if r >= 0.5 else f'SHORT by {0.5 / r:.1f}x'})")
    print(f"  grid prediction = {grid_call * 1e3:8.2f} ms (< 10 ms: {'met' if grid_call < 0.010 else 'SHORT'}; "
          f"forward alone {grid_fwd * 1e3:.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
