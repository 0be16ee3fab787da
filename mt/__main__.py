"""``python -m mt``: the same as the ``mt`` command."""

import sys

from mt.cli import main

sys.exit(main())
