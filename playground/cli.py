"""Command line: `python -m playground train CONFIG.json --epochs N`, `presets`, or no command for the window."""

import argparse
import json
import sys
import time
from pathlib import Path

from .errors import ConfigError


def _progress(done: int, total: int, loss: float, started: float, lr: float | None = None) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / max(time.perf_counter() - started, 1e-9)
    shown = f"  lr {lr:.4g}" if lr is not None else ""  # a schedule's rate of the last epoch
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} epochs  "
                     f"test loss {loss:.4f}{shown}  {rate:,.0f} epochs/s")
    sys.stderr.flush()


def train_command(args) -> int:
    """Train headless, print the final evaluate() as JSON, optionally save the trained experiment."""
    from .experiment import Experiment
    from .files import read_json
    from .presets import load_preset

    if (args.config is None) == (args.preset is None):
        raise ConfigError("give either a CONFIG.json file or --preset NAME (one of them)")
    if args.preset is not None:
        preset = load_preset(args.preset)
        cfg = preset["config"]
        epochs = args.epochs if args.epochs is not None else preset["epochs"]
    else:
        cfg = read_json(args.config, "experiment config (JSON)")
        epochs = args.epochs if args.epochs is not None else 500
    if epochs < 0:
        raise ConfigError(f"--epochs must be 0 or more, got {epochs}")
    if args.backend is not None:
        cfg = {**cfg, "backend": args.backend}
    if args.seed is not None:
        cfg = {**cfg, "seed": args.seed}
    exp = Experiment.from_dict(cfg)
    show = not args.quiet and sys.stderr.isatty()
    started = time.perf_counter()
    chunk = max(1, epochs // 100)
    done = 0
    while done < epochs:
        n = min(chunk, epochs - done)
        last = exp.train(n, record_every=n)
        done += n
        if show:
            lr = exp.history.last_row()["lr"] if exp.config["schedule"] is not None else None
            _progress(done, epochs, last["test_loss"], started, lr)
    if show:
        sys.stderr.write("\n")
    result = exp.evaluate()
    if exp.config["schedule"] is not None and exp.epoch > 0:
        result["lr"] = exp.history.last_row()["lr"]  # the schedule's rate at the last epoch
    if args.out:
        exp.save(args.out)
    print(json.dumps(result, indent=1))
    return 0


def export_command(args) -> int:
    """Write a saved experiment as a standalone PyTorch module, or print its equations."""
    from .experiment import Experiment
    from .export import to_equations, to_pytorch_source

    exp = Experiment.load(args.experiment)
    if args.torch:
        Path(args.torch).write_text(to_pytorch_source(exp), encoding="utf-8")
        print(f"wrote {args.torch}: class Model reproduces predict() of {args.experiment}")
    else:
        print(to_equations(exp))
    return 0


def presets_command(args) -> int:
    """List the presets with their one-line summaries."""
    from .presets import load_preset, preset_names

    for name in preset_names():
        print(f"{name:24s} {load_preset(name).get('summary', '')}")
    return 0


def window_command(args) -> int:
    """Open the window."""
    from .ui.app import run

    return run(sys.argv[:1])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m playground", description="Neural Playground")
    sub = parser.add_subparsers(dest="command")
    t = sub.add_parser("train", help="train an experiment headless and print its final losses as JSON")
    t.add_argument("config", nargs="?", help="experiment config or saved experiment (.json)")
    t.add_argument("--preset", help="a preset name instead of a file (see `presets`)")
    t.add_argument("--epochs", type=int, help="epochs to train (default: the preset's, or 500)")
    t.add_argument("--backend", choices=["cpu", "cuda", "auto"], help="compute backend")
    t.add_argument("--seed", type=int, help="override the config's seed")
    t.add_argument("--out", help="save the trained experiment (config, weights, history) to this JSON file")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.set_defaults(func=train_command)
    e = sub.add_parser("export", help="export a saved experiment as a PyTorch module or as equations")
    e.add_argument("experiment", help="a saved experiment (.json, e.g. from train --out)")
    e.add_argument("--torch", metavar="FILE.py", help="write a standalone torch.nn.Module with the weights")
    e.add_argument("--equations", action="store_true", help="print every layer as equations (the default)")
    e.set_defaults(func=export_command)
    p = sub.add_parser("presets", help="list the shipped presets")
    p.set_defaults(func=presets_command)
    w = sub.add_parser("window", help="open the window (the default)")
    w.set_defaults(func=window_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: errors print one clear line and exit with status 2."""
    args = build_parser().parse_args(argv)
    func = getattr(args, "func", window_command)
    try:
        return func(args)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
