"""How SmartPick cites NRMP, in one place: every page, export, printable plan and doc that shows a number
derived from NRMP's tables uses these strings (data/calibration/NOTICE states NRMP's terms as known).

    NRMP_CITATION       the report, cited: author, title, edition, date, URL
    NRMP_SOURCE_NOTE    one sentence for a page or a printed plan: what rests on NRMP, the citation, the terms

The research notes do not quote a citation format suggested by NRMP for this report, so NRMP_CITATION is a
standard citation of the report from what the sources give (research/nrmp_figures.md §1.1): author, title,
Match year, publication month and the official PDF. Replace it with NRMP's own suggested citation, verbatim,
once it has been read in the report (data/calibration/NOTICE says the same).
"""

from __future__ import annotations

NRMP_REPORT_URL = "https://www.nrmp.org/wp-content/uploads/2026/07/Non-US-IMG_Charting-Outcomes_FINAL.pdf"
NRMP_CITATION = ("National Resident Matching Program. Charting Outcomes: Non-U.S. IMGs, Main Residency Match 2026. "
                 f"Published July 2026. {NRMP_REPORT_URL}")
NRMP_TRANSCRIPTION = "Tables A–D as transcribed by github.com/saieeshb/img-match-2026, commit 59e723c"
NRMP_NOTICE = "data/calibration/NOTICE"
NRMP_SOURCE_NOTE = (f"Match chances are calibrated to NRMP figures: {NRMP_CITATION} ({NRMP_TRANSCRIPTION}). "
                    f"Used under NRMP's terms; not reviewed by NRMP ({NRMP_NOTICE}).")
