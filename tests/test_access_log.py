"""The access log never holds a link's secret (decompress.access_log)."""

import subprocess
import time

import pytest
import requests

from decompress.access_log import redact
from tests.support.servers import BIN, ROOT, free_port


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ('"GET /j/Ab_c-12/state/?v=3 HTTP/1.1"', '"GET /j/[token]/state/?v=3 HTTP/1.1"'),
        ("/report/Zz9_-x/", "/report/[token]/"),
        ("/calendar/Q-w_e.ics", "/calendar/[token].ics"),
        ("/accounts/email/confirm/abc.def:ghi/", "/accounts/email/confirm/[token]/"),
        ("/accounts/password/reset/MQ/cj5-abc123/", "/accounts/password/reset/[token]/"),
        ("next=%2Fj%2FAb_c-12%2F", "next=%2Fj%2F[token]%2F"),
        ("http://host/j/Ab_c/live/", "http://host/j/[token]/live/"),
        ("/session/12/state/?v=4", "/session/12/state/?v=4"),  # no secret: left alone
        ("/history/", "/history/"),
    ],
)
def test_secret_links_are_redacted(logged, expected):
    assert redact(logged) == expected


@pytest.mark.process
def test_make_runs_server_logs_no_secret(tmp_path):
    assert "--logger-class decompress.access_log.RedactingLogger" in (ROOT / "Makefile").read_text()
    port, log = free_port(), tmp_path / "access.log"
    env = {"DECOMPRESS_DATA_DIR": str(tmp_path), "DJANGO_HTTPS": "0", "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True
    )
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "decompress.wsgi", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", str(log),
         "--logger-class", "decompress.access_log.RedactingLogger"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        secrets = ["InviteSecret123", "ReportSecret456", "FeedSecret789"]
        for path in (f"/j/{secrets[0]}/", f"/report/{secrets[1]}/", f"/calendar/{secrets[2]}.ics"):
            requests.get(base + path, headers={"Referer": base + path}, timeout=5)
    finally:
        server.terminate()
        server.wait(timeout=10)
    written = log.read_text()
    assert written.count("[token]") >= 3
    assert not any(secret in written for secret in secrets), written
