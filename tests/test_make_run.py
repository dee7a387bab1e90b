"""``make run`` as a newcomer runs it: in a terminal, wait for the page, press Ctrl-C.

The terminal is a real pseudo-terminal, so Ctrl-C is the kernel's SIGINT to the foreground process
group, exactly as in a shell. The portal runs on a fresh SQLite database in a scratch data folder
(``PORTAL_DATA_DIR``) on a free port, with the embedded defaults (filesystem broker, emails to files).
"""

import fcntl
import os
import pty
import re
import shutil
import subprocess
import termios
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import _free_port

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 300  # a fresh database: migrate, reference data and the scale-1 demo
STOP_SECONDS = 60

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _controlling_terminal(slave_fd):
    def attach():
        os.setsid()
        fcntl.ioctl(slave_fd, termios.TIOCSCTTY, 0)

    return attach


def _processes_with(marker: str) -> list[int]:
    """Our processes whose environment holds ``marker`` (every process make run starts inherits it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_for_page(url: str, process: subprocess.Popen, output: bytearray) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"make run ended early:\n{output.decode(errors='replace')[-3000:]}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our local server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    pytest.fail(f"No page at {url} after {STARTUP_SECONDS} s:\n{output.decode(errors='replace')[-3000:]}")


def test_make_run_serves_the_portal_and_ctrl_c_stops_everything_with_exit_0(tmp_path):
    port = _free_port()
    data_dir = tmp_path / "data"
    marker = f"PORTAL_DATA_DIR={data_dir}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "EMAIL_URL", "SITE_URL", "CACHE_URL"))
    }
    env.update({"PORTAL_DATA_DIR": str(data_dir), "PORT": str(port), "TERM": "dumb"})
    master, slave = pty.openpty()
    output = bytearray()
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"],  # noqa: S607
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        preexec_fn=_controlling_terminal(slave),
    )
    os.close(slave)

    def drain():
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        _wait_for_page(f"http://127.0.0.1:{port}/", process, output)
        time.sleep(3)  # the worker and beat finish starting
        started = _processes_with(marker)

        os.write(master, b"\x03")  # Ctrl-C
        returncode = process.wait(timeout=STOP_SECONDS)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)
        for pid in _processes_with(marker):
            os.kill(pid, 9)
    reader.join(timeout=5)
    os.close(master)
    text = output.decode(errors="replace")

    assert returncode == 0, text[-3000:]
    assert len(started) >= 4, started  # make, the runner, web (reloader and server), worker, beat
    assert _processes_with(marker) == []
    assert "Stopped cleanly." in text
    assert "Error" not in text.split("Ctrl-C stops everything.")[-1]
    assert re.search(rf"Snitem portal: http://127\.0\.0\.1:{port}/", text)
