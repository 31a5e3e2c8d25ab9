"""Print the model settings as the Markdown table pasted in README.md (python scripts/settings_table.py)."""


from smartpick_core.model.settings import SETTINGS

print("| setting | value | unit | meaning | source |")
print("|---|---|---|---|---|")
for s in SETTINGS:
    print(f"| `{s.name}` | {s.value:g} | {s.unit} | {s.description} | {s.source} |")
