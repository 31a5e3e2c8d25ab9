"""Quiet on the network: the server binds 127.0.0.1 by default, does no IP-check look-up at start,
sends no usage statistics, and the page icon is a local file (a :material: page icon is fetched from
fonts.gstatic.com by every browser)."""

from __future__ import annotations

import ast
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_config_binds_localhost_and_sends_no_usage_statistics():
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_page_icon_is_a_local_file_not_a_font_host_icon():
    tree = ast.parse((ROOT / "app.py").read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "st.set_page_config"]
    assert calls
    icon = next(k.value for k in calls[0].keywords if k.arg == "page_icon")
    assert not (isinstance(icon, ast.Constant) and str(icon.value).startswith(":material"))
    assert (ROOT / "static" / "favicon.png").read_bytes().startswith(b"\x89PNG")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))      # TEST-NET-1: no packet is sent for a UDP connect
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.mark.slow   # starts a real server
def test_server_started_without_flags_listens_on_localhost_only_and_skips_the_ip_lookup(tmp_path):
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                                 "--server.port", str(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "SMARTPICK_PROGRAM_FILES": str(ROOT / "tests" / "fixtures" /
                                                                                  "programs_fixture.csv")})
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                    if resp.read().decode().strip() == "ok":
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("server did not start: " + log.read_text()[-500:])
        time.sleep(0.5)
        text = log.read_text()
        assert f"URL: http://127.0.0.1:{port}" in text
        assert "Network URL" not in text and "External URL" not in text   # no checkip.amazonaws.com look-up
        other = _non_loopback_address()
        if other:
            with socket.socket() as sock:
                sock.settimeout(2)
                assert sock.connect_ex((other, port)) != 0, f"reachable on {other}:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
