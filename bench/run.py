"""make bench: throughput and latency of the hot endpoints, as ratios of /healthz.

Starts gunicorn (production settings, 2 sync workers) on a fresh SQLite file — or on
PostgreSQL when DATABASE_URL is set —, seeds it (bench/seed.py), drives each endpoint in
turn with Locust (headless, FastHttpUser) for a fixed time, then counts SQL queries per
page at 10 and 10,000 sessions and the bytes of a first session-page load. Prints a table
and writes it to bench/results/latest.md. Targets are reported, never asserted.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
USERS = int(os.environ.get("BENCH_USERS", "16"))
HISTORY_USERS = 8

# (endpoint, users, target text, target ratio of /healthz or None)
ENDPOINTS = [
    ("healthz", USERS, "reference", None),
    ("check_in", USERS, "≥ 25 % of /healthz", 0.25),
    ("advance", USERS, "≥ 25 % of /healthz", 0.25),
    ("history_list", HISTORY_USERS, "p95 ≤ 50 ms at 8 users", None),
    ("history_detail", USERS, "—", None),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)
    except subprocess.CalledProcessError as error:
        print(error.stdout or "", error.stderr or "", sep="\n", file=sys.stderr)
        raise


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


def start_gunicorn(env: dict) -> tuple[subprocess.Popen, str]:
    """gunicorn as production runs it: 2 sync workers, production settings."""
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "decompress.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    host = f"http://127.0.0.1:{port}"
    wait_until_up(f"{host}/healthz")
    return server, host


def logged_in(host: str, username: str, password: str):
    """A requests session logged in through the real login form."""
    import re

    import requests

    http = requests.Session()
    page = http.get(f"{host}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    http.post(
        f"{host}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
    )
    return http


def locust(endpoint: str, users: int, host: str, env: dict, workdir: Path) -> dict:
    prefix = workdir / endpoint
    run(
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{SECONDS}s",
            "--stop-timeout",
            "5",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
        ],
        {**env, "BENCH_ENDPOINT": endpoint},
        capture_output=True,
        text=True,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == endpoint:
                return {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                    "p99": float(row["99%"]),
                }
    raise SystemExit(f"no Locust figures for {endpoint}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main() -> None:
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="decompress-bench-"))
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (WAL)"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DECOMPRESS_DATA_DIR": str(workdir),
        "BENCH_POOLS": str(workdir / "pools.json"),
        "PYTHONPATH": str(ROOT),
    }
    py = str(VENV_BIN / "python")
    if os.environ.get("DATABASE_URL"):
        run([py, "manage.py", "flush", "--noinput"], env, stdout=subprocess.DEVNULL)
    print(f"Database: {engine}; migrating and seeding (takes a minute)…", flush=True)
    run([py, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([py, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([py, str(ROOT / "bench" / "seed.py")], env)

    server, host = start_gunicorn(env)
    try:
        figures = {}
        for endpoint, users, _target, _ratio in ENDPOINTS:
            print(f"  {endpoint}: {users} users for {SECONDS} s…", flush=True)
            figures[endpoint] = locust(endpoint, users, host, env, workdir)
        first_load = json.loads(
            subprocess.run(
                [py, str(ROOT / "bench" / "pages.py"), "first-load", host],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    queries = json.loads(
        subprocess.run(
            [py, str(ROOT / "bench" / "pages.py"), "queries"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    report = render(figures, queries, first_load, engine, time.monotonic() - started)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(report)
    shutil.rmtree(workdir, ignore_errors=True)


def render(figures: dict, queries: dict, first_load: dict, engine: str, took: float) -> str:
    base = figures["healthz"]["rps"] or 1.0
    lines = [
        "# Decompress benchmark",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC}",
        f"- Machine: {machine()}",
        f"- Server: gunicorn, 2 sync workers, production settings; database {engine}",
        f"- Load: Locust headless (FastHttpUser), {SECONDS} s per endpoint, same run; "
        f"history list at {HISTORY_USERS} users, others at {USERS}",
        f"- Data: one account with 10,000 sessions, 50 more accounts; run took {took:.0f} s",
        "",
        "| endpoint | users | req/s | p50 ms | p95 ms | p99 ms | errors | ratio of /healthz "
        "| target | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for endpoint, users, target, ratio_target in ENDPOINTS:
        f = figures[endpoint]
        ratio = f["rps"] / base
        if ratio_target is not None:
            met = "yes" if ratio >= ratio_target else "no"
        elif endpoint == "history_list":
            met = "yes" if f["p95"] <= 50 else "no"
        else:
            met = "—"
        lines.append(
            f"| {endpoint} | {users} | {f['rps']:.0f} | {f['p50']:.0f} | {f['p95']:.0f} "
            f"| {f['p99']:.0f} | {f['failures']} | {ratio:.0%} | {target} | {met} |"
        )
    lines += ["", "## SQL queries per page (10 vs 10,000 sessions; must be equal)", ""]
    lines += ["| page | 10 sessions | 10,000 sessions | equal |", "| --- | ---: | ---: | --- |"]
    for page, (small, big) in queries.items():
        lines.append(f"| {page} | {small} | {big} | {'yes' if small == big else 'NO'} |")
    total = sum(first_load["bytes"].values())
    verdict = "met" if total <= 51_200 else "NOT met"
    lines += [
        "",
        "## First load of the session page (transferred, compressed where served so)",
        "",
        "| resource | bytes |",
        "| --- | ---: |",
        *[f"| {name} | {size:,} |" for name, size in first_load["bytes"].items()],
        f"| **total** | **{total:,}** (target ≤ 51,200: {verdict}) |",
        "",
        WHAT_STOPS_THE_TARGETS,
    ]
    return "\n".join(lines)


WHAT_STOPS_THE_TARGETS = """## What stops the throughput targets (measured 2026-11-24)

- **The reference is capped by the load generator.** Locust (one process, on the same two
  cores as gunicorn) tops out near 1,850 req/s on `/healthz`; `wrk` reached about 6,200 on
  this hardware with the same workers. Every ratio above is therefore *flattering*, not harsh.
- **The floor of any logged-in page.** In-process (Django test client, no HTTP, 10,000
  sessions): `/healthz` 0.18 ms; the simplest logged-in page 1.5 ms (session row, user
  row, base template) — 12 % of `/healthz` before any work; a check-in ≈ 5 ms; history
  detail 5.8 ms; the history list ≈ 15 ms (25 rows rendered).
- **Work we keep on purpose.** Every session write re-checks the partner's screening
  (the no-bypass rule), locks the session row, inserts the uniquely-constrained check-in
  and renders the whole panel with the ratings so far: 9–14 queries.
- **Done so far:** persistent connections (`CONN_MAX_AGE=None`), saves of the progress
  fields only (not the steps snapshot), the partner fetched with the locked row, a partial
  index for sessions in progress (home 32 → 8 ms), the history list paged by id before
  annotating (58 → 15 ms in-process at 10,000 sessions); query counts are constant.
- **Next, in order of expected gain:** a shared-cache session engine (`cached_db` on
  Redis, not per-process locmem, which would let a logged-out session live on in the other
  worker) to drop the session query; one query for session + partner + current screening;
  a leaner check-in partial (the ratings strip rendered from the session's own fields);
  a cheaper history row template. A second Locust process (`--processes 2`) or `wrk` for
  the reference would make the ratios honest rather than flattering.
"""


if __name__ == "__main__":
    main()
