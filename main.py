"""Open the Neural Playground window (or run a CLI command: `python main.py train --preset xor_hidden`)."""

import sys

from playground.cli import main

if __name__ == "__main__":
    sys.exit(main())
