"""Freeze each page's render floor: the exact messages (figures, decks, tables, metrics, widgets, text) a page
sends on its first run, written once to scripts/render_floor/ and committed.

    .venv/bin/python scripts/freeze_render_floor.py [--pages Overview,Map] [--out scripts/render_floor]

Why frozen: a page's render floor is what Streamlit needs to draw that page's elements with no SmartPick work at
all (scripts/bench_render_floor_app.py replays these messages). Frozen once from the pages as they were when the
floor was set, so a page that later draws more does not raise its own floor; re-freeze only on purpose.

How: the whole app (frame, sidebar, page, footer) runs in Streamlit's AppTest with the default profile, and every
delta message of that run (new elements and new blocks, each with its delta path) is kept as serialized protobuf;
further snapshots are the runs after Step 2 CK moved by each of STEP2_CHANGES, so the floor app cycles through them
and every key press redraws every figure, deck and table with changed data, as the app's own presses do.
Four snapshots, not two: Streamlit 1.67 keeps each message of 10 KB or more in the browser for two script runs
(`global.maxCachedMessageAge`) and then sends only a reference to it. Alternating two snapshots let the floor's
large elements arrive as references from the third press on, while each app press (a new value) sends them in
full; cycling through four, an element comes back after its cached copy has expired, as on the app.
One file per snapshot, `<url path>[.b|.c|.d].bin` (length-prefixed ForwardMsg bytes), plus index.json (titles,
URL paths, the snapshot files, the position of the Step 2 CK slider the benchmark presses, the commit frozen
from, bytes and element counts). `--app-root` freezes from another checkout (a `git worktree` of the commit the
floors were set at), so adding snapshots never re-sets a floor from today's pages.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
from pathlib import Path

from smartpick_app.registry import PAGES

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "scripts" / "render_floor"
SLIDER_ID_PART = "profile.step2_ck"     # the widget the benchmark presses (its id ends with the user key)
SIDEBAR_ROOT = 1
STEP2_CHANGES = (0, 10, 20, 30)   # one snapshot each: every frozen element drawn with other data, as after a key press
VARIANTS = ("", "b", "c", "d")


def file_name(url_path: str, variant: str = "") -> str:
    return (url_path or "overview") + (f".{variant}" if variant else "") + ".bin"


def pack(messages: list[bytes]) -> bytes:
    """Length-prefixed records: 4-byte big-endian length, then the serialized ForwardMsg."""
    return b"".join(struct.pack(">I", len(m)) + m for m in messages)


def unpack(data: bytes) -> list[bytes]:
    out, i = [], 0
    while i < len(data):
        (n,) = struct.unpack_from(">I", data, i)
        out.append(data[i + 4:i + 4 + n])
        i += 4 + n
    return out


def capture_page(app_root: Path, script: str, step2_change: int = 0) -> list:
    """The delta ForwardMsgs of one whole-app run on this page (AppTest, default profile; with step2_change, the
    run after the Step 2 CK slider moved by that much, as a key press would)."""
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import local_script_runner

    captured: list = []
    original = local_script_runner.parse_tree_from_messages

    def keep(messages):
        captured[:] = list(messages)
        return original(messages)

    local_script_runner.parse_tree_from_messages = keep
    try:
        at = AppTest.from_file(str(app_root / "app.py"), default_timeout=120)
        at.run()
        if script != PAGES[0].script:
            at.switch_page(script).run()
        if step2_change:
            slider = at.slider(key=SLIDER_ID_PART)
            slider.set_value(slider.value + step2_change).run()
        if at.exception:
            raise RuntimeError(f"{script}: {at.exception[0].message}")
    finally:
        local_script_runner.parse_tree_from_messages = original
    return [m for m in captured if m.HasField("delta")]


def slider_position(messages: list) -> int:
    """The sidebar's top-level index of the Step 2 CK slider (the floor app draws a live slider there)."""
    for m in messages:
        path = list(m.metadata.delta_path)
        element = m.delta.new_element if m.delta.WhichOneof("type") == "new_element" else None
        if element is not None and element.WhichOneof("type") == "slider" and SLIDER_ID_PART in element.slider.id \
                and path[0] == SIDEBAR_ROOT and len(path) == 2:
            return path[1]
    raise RuntimeError("no Step 2 CK slider at the sidebar's top level: the benchmark has nothing to press")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="", help="comma-separated navigation titles (default: every page)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--app-root", type=Path, default=ROOT,
                        help="the checkout whose app is frozen (run with PYTHONPATH set to it as well)")
    args = parser.parse_args()
    wanted = {p.strip() for p in args.pages.split(",") if p.strip()}
    args.out.mkdir(parents=True, exist_ok=True)
    index_file = args.out / "index.json"
    index = json.loads(index_file.read_text(encoding="utf-8")) if index_file.exists() else {"pages": {}}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.app_root, capture_output=True, text=True).stdout.strip()
    for spec in PAGES:
        if wanted and spec.title not in wanted:
            continue
        snapshots = [capture_page(args.app_root, spec.script, change) for change in STEP2_CHANGES]
        messages = snapshots[0]
        raw = [m.SerializeToString() for m in messages]
        files = [file_name(spec.url_path, variant) for variant in VARIANTS]
        for name, snapshot in zip(files, snapshots, strict=True):
            (args.out / name).write_bytes(pack([m.SerializeToString() for m in snapshot]))
        kinds: dict[str, int] = {}
        for m in messages:
            if m.delta.WhichOneof("type") == "new_element":
                kind = m.delta.new_element.WhichOneof("type")
                kinds[kind] = kinds.get(kind, 0) + 1
        index["pages"][spec.title] = {"url_path": spec.url_path, "files": files, "step2_changes": list(STEP2_CHANGES),
                                      "slider_index": slider_position(messages), "messages": len(raw),
                                      "bytes": sum(map(len, raw)), "elements": dict(sorted(kinds.items())),
                                      "frozen_from": commit}
        print(f"{spec.title:<20} {len(raw):>4} messages {sum(map(len, raw)) / 1024:>8.1f} KB")
    index["pages"] = {p.title: index["pages"][p.title] for p in PAGES if p.title in index["pages"]}   # registry order
    index_file.write_text(json.dumps(index, indent=1, sort_keys=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
