"""Run many CLI cases in ONE process (fast), each as `smartpick_core.cli.main(argv)` with stdout/stderr captured.

    python tests/hostile/cli_worker.py CASES.json RESULTS.json

CASES.json: {"key": [argv...], ...}. RESULTS.json: {"key": {"returncode", "stdout", "stderr", "seconds",
"escaped"}} where "escaped" names an exception that got out of main() (the CLI contract forbids it).
The caller runs this under an address-space cap and a timeout.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
from pathlib import Path


from smartpick_core.cli import main


def run(argv: list[str]) -> dict:
    out, err = io.StringIO(), io.StringIO()
    escaped = None
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:           # argparse --help etc.; still not a traceback
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:        # noqa: BLE001 - exactly what the contract forbids
            code, escaped = 1, f"{type(exc).__name__}: {str(exc)[:200]}"
    return {"returncode": code, "stdout": out.getvalue(), "stderr": err.getvalue(),
            "seconds": time.monotonic() - start, "escaped": escaped,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


if __name__ == "__main__":
    cases = json.loads(Path(sys.argv[1]).read_text())
    results = {key: run(argv) for key, argv in cases.items()}
    Path(sys.argv[2]).write_text(json.dumps(results))
