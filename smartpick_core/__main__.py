"""`python -m smartpick_core score ...` - see cli.py."""

import sys

from .cli import main

sys.exit(main())
