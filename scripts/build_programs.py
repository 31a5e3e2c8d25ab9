"""Build data/programs.csv (from the research roster, hand-curated conversion) and data/programs_added.csv.

Input : data/sources/programs_socal_roster.csv  (unmodified copy of the 152-row
        research roster; see /work/shared/research/roster_notes.md and
        roster_additions.md for what each row rests on)
Output: data/programs.csv and data/programs_added.csv in the schema of data/SCHEMA.md
        (column order kept). programs_added.csv = data/research/issue4_programs_added.csv +
        data/research/pass3_programs_added.csv + data/research/issue11_programs_added.csv
        (programs known to be missing; city centroids filled here).
* Pass 3 (2026-11): data/research/pass3_facts.csv (facts keyed by program_id) and
  data/research/hospital_coordinates.csv are applied to both files last, by
  scripts/program_facts.py (see its docstring).

How the conversion works
------------------------
* Text fields are carried over mechanically: name/institution from the roster,
  the roster's free-text position / visa / score / YOG / USCE wording goes into
  positions_note / visa_note / screens_note, the roster notes (plus its
  img_friendly text, original program_type and neighbourhood-level city) go into
  notes, and every URL quoted in the roster notes goes into other_sources.
* Every structured (closed-vocabulary or numeric) field is set by hand in CURATION
  below, one entry per roster row (keyed by 1-based roster data-row number), after
  reading that row's text. Nothing is filled that the row, roster_notes.md or
  roster_additions.md does not state. Empty = unknown.
* Two roster rows are merged into another row (MERGED); the reason is kept in the
  surviving row's duplicate_note and in data/README.md.
* Coordinates are assigned by scripts/geocode_programs.py (GeoNames city
  centroids); the roster's unsourced approximate points are not used.
* Later research facts (data/research/issue4_fact_updates.csv, one fact per line,
  keyed by the roster program_name) are applied last by apply_fact_updates(): the
  field is set (or, for text fields, appended to), the fact is logged in notes as
  "[field] value — source_url (checked)", and its URLs go into other_sources. A name
  that matches no roster row, an unknown field, or a conflict with an existing value
  that has no decision recorded in FACT_DECISIONS stops the build.

Run:  .venv/bin/python scripts/build_programs.py            (writes both program files)
      .venv/bin/python scripts/build_programs.py --coverage (also prints programs.csv tables;
                                                            for data/README use scripts/coverage_report.py)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

import audit_fixes
import geocode_programs
import program_facts

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "data" / "sources" / "programs_socal_roster.csv"
OUT = ROOT / "data" / "programs.csv"
ADDED_BASE = ROOT / "data" / "research" / "issue4_programs_added.csv"
ADDED_OUT = ROOT / "data" / "programs_added.csv"
PASS3_ADDED = ROOT / "data" / "research" / "pass3_programs_added.csv"
ISSUE11_ADDED = ROOT / "data" / "research" / "issue11_programs_added.csv"
FACTS = ROOT / "data" / "research" / "issue4_fact_updates.csv"
CHECKED = "2026-11"  # month of the research pass that read the roster's sources

COLUMNS = [
    "program_id", "name", "institution", "specialty", "city", "county", "subregion",
    "program_type", "status", "acgme_id", "nrmp_codes", "positions_per_year",
    "positions_note", "img_share", "img_share_note", "accepts_imgs", "sponsors_j1",
    "sponsors_h1b", "visa_basis", "visa_note", "step2_min", "yog_max_years",
    "usce_required", "usce_min_months", "first_attempt_only", "screens_note", "lat",
    "lon", "coord_precision", "coord_source", "source_url", "other_sources", "checked",
    "confidence", "duplicate_note", "notes",
]
# Issue 24 (scripts/audit_fixes.py): the sponsor and kinds rule, the map point's site, each fact's level and age.
AUDIT_COLUMNS = ["sponsor", "kind_exception", "site", *audit_fixes.LEVEL_COLUMNS]
OUT_COLUMNS = COLUMNS + AUDIT_COLUMNS

SPECIALTY_MAP = {
    "Physical Medicine & Rehabilitation": "Physical Medicine and Rehabilitation",
    "Neurology (Child Neurology)": "Child Neurology",
}
SUBREGION_MAP = {
    "Kern (Central Coast/Valley edge)": "Kern",
    "Central Coast (Central Coast/Valley edge)": "Central Coast",
}

GITHUB_2018_19 = (
    "https://github.com/nmacklin/MactionCreations/blob/"
    "2a5955aa33d9d642ae5b5df4e0e1e976a0f4e709/app/static/data/programDatabase.js"
)

# ---------------------------------------------------------------- shared notes
KP_VN = ("Institution-level (Kaiser Permanente Southern California GME, "
         "https://residency-scal-kaiserpermanente.org/medical-students/apply/): visas only "
         "for 'hard to fill' positions, which KP SCAL says its programs do not meet; "
         "recorded as no J-1 / no H-1B in practice.")
LLU_VN = ("Institution-level (LLUH GME application-process page): ECFMG J-1 eligibility "
          "accepted; H-1B only as a transfer of an existing H-1B from another US GME "
          "program or for F-1 US-school students, so no new H-1B sponsorship "
          "(sponsors_h1b recorded as no).")
LACUSC_VN = ("Institution-level LAC+USC Healthcare Network statement ('only accepts the use "
             "of J-1 visas'), read on the USC pediatrics applicant page dated c.2016; "
             "not confirmed by this program.")
UCI_VN = ("Institution-level: a UC Irvine department (PM&R) page states 'the university does "
          "not sponsor H-1B visas'.")
UCSD_VN = ("The roster's UCSD visa values are an institution-level inference from other UCSD "
           "pages (IM physician-scientist page: J-1 via ECFMG, 'University no longer sponsors "
           "H-1 visas'; psychiatry fellowship pages: 'University does not offer H-1B visas to "
           "trainees'); inferred statements are kept here, not in the yes/no fields.")
UCLA_VN = ("H-1B 'no' in the roster is inferred from a DGSOM statement that H-1B is only for "
           "faculty/research positions (https://www.semel.ucla.edu/visa); inferred, so the roster's "
           "value was not used (empty unless a later sourced fact below states it).")
MIL_VN = ("Military program: applicants must be active-duty US service members "
          "(NMCSD GME FAQ); foreign nationals are not eligible, so no visa route.")
TIER_B = ("Existence rests only on the 2018-19 public program list "
          "(nmacklin/MactionCreations, commit 2a5955a); current status unverified.")
NEW_LOW = ("Confidence low: listed in roster_notes.md among new (2020-2025) programs whose "
           "details may change.")


def lead(code: str, listed: str | None = None, version: str = "2018-19") -> dict:
    """ACGME code taken from roster_additions.md 'ACGME code leads' (not applied in roster)."""
    as_listed = f", listed as '{listed}'" if listed else ""
    return dict(
        acgme=code,
        note=(f"acgme_id {code} taken from the 'ACGME code leads' table in "
              f"roster_additions.md ({version} version of the nmacklin/MactionCreations "
              f"list{as_listed}; matched by name, city and specialty prefix); "
              f"not applied in the roster itself; verify against ACGME ADS/FREIDA."),
        srcs=[GITHUB_2018_19],
    )


def merge(*dicts: dict) -> dict:
    out: dict = {}
    for d in dicts:
        for k, v in d.items():
            if k in ("note", "vnote", "snote", "pnote", "dup") and k in out:
                out[k] = out[k] + " " + v
            elif k == "srcs" and k in out:
                out[k] = out[k] + v
            else:
                out[k] = v
    return out


KP = dict(j1="no", h1b="no", basis="institution", vnote=KP_VN)
LLU = dict(j1="yes", h1b="no", basis="institution", vnote=LLU_VN)
LACUSC = dict(j1="yes", h1b="no", basis="institution", vnote=LACUSC_VN)
MIL = dict(type="military", j1="no", h1b="no", basis="military", acc="no", vnote=MIL_VN)
CIT_PR = dict(j1="no", h1b="no", basis="program")  # program: US citizens/PR only, no visas

# ------------------------------------------------------------------ curation
# Keys: id, type, status, conf, pos, acc, j1, h1b, basis, step2, yog, usce, usce_m,
#       first, share, nrmp, acgme (override), city, name, dup, vnote, snote, pnote,
#       note, srcs.  Missing key = empty cell (unknown).
U, UAC, COM, CTY, KPT, VA = (
    "university", "university_affiliated_community", "community", "county", "kaiser", "va")

CURATION: dict[int, dict] = {
    # ---------------------------------------------------------------- Internal Medicine
    1: dict(id="im-ucla", type=U, status="accredited", conf="high", pos=44, acc="yes",
            j1="yes", basis="program", nrmp="1956140C0;1956140M0;1956140M1",
            vnote=("H-1B not stated on the IM pages (they refer to UCLA GME visa policy). "
                   "roster_additions.md: UCLA IM requires J-1 eligibility, incl. its Santa "
                   "Clarita/Olive View primary-care track (NRMP 1956140M1)."),
            pnote="44 = categorical PGY-1; primary care, PSTP and IM/PM positions are extra."),
    2: dict(id="im-cedars-sinai", type=U, status="accredited", conf="medium",
            nrmp="1030140C0;1030140M0;1030140C1",
            note=("Cedars-Sinai is an independent academic medical centre; mapped to "
                  "program_type university per curation rule.")),
    3: merge(LACUSC, dict(id="im-usc-la-general", type=CTY, status="accredited", conf="medium",
                          dup=("Distinct from im-keck-usc (the roster describes the Keck IM "
                               "programme as new and separate from the LA General-based one)."))),
    4: dict(id="im-keck-usc", type=U, status="new", conf="low",
            name="Keck School of Medicine of USC Internal Medicine Residency",
            note=("Flagged low-confidence in roster_notes.md (announced/launching; "
                  "accreditation unconfirmed). status=new because the source describes it as "
                  "launching; start year not found."),
            dup="Distinct from im-usc-la-general per the roster source."),
    5: dict(id="im-harbor-ucla", type=CTY, status="accredited", conf="medium",
            note="Existence rests on a Harbor-UCLA FAQ listing residency training in medicine."),
    6: merge(lead("1400521047", "Olive View/UCLA Medical Center Program", "2017"),
             dict(id="im-olive-view-ucla", type=CTY, status="accredited", conf="medium",
                  dup=("Distinct from UCLA IM's own 'Santa Clarita/Olive View' primary-care "
                       "track (NRMP 1956140M1), which belongs to im-ucla "
                       "(roster_additions.md)."))),
    7: merge(KP, dict(id="im-kaiser-la", type=KPT, status="accredited", conf="medium", acc="yes")),
    8: merge(KP, dict(id="im-kaiser-fontana", type=KPT, status="accredited", conf="medium",
                      acc="yes")),
    9: dict(id="im-st-mary-long-beach", type=UAC, status="accredited", conf="high", acc="yes",
            j1="yes", h1b="no", basis="program", usce="no", nrmp="1025140C0",
            snote=("first_attempt_only left empty: the older 'failures unlikely' remark is "
                   "not a stated requirement.")),
    10: dict(id="im-mlk-community", type=COM, status="new", conf="low",
             note=NEW_LOW + " Launched 2022.",
             dup=("roster_notes/additions: L.A. Care-funded 'new' CDU IM slots may refer to "
                  "this programme; no separate CDU IM row exists.")),
    11: dict(id="im-white-memorial", type=COM, status="accredited", conf="medium"),
    12: dict(id="im-centinela", type=COM, status="accredited", conf="high"),
    13: dict(id="im-st-francis-lynwood", type=COM, status="new", conf="low", note=NEW_LOW),
    14: dict(id="im-huntington", type=UAC, status="accredited", conf="medium", first="yes",
             yog=5),
    15: dict(id="im-palmdale-regional", type=COM, status="new", conf="low", note=NEW_LOW,
             pnote="positions_per_year left empty: 12 is the inaugural (2025) class."),
    16: dict(id="im-uci", type=U, status="accredited", conf="medium", h1b="no",
             basis="institution", vnote=UCI_VN + " J-1 not stated for this programme in the roster."),
    17: merge(LLU, dict(id="im-loma-linda", type=U, status="accredited", conf="medium",
                        acc="yes")),
    18: dict(id="im-ruhs", type=CTY, status="accredited", conf="high", acc="yes", j1="yes",
             h1b="no", basis="program",
             vnote=("H-1B recorded as no: the programme's eligibility list is limited to US "
                    "citizens, permanent residents and J-1."),
             note="Roster: IM appears to post-date 2019 (not confirmed), so status kept accredited."),
    19: dict(id="im-ucr", type=UAC, status="accredited", conf="medium", pos=12, acc="yes",
             j1="yes", h1b="no", basis="program",
             vnote=("H-1B recorded as no: not among the work authorisations the programme lists "
                    "as acceptable (citizens, PR, ECFMG J-1)."),
             snote="first_attempt_only left empty ('multiple failures generally not competitive').",
             dup=("Possible duplicate of im-riverside-community (roster_notes.md). Kept both: "
                  "UCR has its own ACGME id (1400500903), GME page and size (12 categorical) and "
                  "still listed IM among its ACGME residencies in 2024, while the HCA programme "
                  "has its own site (imriverside.com), its own 2015 accreditation announcement "
                  "and a 25-resident inaugural class. They may share history (UCR was the "
                  "academic partner at the 2015 launch); verify.")),
    20: dict(id="im-riverside-community", type=COM, status="accredited", conf="medium",
             pnote="positions_per_year left empty: 25 is the inaugural 2016 class.",
             note="Roster type 'UCR-affiliated at launch': current affiliation not stated, so community.",
             dup=("Possible duplicate of im-ucr; kept both (see im-ucr duplicate_note).")),
    21: merge(CIT_PR, dict(id="im-uhs-socal-mec-temecula", type=COM, status="accredited",
                           conf="high", pos=20, nrmp="2213140C0",
                           vnote="Programme: US citizens / permanent residents only; no visas.")),
    22: dict(id="im-desert-regional", type=COM, status="new", conf="low", note=NEW_LOW),
    23: merge(lead("1400500895", "Eisenhower Medical Center Program"),
              dict(id="im-eisenhower", type=UAC, status="accredited", conf="medium", pos=20,
                   acc="yes", h1b="no", basis="program", yog=5, nrmp="1485140C0",
                   vnote=("J-1 left empty: ECFMG J-1 is only implied (the programme says it "
                          "does not itself sponsor; visa sponsorship only at fellowship level)."))),
    24: dict(id="im-desert-valley", type=COM, status="new", conf="low", pos=8, note=NEW_LOW),
    25: dict(id="im-kpc-hemet", type=COM, status="unverified", conf="low",
             note="Flagged low-confidence in roster_notes.md (c.2017 article)."),
    26: dict(id="im-arrowhead-regional", type=CTY, status="accredited", conf="low",
             srcs=["https://www.arrowheadregional.org/news-blog/2021/march/armc-receives-1-280-000-calmedforce-grant/"],
             note=("Flagged low-confidence in roster_notes.md (inferred from an EM PD "
                   "interview). roster_additions.md: a March 2021 ARMC news item names an ARMC "
                   "internal medicine residency (corroboration), hence status accredited.")),
    27: dict(id="im-ucsd", type=U, status="accredited", conf="high", acc="yes", j1="yes",
             h1b="no", basis="program", nrmp="1049140C0;1049140M0;1049140C1;1049140C2",
             vnote=("Both statements are on UCSD IM department pages; the H-1B sentence is a "
                    "university-wide statement quoted on the PSTP/IMG page."),
             snote=("first_attempt_only left empty: the first-attempt Step 1 rule is on the "
                    "physician-scientist (PSTP) international-applicant page; not confirmed "
                    "for the categorical track.")),
    28: dict(id="im-scripps-mercy-san-diego", type=UAC, status="accredited", conf="high"),
    29: dict(id="im-scripps-clinic-green", type=UAC, status="accredited", conf="medium"),
    30: dict(id="im-san-ysidro-health", type=COM, status="accredited", conf="high",
             note="Described as a new programme; start year not found."),
    31: merge(MIL, dict(id="im-navy-san-diego", status="accredited", conf="high",
                        pnote="positions_per_year left empty: '~15' is approximate.")),
    32: merge(lead("1400500920", "OPTI West/Community Memorial Hospital Program", "2017"),
              dict(id="im-community-memorial-ventura", type=COM, status="accredited",
                   conf="medium", pos=8, pnote="8 accepted for 2020-21.")),
    33: dict(id="im-los-robles", type=COM, status="new", conf="low", note=NEW_LOW),
    34: dict(id="im-kern-medical", type=CTY, status="accredited", conf="medium"),
    35: dict(id="im-bakersfield-memorial", type=UAC, status="new", conf="low", note=NEW_LOW,
             pnote="positions_per_year left empty: 10 is the first class (July 2025)."),
    36: dict(id="im-cottage-santa-barbara", type=COM, status="accredited", conf="medium",
             pos=12, acc="yes",
             note=("acgme_id 1400522066: the 2018-19 list names this code 'Santa Barbara "
                   "Cottage Hospital Preliminary Program' (roster_additions.md), so it may "
                   "belong to the preliminary track; verify.")),
    # ---------------------------------------------------------------- Family Medicine
    37: merge(LLU, dict(id="fm-loma-linda", type=U, status="accredited", conf="medium",
                        acc="yes", nrmp="1024120C0",
                        dup="Distinct from fm-loma-linda-murrieta (separate hospital, accredited 2020).")),
    38: dict(id="fm-loma-linda-murrieta", type=UAC, status="new", conf="medium",
             pnote="positions_per_year left empty: '12 per year' is a 2018 pre-accreditation plan.",
             note="ACGME accreditation 2020, first cohort June 2020."),
    39: merge(lead("1200500737"),
              dict(id="fm-ucr-palm-springs", type=UAC, status="accredited", conf="medium",
                   pos=8, acc="yes", j1="no", h1b="no", basis="program", yog=5, first="no",
                   snote=("yog_max_years and first_attempt_only (one Step 1 failure allowed) "
                          "come from the older version of the page; the newer version drops "
                          "explicit cut-offs."),
                   dup="Distinct from fm-ruhs (different city, page and ACGME code lead).")),
    40: merge(lead("1200521421"),
              dict(id="fm-ruhs", type=CTY, status="accredited", conf="low", j1="no", h1b="no",
                   basis="program",
                   pnote=("positions_per_year left empty: the '10 categorical positions' FAQ "
                          "page is not confirmed to be this programme's (flagged low in "
                          "roster_notes.md)."),
                   snote="YOG <5 years and USCE are recommendations, not requirements.",
                   dup="Distinct from fm-ucr-palm-springs.")),
    41: dict(id="fm-riverside-community", type=UAC, status="unverified", conf="low",
             note="Only a 2018 article lists FM among RCH residencies."),
    42: dict(id="fm-uhs-socal-mec-temecula", type=COM, status="accredited", conf="medium",
             pnote="positions_per_year left empty: 6 is the size at launch (2019).",
             vnote="Consortium IM is citizens/PR only; not carried over to FM."),
    43: dict(id="fm-eisenhower", type=UAC, status="accredited", conf="high", pos=8,
             vnote="Eisenhower IM policy (visas only at fellowship level) not carried over."),
    44: dict(id="fm-desert-valley", type=COM, status="new", conf="low", note=NEW_LOW,
             pnote="positions_per_year left empty: ~8 is an inference, not a published number."),
    45: dict(id="fm-chino-valley", type=COM, status="accredited", conf="medium"),
    46: merge(KP, lead("1200512040"),
              dict(id="fm-kaiser-fontana", type=KPT, status="unverified", conf="low",
                   note=("Flagged low-confidence in roster_notes.md: existence inferred from a "
                         "palliative-fellowship page."))),
    47: merge(KP, dict(id="fm-kaiser-la", type=KPT, status="unverified", conf="low",
                       note="Flagged low-confidence in roster_notes.md: undated brochure only.")),
    48: dict(id="fm-white-memorial", type=COM, status="accredited", conf="high"),
    49: dict(id="fm-adventist-glendale", type=COM, status="accredited", conf="medium"),
    50: merge(lead("1200521458"),
              dict(id="fm-california-hospital", type=COM, status="accredited", conf="medium",
                   acc="yes", j1="no", h1b="no", basis="program",
                   snote="All attempts must be reported; no first-attempt-only rule stated.")),
    51: dict(id="fm-northridge", type=UAC, status="accredited", conf="medium"),
    52: dict(id="fm-altamed", type=COM, status="new", conf="low", note=NEW_LOW,
             pnote="positions_per_year left empty: ~6 at launch (2020)."),
    53: dict(id="fm-charles-r-drew", type=UAC, status="accredited", conf="medium", pos=8,
             note=("CDU is a university, but the roster describes a community/safety-net "
                   "programme; mapped to university_affiliated_community.")),
    54: dict(id="fm-emanate-west-covina", type=COM, status="accredited", conf="medium",
             acc="yes", j1="no", h1b="no", basis="program", yog=3, usce="yes", usce_m=6,
             vnote="Programme: IMGs must be US citizens or permanent residents (no visa route).",
             pnote="positions_per_year left empty: 10 is the inaugural 2017 class.",
             snote="Emanate page undated and still cites the PTAL (retired 2020); recheck.",
             note=("The roster's first-pass 'Visa not found' predates the second-pass Emanate "
                   "page facts appended after it.")),
    55: dict(id="fm-pomona-valley", type=COM, status="unverified", conf="low",
             note="Flagged low-confidence in roster_notes.md (old page)."),
    56: dict(id="fm-memorialcare-long-beach", type=COM, status="accredited", conf="medium"),
    57: dict(id="fm-palmdale-regional", type=COM, status="new", conf="low", pos=8, note=NEW_LOW),
    58: dict(id="fm-uci", type=U, status="accredited", conf="medium", acc="yes", h1b="no",
             basis="institution", vnote=UCI_VN + " J-1 not stated for this programme in the roster."),
    59: dict(id="fm-scripps-mercy-chula-vista", type=UAC, status="accredited", conf="medium"),
    60: merge(lead("1200500736"),
              dict(id="fm-fhcsd", type=COM, status="accredited", conf="medium", pos=6,
                   acc="yes", j1="no", h1b="no", basis="program", yog=5, usce="yes",
                   usce_m=12,
                   snote=("yog_max_years 5 has an alternative: 2 years' regular clinical "
                          "practice."),
                   dup="Distinct from psych-fhcsd (different specialty).")),
    61: dict(id="fm-ventura-county", type=CTY, status="accredited", conf="medium",
             pnote="Now a 4-year programme."),
    62: dict(id="fm-community-memorial-ventura", type=COM, status="accredited", conf="medium",
             pos=6, pnote="6 accepted for 2020-21."),
    63: dict(id="fm-marian-santa-maria", type=COM, status="accredited", conf="medium"),
    64: dict(id="fm-clinica-sierra-vista", type=COM, status="accredited", conf="medium",
             acc="yes",
             pnote="positions_per_year left empty: ~6 derived from an 18-resident plan (2013).",
             note="accepts_imgs from the institution-level CSV GME eligibility statement (ECFMG route)."),
    # ---------------------------------------------------------------- Transitional Year
    65: dict(id="ty-scripps-mercy-san-diego", type=UAC, status="accredited", conf="medium"),
    66: merge(MIL, dict(id="ty-navy-san-diego", status="accredited", conf="high", pos=27)),
    67: merge(LLU, dict(id="ty-loma-linda", type=U, status="accredited", conf="medium",
                        acc="yes")),
    68: dict(id="ty-kpc-hemet", type=COM, status="unverified", conf="low",
             pnote="positions_per_year left empty (not stated).",
             note=("Flagged low-confidence in roster_notes.md (KPC/Hemet c.2017); the ACGME id "
                   "match is lower confidence (roster_additions.md).")),
    69: dict(id="ty-uhs-socal-mec-temecula", type=COM, status="accredited", conf="medium",
             vnote="Consortium IM is citizens/PR only; not carried over to TY."),
    70: dict(id="ty-kern-medical", type=CTY, status="new", conf="medium",
             note="Newly accredited within the two years before the 2025 report."),
    71: dict(id="ty-bakersfield-memorial", type=UAC, status="new", conf="low", acc="yes",
             nrmp="2099999P0", note=NEW_LOW + " NRMP code as printed on the page."),
    # ---------------------------------------------------------------- Psychiatry
    72: dict(id="psych-ucla", type=U, status="accredited", conf="high",
             nrmp="3030400C1;3030400C3;3030400C4;3030400C5", vnote=UCLA_VN,
             pnote="positions_per_year left empty: ~26 is derived from 103 residents over 4 years.",
             dup=("Roster row 76 (UCLA-San Fernando Valley/VA Greater Los Angeles psychiatry, "
                  "ACGME 4000531032 in the 2018-19 list) merged here: UCLA states its UCLA-based "
                  "and VA-based residencies combined into one programme in fall 2023, and row 76 "
                  "is the VA-sponsored programme. Its old ACGME id is not applied to this row.")),
    73: merge(LACUSC, dict(id="psych-usc-la-general", type=CTY, status="accredited",
                           conf="medium")),
    74: dict(id="psych-harbor-ucla", type=CTY, status="accredited", conf="high"),
    75: dict(id="psych-olive-view-ucla", type=CTY, status="accredited", conf="medium",
             dup="Distinct from psych-ucla: own ACGME id (4000500320) and site."),
    77: dict(id="psych-charles-r-drew", type=CTY, status="accredited", conf="medium",
             acc="yes", j1="no", h1b="no", basis="third_party", share=0.35,
             vnote=("Third-party (BeMo): no visas, US citizen or permanent resident only; "
                    "verify with the programme."),
             pnote="positions_per_year left empty: 'six first-year residents' (2019 article).",
             note=("program_type county: CDU programme run with LA County DHS (roster: "
                   "'university-affiliated community / county partnership').")),
    78: dict(id="psych-kern-medical", type=CTY, status="accredited", conf="medium"),
    79: merge(KP, dict(id="psych-kaiser-fontana", type=KPT, status="accredited", conf="medium",
                       acc="yes")),
    80: dict(id="psych-arrowhead-regional", type=CTY, status="accredited", conf="medium"),
    81: dict(id="psych-loma-linda", type=U, status="accredited", conf="medium", pos=7,
             acc="yes", h1b="no", basis="program",
             vnote=("Conflict: the older programme FAQ says LLUMC does not sponsor visas; the "
                    "newer LLUH GME-wide policy accepts ECFMG J-1 and H-1B transfers only. "
                    "J-1 left empty; H-1B no under both statements.")),
    82: dict(id="psych-ruhs", type=CTY, status="accredited", conf="high", j1="no", h1b="no",
             basis="program",
             dup=("Roster row 83 (UC Riverside SOM psychiatry with Riverside County DMH, "
                  "accredited c.2013, 4/yr, ACGME 4000500315 in the 2018-19 list) merged here: "
                  "it used the same county sites (Riverside County Regional Medical Center, now "
                  "RUHS) and no current source shows a second county-based psychiatry "
                  "residency in Riverside; RUHS psychiatry is treated as the current form. The "
                  "UCR-era ACGME id is not applied to this row (not confirmed to be the same "
                  "programme).")),
    84: merge(MIL, dict(id="psych-navy-san-diego", status="accredited", conf="high", pos=8)),
    85: dict(id="psych-ucsd", type=U, status="accredited", conf="medium", vnote=UCSD_VN,
             dup=("psych-ucsd-imperial may be a regional track of this programme; kept "
                  "separate (see that row).")),
    86: dict(id="psych-fhcsd", type=COM, status="accredited", conf="high"),
    # ---------------------------------------------------------------- Pediatrics
    87: dict(id="peds-chla", type=U, status="accredited", conf="medium",
             dup="See peds-usc-la-general."),
    88: dict(id="peds-ucla", type=U, status="unverified", conf="low",
             note="Flagged low-confidence in roster_notes.md (old SDN thread only)."),
    89: dict(id="peds-harbor-ucla", type=CTY, status="accredited", conf="high"),
    90: merge(LACUSC, dict(id="peds-usc-la-general", type=CTY, status="unverified", conf="low",
                           acc="yes", name="USC / LAC+USC Pediatrics Residency",
                           vnote="Here the statement is on this programme's own applicant page (c.2016).",
                           dup=("Possible overlap with peds-chla (roster_notes.md). Kept: as of "
                                "c.2016 it had its own applicant page, deadline and LAC+USC "
                                "network visa rule, i.e. it was a separate programme from CHLA; "
                                "whether it still exists is unverified (status unverified)."))),
    91: merge(KP, dict(id="peds-kaiser-la", type=KPT, status="accredited", conf="medium",
                       acc="yes")),
    92: dict(id="peds-cedars-sinai", type=U, status="new", conf="medium", pos=8,
             note="New programme launching 2024; classes of 8."),
    93: dict(id="peds-uci-choc", type=U, status="accredited", conf="medium", j1="yes",
             h1b="no", basis="institution",
             vnote=("Institution-level: UCI GME onboarding (IMGs need ECFMG certificate and an "
                    "ECFMG-issued J-1 or permanent residence); " + UCI_VN)),
    94: dict(id="peds-ucsd-rady", type=U, status="accredited", conf="high", vnote=UCSD_VN,
             snote=("UCSD Med-Peds (a separate programme) IMG page: J-1 only, graduation "
                    "within 5 years; not applied here.")),
    95: merge(MIL, dict(id="peds-navy-san-diego", status="accredited", conf="high", pos=8)),
    96: merge(LLU, dict(id="peds-loma-linda", type=U, status="accredited", conf="medium",
                        acc="yes", nrmp="1024320C0;1024320M0")),
    # ---------------------------------------------------------------- Neurology
    97: dict(id="neuro-ucla", type=U, status="accredited", conf="high", vnote=UCLA_VN),
    98: dict(id="neuro-cedars-sinai", type=U, status="accredited", conf="high", acc="yes",
             nrmp="1030180A0;1030180A1",
             pnote=("positions_per_year left empty: '~5' (advanced programme; five linked "
                    "preliminary-medicine positions)."),
             note=("Linked preliminary IM NRMP 1030140P1 / ACGME 1400511040 belongs to Cedars "
                   "preliminary medicine, not to this row.")),
    99: merge(KP, dict(id="neuro-kaiser-la", type=KPT, status="unverified", conf="low",
                       acc="yes", note="Existence only from an undated older KP SCAL brochure.")),
    100: dict(id="neuro-ucsd", type=U, status="accredited", conf="high", pos=6,
              vnote=UCSD_VN, pnote="6 = PGY-2 entry positions (advanced programme)."),
    101: merge(LLU, dict(id="neuro-loma-linda", type=U, status="unverified", conf="low",
                         acc="yes",
                         note="Only source is a 2008-09-era FAQ page (very old).",
                         snote="USMLE >190 threshold is from 2008-09 and not a Step 2 CK minimum.")),
    102: merge(CIT_PR, dict(id="neuro-ruhs", type=CTY, status="accredited", conf="high")),
    103: dict(id="neuro-desert-regional", type=COM, status="unverified", conf="medium",
              pnote="positions_per_year left empty: 4 is the first class (2015).",
              note="Evidence: 2015 Desert Sun article and the 2018-19 list only."),
    104: dict(id="child-neuro-chla", type=U, status="accredited", conf="high"),
    # ---------------------------------------------------------------- Pathology
    105: merge(LACUSC, dict(id="path-usc-la-general", type=CTY, status="accredited",
                            conf="medium",
                            pnote="positions_per_year left empty: ~6 derived from 24 AP/CP positions.")),
    106: dict(id="path-ucla", type=U, status="accredited", conf="high", vnote=UCLA_VN),
    107: dict(id="path-cedars-sinai", type=U, status="accredited", conf="high",
              nrmp="1030300C1",
              pnote="positions_per_year left empty: ~5 derived from 20 residents over 4 years."),
    108: merge(LLU, dict(id="path-loma-linda", type=U, status="accredited", conf="medium",
                         pnote="positions_per_year left empty: '3-5' (17 total).")),
    109: dict(id="path-ucsd", type=U, status="accredited", conf="high", vnote=UCSD_VN),
    # ---------------------------------------------------------------- PM&R
    110: dict(id="pmr-uci", type=U, status="accredited", conf="high", acc="yes", h1b="no",
              basis="program",
              vnote=("J-1 left empty: the current page says 'J visas in select situations', an "
                     "older page said an ECFMG J-1 is required (pages disagree)."),
              snote="YOG 3-5 years is a preference; USCE strongly recommended, not required."),
    111: merge(LLU, dict(id="pmr-loma-linda", type=U, status="accredited", conf="medium",
                         pos=5, pnote="5 entry positions = 4 PGY-1 (integrated) + 1 PGY-2 (advanced).")),
    112: dict(id="pmr-va-greater-la", type=VA, status="unverified", conf="low", note=TIER_B),
    # ---------------------------------------------------------------- General Surgery
    113: dict(id="gs-ucla", type=U, status="accredited", conf="medium",
              note="Source is an older page."),
    114: merge(LACUSC, dict(id="gs-usc-la-general", type=CTY, status="accredited",
                            conf="medium", pos=7)),
    115: dict(id="gs-harbor-ucla", type=CTY, status="accredited", conf="high"),
    116: dict(id="gs-cedars-sinai", type=U, status="accredited", conf="high", pos=5),
    117: merge(KP, dict(id="gs-kaiser-la", type=KPT, status="accredited", conf="medium",
                        acc="yes")),
    118: merge(LLU, dict(id="gs-loma-linda", type=U, status="accredited", conf="medium",
                         acc="yes", nrmp="1024440C0;1024440C1;1024440P0",
                         snote=("residencyadvisor tags 'STEP 240' / 'YOG 2' are third-party and "
                                "unverified, so step2_min / yog_max_years left empty."))),
    119: dict(id="gs-arrowhead-regional-kaiser-fontana", type=CTY, status="accredited",
              conf="medium", nrmp="1047440C0;1047440P0"),
    120: merge(CIT_PR, dict(id="gs-ruhs", type=CTY, status="accredited", conf="low", pos=4,
                            name="Riverside University Health System General Surgery Residency",
                            pnote="4 categorical PGY-1 (plus 4 non-designated preliminary).",
                            note=("Flagged low-confidence in roster_notes.md: specialty "
                                  "inferred from the FAQ's structure."))),
    121: merge(CIT_PR, dict(id="gs-uhs-socal-mec-temecula", type=COM, status="new",
                            conf="high", pos=3, nrmp="2213440C0;2213440P0",
                            pnote="3 categorical (plus 3 preliminary).")),
    122: dict(id="gs-kern-medical", type=CTY, status="new", conf="high",
              note="Re-accredited; first residents July 2025."),
    123: dict(id="gs-cottage-santa-barbara", type=COM, status="unverified", conf="low",
              note=TIER_B),
    # ---------------------------------------------------------------- Emergency Medicine
    124: merge(LACUSC, dict(id="em-usc-la-general", type=CTY, status="accredited",
                            conf="medium")),
    125: dict(id="em-harbor-ucla", type=CTY, status="accredited", conf="high"),
    126: dict(id="em-ucla-olive-view", type=CTY, status="unverified", conf="low",
              note=(TIER_B + " program_type county chosen because the listed programme name "
                    "includes Olive View (a county hospital); the roster wrote 'university "
                    "academic / county'."),
              dup="Only EM row for UCLA; distinct from psych/IM Olive View rows (other specialties)."),
    127: dict(id="em-uci", type=U, status="accredited", conf="medium", j1="yes", h1b="no",
              basis="institution",
              vnote=("Institution-level: UCI GME onboarding (ECFMG certificate and an "
                     "ECFMG-issued J-1 or permanent residence); " + UCI_VN)),
    128: dict(id="em-ucsd", type=U, status="accredited", conf="medium", pos=10, vnote=UCSD_VN),
    129: merge(MIL, dict(id="em-navy-san-diego", status="accredited", conf="high", pos=10)),
    130: merge(LLU, dict(id="em-loma-linda", type=U, status="accredited", conf="medium",
                         note="Source is an older page.")),
    131: dict(id="em-arrowhead-regional", type=CTY, status="accredited", conf="high", pos=11),
    132: dict(id="em-kern-medical", type=CTY, status="accredited", conf="high",
              pnote="positions_per_year left empty: ~7 derived from 28 residents over 4 years."),
    133: dict(id="em-desert-regional", type=COM, status="unverified", conf="medium",
              pnote="positions_per_year left empty: first class (2015).",
              note="Only evidence is a 2015 Desert Sun article."),
    134: dict(id="em-uhs-socal-mec-temecula", type=COM, status="accredited", conf="medium",
              vnote="Consortium IM and GS pages: citizens/PR only, no visas; not carried over to EM."),
    # ---------------------------------------------------------------- second-pass additions
    135: dict(id="psych-uci", type=U, status="accredited", conf="medium",
              vnote=("No visa statement for this programme in the roster (UCI institution-level "
                     "statements used in other UCI rows were not applied to it).")),
    136: dict(id="psych-st-francis-lynwood", type=COM, status="new", conf="medium",
              note="Launch about 2024-2025; ACGME accreditation not stated explicitly."),
    137: dict(id="psych-ucsd-imperial", type=CTY, status="new", conf="low",
              name=("UC San Diego Health - Imperial County Behavioral Health Services "
                    "Psychiatry Residency"),
              vnote=("J-1 'possible' and H-1B 'no' come from a UCSD psychiatry fellowship page "
                     "(institution-level, not this programme); for consistency with psych-ucsd "
                     "they are not entered as yes/no."),
              pnote="positions_per_year left empty: 4 per year is announced/planned (first class 2026).",
              note="City not stated in the sources (Imperial County); coordinate is the county seat.",
              dup=("May be a regional track of psych-ucsd (ACGME 4000521026) rather than a "
                   "separate ACGME programme (roster_additions.md). Kept as its own row because "
                   "it is announced as a separate residency located in Imperial County.")),
    138: dict(id="im-providence-st-mary-apple-valley", type=COM, status="new", conf="medium",
              note="Inaugural cohort planned July 2025.",
              dup="Not the same as im-st-mary-long-beach (different hospital and system)."),
    139: dict(id="im-west-anaheim", type=COM, status="unverified", conf="low",
              name="OPTI West/West Anaheim Medical Center Program (Internal Medicine)", note=TIER_B),
    140: dict(id="im-college-medical-center-long-beach", type=COM, status="unverified",
              conf="low",
              name="OPTI West/College Medical Center Long Beach Program (Internal Medicine)",
              note=TIER_B),
    141: dict(id="fm-arrowhead-regional", type=CTY, status="accredited", conf="medium"),
    142: dict(id="fm-ucla", type=U, status="accredited", conf="medium", city="Santa Monica",
              note=("Two clinic-site cities (Santa Monica; San Fernando Valley, Los Angeles); "
                    "Santa Monica used for city/coordinates.")),
    143: merge(KP, dict(id="fm-kaiser-anaheim", type=KPT, status="unverified", conf="low",
                        acc="yes", note=TIER_B,
                        pnote="positions_per_year left empty: 6 was the initial class planned for 1994.")),
    144: merge(KP, dict(id="fm-kaiser-san-diego", type=KPT, status="unverified", conf="low",
                        acc="yes", note=TIER_B)),
    145: merge(KP, dict(id="fm-kaiser-woodland-hills", type=KPT, status="unverified",
                        conf="low", acc="yes", note=TIER_B)),
    146: merge(KP, dict(id="fm-kaiser-riverside", type=KPT, status="unverified", conf="low",
                        acc="yes", note=TIER_B)),
    147: dict(id="fm-opti-west-montclair", type=COM, status="unverified", conf="low",
              name="OPTI West (Montclair) Program (Family Medicine)", note=TIER_B),
    148: dict(id="fm-pih-downey", type=COM, status="unverified", conf="low",
              name="OPTI West/PIH Health Hospital Downey Program (Family Medicine)", note=TIER_B,
              dup="Distinct from fm-presbyterian-intercommunity-whittier (different city and ACGME code)."),
    149: dict(id="fm-presbyterian-intercommunity-whittier", type=COM, status="unverified",
              conf="low", note=TIER_B,
              dup="Distinct from fm-pih-downey (different city and ACGME code)."),
    150: dict(id="fm-borrego-health", type=COM, status="possibly_closed", conf="low",
              name="Borrego Health Family Medicine Residency",
              note="Sponsor in bankruptcy (case 22-02384-11, 2022-23); programme probably closed or transferred."),
    151: dict(id="ty-harbor-ucla", type=CTY, status="unverified", conf="low", note=TIER_B),
    152: dict(id="ty-riverside-community-ucr", type=UAC, status="unverified", conf="low",
              note=TIER_B),
}

# Roster rows merged into another row (not written as their own row).
MERGED = {
    76: ("psych-ucla", "UCLA-SFV/VA Greater LA psychiatry = the VA-based residency UCLA "
         "combined into its main programme in fall 2023."),
    83: ("psych-ruhs", "UCR SOM psychiatry (c.2013, county sites) treated as the predecessor "
         "of / same programme as RUHS psychiatry; no current source for a separate programme."),
}

URL_RE = re.compile(r"https?://[^\s\)\]'\"<>,;]+")


def norm_city(raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    if raw.startswith("Los Angeles") or raw == "Sylmar":
        return "Los Angeles"
    if raw.startswith("San Diego"):
        return "San Diego"
    if raw.startswith("Torrance"):
        return "Torrance"
    if raw.startswith("Loma Linda"):
        return "Loma Linda"
    return raw


def labelled(row: pd.Series, fields: tuple[tuple[str, str], ...], extra: str | None = None) -> list[str]:
    """'Label: roster wording.' for each non-empty roster field, then the curator's note."""
    out = [f"{label}: {row[name]}." for name, label in fields if row[name]]
    return out + [extra] if extra else out


