"""Shared AppTest helper: the whole app (frame + sidebar) opened on one page, optionally from a share link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def run_app(page: str = "smartpick_app/pages/overview.py", params: dict[str, str] | None = None,
            timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "smartpick_app/pages/overview.py":
        at.switch_page(page).run()
    return at
