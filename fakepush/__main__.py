"""``python -m fakepush serve``."""

import sys

from fakepush.cli import main

sys.exit(main())
