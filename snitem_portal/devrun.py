"""``make run``'s last step: the web server, a Celery worker and Celery beat in one terminal.

Run as ``python -m snitem_portal.devrun``. Each process's output is prefixed with its name. Ctrl-C
(or SIGTERM) stops all three gracefully: the worker finishes its running tasks (warm shutdown),
then the runner exits 0. A second Ctrl-C, or a process still running after ``GRACE_SECONDS``, kills
what is left. If one process dies on its own, the others are stopped and the exit code is 1.

Why not honcho: its grace period is shorter than a worker's warm shutdown, and Ctrl-C in a terminal
reaches every process of the foreground group, ``make`` included, which then ends with "Error 130"
whatever the processes do. The runner therefore takes the terminal's foreground for its own process
group (so Ctrl-C reaches the runner alone), starts each process in a group of its own, tells each one
to stop in the way it stops cleanly, and gives the terminal back to ``make`` before exiting.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_PORT = 8000
GRACE_SECONDS = 30


@dataclass(frozen=True)
class Program:
    name: str  # prefix of its output lines
    argv: list  # the command
    stop: signal.Signals  # the signal it stops cleanly on
    whole_group: bool  # send it to the process group (runserver's autoreloader and its child)


def programs(port: int) -> list[Program]:
    bin_dir = Path(sys.executable).parent
    celery = str(bin_dir / "celery")
    return [
        Program("web", [sys.executable, "manage.py", "runserver", f"{HOST}:{port}"], signal.SIGINT, True),
        Program(
            "worker",
            [celery, "-A", "snitem_portal", "worker", "--loglevel", "INFO", "--concurrency", "2"],
            signal.SIGTERM,  # warm shutdown: running tasks finish
            False,
        ),
        Program("beat", [celery, "-A", "snitem_portal", "beat", "--loglevel", "INFO"], signal.SIGTERM, False),
    ]


class Terminal:
    """Owns the terminal's foreground while the runner runs, so that Ctrl-C reaches it alone."""

    def __init__(self):
        self.fd = None
        self.previous_group = None

    def take(self) -> None:
        if not sys.stdin.isatty():
            return
        self.fd = sys.stdin.fileno()
        self.previous_group = os.tcgetpgrp(self.fd)
        # A process leaving its group must not be stopped for touching the terminal (SIGTTOU).
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        with contextlib.suppress(PermissionError):  # already a group leader (run directly)
            os.setpgid(0, 0)
        os.tcsetpgrp(self.fd, os.getpgrp())

    def give_back(self) -> None:
        if self.fd is not None and self.previous_group is not None:
            with contextlib.suppress(OSError):
                os.tcsetpgrp(self.fd, self.previous_group)


class Runner:
    def __init__(self, port: int):
        self.port = port
        self.children: list[tuple[Program, subprocess.Popen]] = []
        self.stopping = threading.Event()
        self.forced = False
        self.output_lock = threading.Lock()

    def write(self, text: str) -> None:
        with self.output_lock:
            sys.stdout.write(text)
            sys.stdout.flush()

    def start(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if "SITE_URL" not in env:
            env["SITE_URL"] = f"http://{HOST}:{self.port}"
        width = max(len(program.name) for program in programs(self.port))
        for program in programs(self.port):
            process = subprocess.Popen(  # noqa: S603 (our own fixed commands)
                program.argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                process_group=0,  # Ctrl-C reaches it only through the runner
            )
            self.children.append((program, process))
            threading.Thread(target=self.relay, args=(program.name.ljust(width), process), daemon=True).start()

    def relay(self, prefix: str, process: subprocess.Popen) -> None:
        for raw in process.stdout:
            self.write(f"{prefix} | {raw.decode(errors='replace')}")

    def on_signal(self, signum, frame) -> None:
        if self.stopping.is_set():
            self.forced = True
            self.write("Second interruption: killing what is left.\n")
            self.kill_all()
        self.stopping.set()

    def stop_all(self) -> None:
        for program, process in self.children:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    if program.whole_group:
                        os.killpg(process.pid, program.stop)
                    else:
                        process.send_signal(program.stop)

    def kill_all(self) -> None:
        for _program, process in self.children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)

    def run(self) -> int:
        self.start()
        self.write(
            f"\n  Snitem portal: http://{HOST}:{self.port}/\n"
            "  Demo logins (password: demo): staff@demo.example, referent.1@demo.example, member.1@demo.example\n"
            "  Emails are written to data/emails/, one line each below (with the verification link).\n"
            "  Ctrl-C stops everything.\n\n"
        )
        crashed = None
        while not self.stopping.wait(0.2):
            crashed = next((program for program, process in self.children if process.poll() is not None), None)
            if crashed is not None:
                self.write(f"{crashed.name} stopped on its own: stopping the others.\n")
                break
        self.stop_all()
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and any(process.poll() is None for _p, process in self.children):
            time.sleep(0.1)
        late = [program.name for program, process in self.children if process.poll() is None]
        if late:
            self.write(f"Still running after {GRACE_SECONDS} s, killed: {', '.join(late)}\n")
            self.kill_all()
        for _program, process in self.children:
            process.wait()
        # Leftovers of a process group (runserver's child after its parent stopped): none may outlive us.
        self.kill_all()
        if crashed is not None or late or self.forced:
            return 1
        self.write("Stopped cleanly.\n")
        return 0


def main() -> int:
    port = int(os.environ.get("PORT", DEFAULT_PORT))
    terminal = Terminal()
    terminal.take()
    runner = Runner(port)
    signal.signal(signal.SIGINT, runner.on_signal)
    signal.signal(signal.SIGTERM, runner.on_signal)
    try:
        return runner.run()
    finally:
        terminal.give_back()


if __name__ == "__main__":
    sys.exit(main())
