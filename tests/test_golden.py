"""Golden outputs for reference profiles on the bundled data.

A change here means the model's outputs changed: if deliberate, regenerate with
UPDATE_GOLDEN=1 and bump MODEL_VERSION (smartpick_core/model/settings.py).

2026.12.1 (Model v2): every golden changed. Tiers now compare the effective
score (Step 2 CK plus compensating strengths in points) with what each program usually
interviews, the Step 2 CK weight is fitted per specialty to NRMP by score bin, unknown
visa policy and IMG share are type-conditional estimates, the anchor is P(match | an
interview) and the outlook carries p_no_interview. The two DOMAIN.md worked examples
replace the older approximations of them (FM at 210 now scores).

2026.12.2 (Model v3): every golden changed. Interviews are correlated through an applicant-level
strength; the outlook scores the default list (Realistic and Reach SoCal programs first, then the
best chances among distinct programs elsewhere that take the visa, up to the documented number of
applications, with signals); anchor, score weight and spread are fitted jointly to NRMP Tables A-C
in that view; a program's chance rises with the tier's own gap; unstated graduation-year limits are
an estimated screen.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from smartpick_core import MODEL_VERSION, Profile, load_programs, score

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
REFERENCE_PROFILES: dict[str, dict] = {
    # DOMAIN.md typical profile: ~218, a year of IM rotations in Riverside/Anaheim, three strong US letters.
    "im_inland_empire_j1": {"specialty": "Internal Medicine", "step2_ck": 218, "visa": "J-1", "usce_months": 12,
                            "socal_usce_months": 12, "usce_subregions": ["Inland Empire", "Orange County"],
                            "us_lors": 3, "socal_lors": 3, "research_items": 1, "graduation_year": 2025},
    # DOMAIN.md worked example 2: Spanish-speaking FM applicant at 210, 3 months of LA clinic experience, 2 QI projects.
    "fm_spanish_la": {"specialty": "Family Medicine", "step2_ck": 210, "visa": "J-1", "usce_months": 3,
                      "socal_usce_months": 3, "usce_subregions": ["Los Angeles"], "us_lors": 2, "socal_lors": 2,
                      "research_items": 2, "graduation_year": 2025, "languages": ["Spanish"]},
    "im_h1b_step3": {"specialty": "Internal Medicine", "step2_ck": 232, "visa": "H-1B", "step3": "passed",
                     "usce_months": 6, "us_lors": 3, "graduation_year": 2022},
    "psych_failed_attempt": {"specialty": "Psychiatry", "step2_ck": 222, "step1": "fail_then_pass", "visa": "J-1 or H-1B",
                             "usce_months": 2, "observership_months": 3, "us_lors": 2, "graduation_year": 2020},
}


def _snapshot(name: str) -> dict:
    result = score(Profile.from_dict(REFERENCE_PROFILES[name]), load_programs(), n_national=80, cycle_year=2027)
    data = result.to_json_dict()
    data["programs"] = sorted(data["programs"], key=lambda p: p["program_id"])
    return json.loads(json.dumps(data))


@pytest.mark.parametrize("name", sorted(REFERENCE_PROFILES))
def test_reference_profile_matches_golden_output(name):
    path = GOLDEN_DIR / f"{name}.json"
    current = _snapshot(name)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"missing golden {path.name}: run UPDATE_GOLDEN=1 pytest tests/test_golden.py once"
    golden = json.loads(path.read_text(encoding="utf-8"))
    assert golden["model_version"] == MODEL_VERSION, "outputs changed without a MODEL_VERSION bump, or goldens are stale"
    assert current["outlook"] == pytest.approx(golden["outlook"], abs=1e-4)
    assert [p["program_id"] for p in current["programs"]] == [p["program_id"] for p in golden["programs"]]
    for now, then in zip(current["programs"], golden["programs"]):
        assert (now["tier"], now["eligible"], now["reasons"]) == (then["tier"], then["eligible"], then["reasons"]), now["program_id"]
        assert now["interview_probability"] == pytest.approx(then["interview_probability"], abs=1e-4)
