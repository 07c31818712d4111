"""``python -m reportparse``: the same command as ``reportparse``."""

import sys

from reportparse.cli import main

sys.exit(main())
