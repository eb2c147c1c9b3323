"""`python -m playground`: the command line; with no command it opens the window."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
