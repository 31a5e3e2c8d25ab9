"""The one list of pages. app.py, every test, `make screenshots` and the benchmarks read it, so adding a page
means a page file plus one line here.

The page files live in smartpick_app/pages/, not in a top-level pages/ folder: Streamlit treats a pages/ folder
beside the entry point as its own multipage app, and a deep link on a fresh server would then run the page
without its frame (no sign-in, no sidebar, no footer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, its title in the navigation, its icon, and whether it is the workspace's."""

    file: str              # in smartpick_app/pages/
    title: str
    icon: str
    workspace: bool = False   # an advisor-workspace page (Students, Data): browser tests treat it on its own

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def script(self) -> str:
        """The path AppTest.switch_page takes, relative to the project root (where app.py is)."""
        return f"smartpick_app/pages/{self.file}"

    @property
    def url_path(self) -> str:
        """The page's path in the address bar ('' for the default page)."""
        return "" if self is PAGES[0] else self.file.removesuffix(".py")


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview.py", "Overview", ":material/dashboard:"),
    PageSpec("map.py", "Map", ":material/map:"),
    PageSpec("tiers.py", "Tiers", ":material/bar_chart:"),
    PageSpec("compare.py", "Compare regions", ":material/compare:"),
    PageSpec("scenarios.py", "Compare scenarios", ":material/difference:"),
    PageSpec("programs.py", "Programs", ":material/table:"),
    PageSpec("my_list.py", "My list", ":material/checklist:"),
    PageSpec("students.py", "Students", ":material/groups:", workspace=True),
    PageSpec("data.py", "Data", ":material/database:", workspace=True),
    PageSpec("backtest.py", "Back-test", ":material/fact_check:", workspace=True),
)


def page(title: str) -> PageSpec:
    """The page with this navigation title."""
    return next(p for p in PAGES if p.title == title)