def join(*parts: str, sep: str = " ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def build() -> pd.DataFrame:
    roster = pd.read_csv(SRC, dtype=str, keep_default_na=False)
    assert len(roster) == 152, len(roster)
    covered = set(CURATION) | set(MERGED)
    assert covered == set(range(1, 153)), sorted(set(range(1, 153)) - covered)
    assert not set(CURATION) & set(MERGED)

    rows = []
    for n, c in sorted(CURATION.items()):
        r = roster.iloc[n - 1]
        city = c.get("city", norm_city(r["city"]))
        notes = [f"Roster row {n}."]
        if r["city"] and r["city"] != city:
            notes.append(f"Roster city: '{r['city']}'.")
        notes.append(f"Roster program_type: '{r['program_type']}'.")
        if r["img_friendly"]:
            notes.append(f"IMG eligibility (roster img_friendly): {r['img_friendly']}.")
        notes.append(r["notes"])
        if c.get("note"):
            notes.append(c["note"])
        merged_here = [m for m, (tgt, _) in MERGED.items() if tgt == c["id"]]
        for m in merged_here:
            notes.append(f"Also absorbs roster row {m}: {roster.iloc[m - 1]['program_name']}.")

        visa = labelled(r, (("visa_j1", "J-1 (roster)"), ("visa_h1b", "H-1B (roster)")), c.get("vnote"))
        screens = labelled(r, (("step_cutoff_note", "Scores/attempts"), ("yog_cutoff_note", "YOG"),
                               ("usce_required_note", "USCE")), c.get("snote"))

        pos_note = join(r["positions_per_year"] and f"Roster: {r['positions_per_year']}.",
                        c.get("pnote", ""))

        # other_sources: every URL quoted in the roster text, minus source_url
        text = " ".join(r[k] for k in ("notes", "img_friendly", "visa_j1", "visa_h1b",
                                       "step_cutoff_note", "img_share_note"))
        urls = [u.rstrip(".") for u in URL_RE.findall(text)]
        if "nmacklin" in text or c.get("acgme"):
            urls.append(GITHUB_2018_19)
        urls += c.get("srcs", [])
        seen, other = set(), []
        for u in urls:
            if u and u != r["source_url"] and u not in seen:
                seen.add(u)
                other.append(u)

        acgme = c.get("acgme", r["acgme_id"])
        rows.append({
            "program_id": c["id"],
            "name": c.get("name", r["program_name"]),
            "institution": r["institution"],
            "specialty": SPECIALTY_MAP.get(r["specialty"], r["specialty"]),
            "city": city,
            "county": r["county"],
            "subregion": SUBREGION_MAP.get(r["subregion"], r["subregion"]),
            "program_type": c["type"],
            "status": c["status"],
            "acgme_id": acgme,
            "nrmp_codes": c.get("nrmp", ""),
            "positions_per_year": c.get("pos", ""),
            "positions_note": pos_note,
            "img_share": c.get("share", ""),
            "img_share_note": r["img_share_note"],
            "accepts_imgs": c.get("acc", ""),
            "sponsors_j1": c.get("j1", ""),
            "sponsors_h1b": c.get("h1b", ""),
            "visa_basis": c.get("basis", ""),
            "visa_note": join(*visa),
            "step2_min": c.get("step2", ""),
            "yog_max_years": c.get("yog", ""),
            "usce_required": c.get("usce", ""),
            "usce_min_months": c.get("usce_m", ""),
            "first_attempt_only": c.get("first", ""),
            "screens_note": join(*screens),
            "lat": "", "lon": "", "coord_precision": "", "coord_source": "",
            "source_url": r["source_url"],
            "other_sources": " ".join(other),
            "checked": CHECKED,
            "confidence": c["conf"],
            "duplicate_note": c.get("dup", ""),
            "notes": join(*notes),
            "_roster_lat": r["lat"], "_roster_lon": r["lon"],
        })
    df = pd.DataFrame(rows)
    pts = {pid: (la, lo) for pid, la, lo in zip(df.program_id, df._roster_lat, df._roster_lon)}
    df = geocode_programs.geocode_frame(df.drop(columns=["_roster_lat", "_roster_lon"]), pts)
    df["notes"] = [join(nt, f"Coordinate: {g}.") for nt, g in zip(df["notes"], df["_geocode_note"])]
    df = df.drop(columns="_geocode_note")
    df = apply_fact_updates(df[COLUMNS].copy(), roster)
    return df[COLUMNS]


def read_added(path: Path) -> pd.DataFrame:
    added = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(added.columns) != COLUMNS:
        raise ValueError(f"{path.name}: columns differ from data/SCHEMA.md")
    return added


def geocode_new(rows: pd.DataFrame) -> pd.DataFrame:
    """City centroids for research rows written without coordinates (the hospital file may replace them)."""
    todo = rows["lat"].eq("")
    if not todo.any():
        return rows
    done = geocode_programs.geocode_frame(rows[todo])
    done["notes"] = [join(nt, f"Coordinate: {g}.") for nt, g in zip(done["notes"], done["_geocode_note"])]
    rows = rows.copy()
    rows.loc[todo, COLUMNS] = done[COLUMNS].astype(str)
    return rows


def build_both() -> tuple[pd.DataFrame, pd.DataFrame]:
    """programs.csv (roster) and programs_added.csv (issue-4 base), both with the pass-3
    research (id-keyed facts, hospital coordinates) applied."""
    roster_frame = build()
    added = pd.concat([read_added(ADDED_BASE), geocode_new(read_added(PASS3_ADDED)),
                       geocode_new(read_added(ISSUE11_ADDED))], ignore_index=True)
    known = set(roster_frame.program_id) | set(added.program_id)
    if len(known) != len(roster_frame) + len(added):
        raise ValueError("program_id repeated across programs.csv and programs_added.csv")
    audit_fixes.check_references(known)
    return (audit_fixes.apply_audit(program_facts.apply_research(roster_frame, known))[OUT_COLUMNS],
            audit_fixes.apply_audit(program_facts.apply_research(added, known))[OUT_COLUMNS])


# ------------------------------------------------------------ fact updates
# Fields a fact may set. Text fields are appended to; nrmp_codes is merged (union,
# order kept); the rest are replaced. Companion: where the fact's own note (its
# evidence / quote) is also appended, so the structured value is explained in place.
FACT_TEXT_FIELDS = ("positions_note", "screens_note", "notes")
FACT_VALUE_FIELDS = ("positions_per_year", "accepts_imgs", "sponsors_j1", "sponsors_h1b",
                     "visa_basis", "nrmp_codes")
FACT_COMPANION = {"positions_per_year": "positions_note", "sponsors_j1": "visa_note",
                  "sponsors_h1b": "visa_note", "visa_basis": "visa_note"}

# Curation decisions for facts that change or qualify an existing value, keyed by
# (program_id, field). Rule: the more specific / more recent program-level source wins
# over institution-level, third-party or roster-approximate values. A fact that
# replaces a different non-empty value without an entry here stops the build.
FACT_DECISIONS: dict[tuple[str, str], str] = {
    ("gs-loma-linda", "sponsors_j1"): (
        "Same value as before (yes), now from the surgery programme's own FAQ instead of the "
        "LLUH institution-level policy."),
    ("gs-loma-linda", "sponsors_h1b"): (
        "Same value as before (no), but the basis changes: the programme FAQ ('We do not "
        "sponsor H1') is stricter than the LLUH institution-level 'H-1B transfer only'; the "
        "more specific programme-level source wins."),
    ("gs-loma-linda", "visa_basis"): (
        "visa_basis changed institution -> program: the programme-level FAQ is more specific "
        "than the institution policy and wins; the institution wording above in visa_note is "
        "kept for history."),
    ("gs-loma-linda", "screens_note"): (
        "The programme-published averages (~235 categorical) supersede the residencyadvisor "
        "'STEP 240' tag; they are averages, not cut-offs, so step2_min stays empty."),
    ("gs-loma-linda", "positions_per_year"): (
        "positions_per_year set to 6 (categorical; 2 of the 6 are research-track); "
        "~8 preliminary residents/yr are not counted."),
    ("neuro-cedars-sinai", "positions_per_year"): (
        "positions_per_year now 5 (PGY-2 entry of this advanced programme): the Cedars IM "
        "application page states exactly five linked positions, replacing the roster's "
        "approximate '~5'."),
    ("neuro-cedars-sinai", "nrmp_codes"): (
        "Fact confirms the advanced code 1030180A0; the roster's PSTP code 1030180A1 is kept."),
    ("im-st-mary-long-beach", "nrmp_codes"): (
        "Primary-care and preliminary codes added to the categorical code (printed with the "
        "letter O and possibly swapped suffixes; verify against NRMP). The preliminary track "
        "also has its own row, im-prelim-stmary-lb-x4."),
    ("gs-ruhs", "notes"): (
        "The 'specialty inferred' caveat above is resolved by this 2019 source; confidence "
        "left low (the rest of the row still rests on the FAQ only)."),
    ("im-riverside-community", "notes"): (
        "Bears on the im-ucr duplicate question (see duplicate_note); rows still kept "
        "separate pending an ACGME ADS check."),
}


def _fact_conflicts(field: str, old: str, new: str) -> bool:
    if field in FACT_TEXT_FIELDS or not old:
        return False
    if field == "nrmp_codes":
        return not set(new.split(";")) >= set(old.split(";")) and not (
            set(old.split(";")) >= set(new.split(";")))
    return str(old) != str(new)


def apply_fact_updates(df: pd.DataFrame, roster: pd.DataFrame,
                       facts_path: Path = FACTS) -> pd.DataFrame:
    """Apply data/research/issue4_fact_updates.csv to the built frame; fail loudly."""
    facts = pd.read_csv(facts_path, dtype=str, keep_default_na=False)
    expected = ["specialty", "roster_program_name", "field", "value", "source_url",
                "checked", "note"]
    if list(facts.columns) != expected:
        raise ValueError(f"{facts_path}: columns {list(facts.columns)} != {expected}")
    id_by_row = {n: c["id"] for n, c in CURATION.items()}
    id_by_row.update({n: tgt for n, (tgt, _) in MERGED.items()})
    df = df.set_index("program_id", drop=False)
    used: set[tuple[str, str]] = set()
    for i, f in facts.iterrows():
        where = f"{facts_path.name} line {i + 2}"
        hits = [k + 1 for k in roster.index[roster["program_name"] == f["roster_program_name"]]]
        if len(hits) != 1:
            raise ValueError(f"{where}: roster_program_name {f['roster_program_name']!r} "
                             f"matches {len(hits)} roster rows (need exactly 1)")
        n = hits[0]
        rspec = SPECIALTY_MAP.get(roster.iloc[n - 1]["specialty"], roster.iloc[n - 1]["specialty"])
        if f["specialty"] != rspec:
            raise ValueError(f"{where}: specialty {f['specialty']!r} != roster's {rspec!r}")
        field, value = f["field"], f["value"].strip()
        if field not in FACT_TEXT_FIELDS + FACT_VALUE_FIELDS:
            raise ValueError(f"{where}: field {field!r} cannot be set by a fact update")
        if not re.fullmatch(r"https?://\S+", f["source_url"]):
            raise ValueError(f"{where}: bad source_url {f['source_url']!r}")
        if not re.fullmatch(r"\d{4}-\d{2}", f["checked"]):
            raise ValueError(f"{where}: bad checked {f['checked']!r}")
        pid = id_by_row[n]
        old = str(df.at[pid, field])
        decision = FACT_DECISIONS.get((pid, field), "")
        used.add((pid, field))
        if _fact_conflicts(field, old, value) and not decision:
            raise ValueError(f"{where}: {pid}.{field} = {old!r} conflicts with fact {value!r}; "
                             "record a decision in FACT_DECISIONS")
        if field in ("positions_note", "screens_note"):
            df.at[pid, field] = join(old, f"Issue-4 ({f['checked']}): {value}")
        elif field == "nrmp_codes":
            codes = [c for c in old.split(";") if c]
            codes += [c for c in value.split(";") if c and c not in codes]
            df.at[pid, field] = ";".join(codes)
        elif field != "notes":
            if field == "positions_per_year":
                value = str(int(value))  # validates; CSV text is the same
            df.at[pid, field] = value
        if field in FACT_COMPANION and f["note"]:
            comp = FACT_COMPANION[field]
            df.at[pid, comp] = join(str(df.at[pid, comp]),
                                    f"Issue-4 ({f['checked']}, {field}): {f['note']}")
        entry = f"Issue-4 fact update: [{field}] {value} — {f['source_url']} ({f['checked']})."
        df.at[pid, "notes"] = join(str(df.at[pid, "notes"]), entry,
                                   f"Research note: {f['note']}" if f["note"] else "",
                                   f"Curation: {decision}" if decision else "")
        urls = [f["source_url"]] + [u.rstrip(".") for u in URL_RE.findall(f["note"])]
        other = str(df.at[pid, "other_sources"]).split()
        for u in urls:
            if u != df.at[pid, "source_url"] and u not in other:
                other.append(u)
        df.at[pid, "other_sources"] = " ".join(other)
    stale = sorted(set(FACT_DECISIONS) - used)
    if stale:
        raise ValueError(f"FACT_DECISIONS entries match no fact: {stale}")
    return df.reset_index(drop=True)


def coverage_tables(df: pd.DataFrame) -> str:
    """Coverage of a built frame, by the one coverage function the Data page and data/README.md use."""
    from smartpick_core.views.coverage import coverage_markdown, data_coverage
    return coverage_markdown(data_coverage(df))


def main() -> int:
    df, added = build_both()
    df.to_csv(OUT, index=False)
    added.to_csv(ADDED_OUT, index=False)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(df)} rows "
          f"({len(CURATION)} converted, {len(MERGED)} merged); "
          f"{ADDED_OUT.relative_to(ROOT)}: {len(added)} rows")
    if "--coverage" in sys.argv:
        print(coverage_tables(df))
    return 0


if __name__ == "__main__":
    sys.exit(main())
