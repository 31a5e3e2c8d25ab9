"""Hard screens: the reasons an application would be money thrown away.

Each screen is a vectorised mask over all programs plus a message in words.
Only *known* program facts can fail a screen; an unknown fact never screens a
program out (the likelihood model counts it as uncertainty instead).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..programs.frozen import column_number, column_text, derived
from .profile import Profile, Step1, Step3, Visa


@dataclass(frozen=True)
class ScreenResult:
    """Screens as numpy arrays (a cohort screens hundreds of profiles; pandas frames cost ~10x more here)."""

    names: tuple[str, ...]   # one per screen, the column order of failed and messages
    failed: np.ndarray       # bool, programs x screens; True = this screen fails
    messages: np.ndarray     # str objects, programs x screens; the words shown when it fails

    @property
    def eligible(self) -> np.ndarray:
        return np.asarray(~self.failed.any(axis=1), dtype=bool)   # failed is 2-D: one bool per program


Text = np.ndarray   # numpy unicode array, one cell per program


def _is(programs: pd.DataFrame, column: str, value: str) -> np.ndarray:
    """Known and equal to value (an unknown fact never fails a screen)."""
    return derived(programs, ("is", column, value), lambda: column_text(programs, column) == value)


def _number(programs: pd.DataFrame, column: str) -> np.ndarray:
    return column_number(programs, column)


def _whole(values: np.ndarray) -> Text:
    """'218' for 218.0; 'NA' where unknown (never shown: an unknown fact never fails a screen)."""
    return np.where(np.isnan(values), "NA", np.round(np.nan_to_num(values)).astype(np.int64).astype(str))


def basis_suffix(programs: pd.DataFrame) -> Text:
    return derived(programs, "basis_suffix", lambda: _suffix(column_text(programs, "visa_basis")))


def _suffix(basis: np.ndarray) -> Text:
    return np.where(basis == "institution", " (institution-wide statement)",
                    np.where(basis == "third_party", " (third-party listing)", ""))


def visa_screens(profile: Profile, programs: pd.DataFrame) -> dict[str, tuple[np.ndarray, Text | str]]:
    """Visa rules: a route the program does not offer closes it; H-1B needs Step 3 passed."""
    j1_no = _is(programs, "sponsors_j1", "no")
    h1b_no = _is(programs, "sponsors_h1b", "no")
    suffix = basis_suffix(programs)
    step3_missing = profile.step3 is not Step3.PASSED
    out: dict[str, tuple[np.ndarray, Text | str]] = {}
    if profile.visa is Visa.J1:
        out["visa"] = (j1_no, "Not eligible — does not sponsor J-1" + suffix)
    elif profile.visa is Visa.H1B:
        out["visa"] = (h1b_no, "Not eligible — does not sponsor H-1B" + suffix)
        out["h1b_step3"] = (~h1b_no & step3_missing, "Not eligible — H-1B needs Step 3 passed before the contract starts")
    elif profile.visa is Visa.J1_OR_H1B:
        h1b_closed = h1b_no | step3_missing
        why_h1b = np.where(h1b_no, "does not sponsor H-1B", "H-1B would need Step 3 passed")
        out["visa"] = (j1_no & h1b_closed, "Not eligible — does not sponsor J-1 and " + why_h1b + suffix)
    return out


def _months(values: np.ndarray) -> Text:
    """'3' for 3.0, '1.5' for 1.5 (as the table states it)."""
    return np.array([f"{v:g}" for v in np.nan_to_num(values)], dtype=str) if len(values) else np.array([], dtype=str)


def screen_programs(profile: Profile, programs: pd.DataFrame, years_since_graduation: int) -> ScreenResult:
    """All hard screens for one profile over all programs at once."""
    n = len(programs)
    step2_min = _number(programs, "step2_min")
    yog_max = _number(programs, "yog_max_years")
    usce_min = _number(programs, "usce_min_months")
    had_failure = (profile.step1 is Step1.FAIL_THEN_PASS or profile.step2_attempts > 1
                   or profile.step3 is Step3.FAILED)
    needs_months = np.nan_to_num(usce_min, nan=0.0)
    usce_short = _is(programs, "usce_required", "yes") & ((profile.usce_months < needs_months) | (profile.usce_months <= 0))
    usce_months_text = derived(programs, "usce_months_text",
                               lambda: np.where(np.isnan(usce_min), "", " (" + _months(usce_min) + " months)"))
    screens: dict[str, tuple[np.ndarray, Text | str]] = {
        "military": (_is(programs, "program_type", "military"),
                     "Not eligible — military program: takes only active-duty US service members"),
        "closed": (_is(programs, "status", "possibly_closed"), "Not eligible — program may have closed; verify before applying"),
        "no_imgs": (_is(programs, "accepts_imgs", "no"), "Not eligible — does not consider IMGs"),
        **visa_screens(profile, programs),
        "step2_min": (step2_min > profile.step2_ck,          # NaN compares False: unknown never screens
                      "Not eligible — Step 2 CK minimum " + derived(programs, "step2_min_text", lambda: _whole(step2_min))
                      + f" (yours {profile.step2_ck})"),
        "yog": (yog_max < years_since_graduation,
                "Not eligible — graduation within " + derived(programs, "yog_text", lambda: _whole(yog_max))
                + f" years required (yours {years_since_graduation})"),
        "usce": (usce_short, "Not eligible — requires US clinical experience" + usce_months_text
                 + f" (yours {profile.usce_months:g} months hands-on)"),
        "attempts": (_is(programs, "first_attempt_only", "yes") & had_failure,
                     "Not eligible — requires first-attempt passes"),
    }
    names = tuple(screens)
    failed = np.column_stack([np.broadcast_to(np.asarray(mask, dtype=bool), (n,)) for mask, _ in screens.values()]) \
        if n else np.zeros((0, len(names)), dtype=bool)
    # Python strings (object), not a unicode array as wide as the longest message in every cell (13,000 programs)
    messages = np.column_stack([np.broadcast_to(np.asarray(msg, dtype=str).astype(object), (n,))
                                for _, msg in screens.values()]) if n else np.zeros((0, len(names)), dtype=object)
    return ScreenResult(names=names, failed=failed, messages=messages)
