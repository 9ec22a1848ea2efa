"""Helpers for bench/run.py.

`pages.py queries` — SQL queries per page for the 10-session and the 10,000-session account.
`pages.py first-load HOST` — bytes transferred for a first load of the session page.
Both print JSON.
"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decompress.settings")

POOLS = json.loads(Path(os.environ["BENCH_POOLS"]).read_text())


def queries() -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from sessions.models import GuidedSession

    setup_test_environment()
    users = get_user_model().objects
    counts: dict[str, list[int]] = {}
    for username in (POOLS["small_account"], POOLS["big_account"]):
        user = users.get(username=username)
        client = Client()
        client.force_login(user)
        session = GuidedSession.objects.filter(partner__account=user).first()
        pages = {
            "history list": reverse("history:list"),
            "history detail": reverse("history:detail", args=[session.pk]),
            "trends": reverse("history:trends", args=[session.partner_id]),
            "home": reverse("home"),
        }
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, (url, response.status_code)
            counts.setdefault(name, []).append(len(ctx.captured_queries))
    return counts


def first_load(host: str) -> dict:
    import requests
    from run import logged_in

    http = logged_in(host, POOLS["runner_account"], POOLS["password"])
    session_id = POOLS["advance_pool"][-1]
    sizes = {}
    page = http.get(
        f"{host}/session/{session_id}/", headers={"Accept-Encoding": "br, gzip"}, stream=True
    )
    html = page.raw.read(decode_content=False)
    sizes["session page HTML"] = len(html)
    text = http.get(f"{host}/session/{session_id}/").text
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    assets += re.findall(r'<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"', text)
    seen: set[str] = set()
    queue = [requests.compat.urljoin(f"{host}/session/{session_id}/", a) for a in assets]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = http.get(url, headers={"Accept-Encoding": "br, gzip"}, stream=True)
        sizes[url.rsplit("/", 1)[-1]] = len(response.raw.read(decode_content=False))
        if url.endswith(".js"):
            # ES modules load their imports too: count them.
            source = http.get(url).text
            for dep in re.findall(r"""(?:from|import)\s*["'](\.{1,2}/[^"']+)["']""", source):
                queue.append(requests.compat.urljoin(url, dep))
    return {"bytes": sizes}


if __name__ == "__main__":
    mode = sys.argv[1]
    result = queries() if mode == "queries" else first_load(sys.argv[2])
    print(json.dumps(result))
