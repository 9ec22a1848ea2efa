"""make audit: Lighthouse (mobile) on the home, screening and session pages.

Starts gunicorn with production settings on a fresh SQLite file, creates one account with a
partner, a cleared screening and a session in progress, logs in, and runs Lighthouse from
the npm registry (installed by `make checkers`) against Debian's Chromium with the session
cookie. Prints performance / accessibility / best-practices per page and writes
bench/results/lighthouse.md. Scores below 100 are listed with the audits that cost points.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import RESULTS, ROOT, VENV_BIN, logged_in, run, start_gunicorn

LIGHTHOUSE = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices"]

SETUP = """
from django.contrib.auth import get_user_model
from decompress.models import Partner
from screening.models import Outcome, Screening
from sessions.engine import session_start
user = get_user_model().objects.create_user("auditor", password="audit-Passphrase-2026")
partner = Partner.objects.create(account=user, name="Robin")
Screening.objects.create(partner=partner, outcome=Outcome.CLEARED)
fresh = Partner.objects.create(account=user, name="Sam")
session = session_start(partner=partner)
print(partner.pk, fresh.pk, session.pk)
"""


def main() -> None:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make checkers` first.")
    workdir = Path(tempfile.mkdtemp(prefix="decompress-audit-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DECOMPRESS_DATA_DIR": str(workdir),
        "CHROME_PATH": "/usr/bin/chromium",
    }
    env.pop("DATABASE_URL", None)
    py = str(VENV_BIN / "python")
    run([py, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([py, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    ids = run([py, "manage.py", "shell", "-v0", "-c", SETUP], env, capture_output=True, text=True)
    _partner_id, fresh_id, session_id = ids.stdout.split()
    server, host = start_gunicorn(env)
    try:
        http = logged_in(host, "auditor", "audit-Passphrase-2026")
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        pages = {
            "welcome (logged out)": (f"{host}/", None),
            "home": (f"{host}/", cookie),
            "screening page 1": (f"{host}/screening/partner/{fresh_id}/urgent-signs/", cookie),
            "session": (f"{host}/session/{session_id}/", cookie),
        }
        rows = []
        for name, (url, cookies) in pages.items():
            print(f"  Lighthouse: {name}…", flush=True)
            rows.append((name, lighthouse(url, cookies, env, workdir)))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    lines = [
        "# Lighthouse (mobile)",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC}; gunicorn, production settings",
        "",
        "| page | performance | accessibility | best practices | points lost on |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, (scores, lost) in rows:
        lines.append(
            f"| {name} | {scores['performance']} | {scores['accessibility']} "
            f"| {scores['best-practices']} | {', '.join(lost) or '—'} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "lighthouse.md").write_text(report)
    if any(min(scores.values()) < 100 for _name, (scores, _lost) in rows):
        sys.exit(1)


def lighthouse(url: str, cookie: str | None, env: dict, workdir: Path) -> tuple[dict, list]:
    out = workdir / "lh.json"
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run",
    ]
    if cookie:
        cmd.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    # Chromium now and then fails to start on a loaded machine: one more try.
    if subprocess.run(cmd, env=env).returncode != 0:
        subprocess.run(cmd, env=env, check=True)
    data = json.loads(out.read_text())
    scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    lost = []
    for category in CATEGORIES:
        for ref in data["categories"][category]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{ref['id']} ({audit['score']:.2f})")
    return scores, lost


if __name__ == "__main__":
    main()
