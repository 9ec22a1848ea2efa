"""App servers in processes of their own: gunicorn on a port of its own, as production runs
it, for the tests that kill one or run two side by side."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

REPORT = """
from sessions.models import GuidedSession
s = GuidedSession.objects.get()
print(s.state, s.baseline_comfort, s.after_comfort,
      [(c.step_index, c.repetition, c.comfort) for c in s.check_ins.order_by("pk")])
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group, on a SQLite file of its own."""

    def __init__(self, env: dict, port: int):
        self.env, self.port, self.proc, self.workers = env, port, None, 2
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "decompress.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--log-level", "warning"],
            env=self.env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return
            # A worker still importing Django leaves the probe in the listen backlog: a read
            # timeout means "not up yet", like a refused connection.
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)  # no graceful shutdown: a power cut
        self.proc.wait(timeout=10)
