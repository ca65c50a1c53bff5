"""``python -m govgame``: the same command line as the ``govgame`` script."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
