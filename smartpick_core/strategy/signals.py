"""Program signals for the list: the season's allowance and the effect on an interview (programs/signals.py).

The allowance is program data (data/season/signals.csv) read below the model, because the default list the
model scores places the applicant's signals; the list builder uses the same reader.
"""

from __future__ import annotations

from ..programs.signals import SIGNALS_FILE, SignalAllowance, signal_allowance, signalled

__all__ = ["SIGNALS_FILE", "SignalAllowance", "signal_allowance", "signalled"]
