"""Print the model settings as the Markdown table pasted in README.md (python scripts/settings_table.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from smartpick_core.model.settings import SETTINGS  # noqa: E402

print("| setting | value | unit | meaning | source |")
print("|---|---|---|---|---|")
for s in SETTINGS:
    print(f"| `{s.name}` | {s.value:g} | {s.unit} | {s.description} | {s.source} |")
