"""Simulated advising offices for the back-test and local-correction tests: outcomes drawn from a known model.

Each student applies to n_apps programs; each application has a predicted chance p (Beta(2, 6), mean 25%) and a
kind; the truth is logit P(invited) = logit p + shifts[kind] (+ a student effect if asked). With no shift the
predictions are calibrated by construction, so every flag is a false flag.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

KINDS = np.array(["community", "university", "county", "university_affiliated_community", "kaiser"])
KIND_SHARES = np.array([0.35, 0.25, 0.15, 0.15, 0.10])
REGIONS = np.array(["Los Angeles", "Orange County", "Inland Empire", "San Diego", ""])


def simulate_office(rng: np.random.Generator, shifts: Mapping[str, float] | None = None, *, n_students: int = 40,
                    n_apps: int = 100, student_sd: float = 0.0, season: int = 2026) -> pd.DataFrame:
    """One office's applications (the columns the back-test reads)."""
    n = n_students * n_apps
    student = np.repeat(np.arange(n_students), n_apps)
    kind = KINDS[rng.choice(len(KINDS), size=n, p=KIND_SHARES)]
    p = rng.beta(2, 6, size=n)
    shift = np.zeros(n)
    for name, value in (shifts or {}).items():
        shift[kind == name] = value
    eta = np.log(p) - np.log1p(-p) + shift + rng.normal(0.0, student_sd, n_students)[student]
    invited = rng.random(n) < 1.0 / (1.0 + np.exp(-eta))
    return pd.DataFrame({"student": [f"student {i}" for i in student], "season": season, "kind": kind,
                         "sub_region": REGIONS[rng.integers(0, len(REGIONS), size=n)], "program_id": "",
                         "invited": np.where(invited, "yes", "no"), "predicted_chance": p})
