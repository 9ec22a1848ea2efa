"""Locust users for bench/run.py; BENCH_ENDPOINT picks the one endpoint to drive."""

import itertools
import json
import os
import re
from pathlib import Path

import requests
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser

ENDPOINT = os.environ.get("BENCH_ENDPOINT", "healthz")
POOLS = json.loads(Path(os.environ["BENCH_POOLS"]).read_text())
# Shared by every simulated user in this process: each write goes to a fresh session.
CHECK_IN_IDS = itertools.cycle(POOLS["check_in_pool"])
ADVANCE_IDS = itertools.cycle(POOLS["advance_pool"])
DETAIL_IDS = itertools.cycle(POOLS["big_sessions"])
ACCOUNT = {
    "check_in": POOLS["runner_account"],
    "advance": POOLS["runner_account"],
    "history_list": POOLS["big_account"],
    "history_detail": POOLS["big_account"],
}


def log_in(host: str, username: str) -> tuple[str, str]:
    """One log-in per run (password hashing is slow on purpose): a cookie header + CSRF."""
    http = requests.Session()
    page = http.get(f"{host}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    http.post(
        f"{host}/accounts/login/",
        data={"username": username, "password": POOLS["password"], "csrfmiddlewaretoken": token},
    )
    home = http.get(f"{host}/")
    csrf = re.search(r'"X-CSRFToken": "([^"]+)"', home.text).group(1)
    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    return cookie, csrf


AUTH: dict[str, str] = {}


@events.test_start.add_listener
def _log_in_once(environment, **kwargs) -> None:
    if ENDPOINT in ACCOUNT:
        AUTH["cookie"], AUTH["csrf"] = log_in(environment.host, ACCOUNT[ENDPOINT])


class Partner(FastHttpUser):
    def on_start(self) -> None:
        self.headers = {"Cookie": AUTH["cookie"]} if AUTH else {}
        self.csrf = AUTH.get("csrf", "")

    def _htmx_post(self, url: str, data: dict) -> None:
        self.client.post(
            url,
            data=data,
            headers={**self.headers, "HX-Request": "true", "X-CSRFToken": self.csrf},
            name=ENDPOINT,
        )

    @task
    def hit(self) -> None:
        if ENDPOINT == "healthz":
            self.client.get("/healthz", name=ENDPOINT)
        elif ENDPOINT == "check_in":
            self._htmx_post(
                f"/session/{next(CHECK_IN_IDS)}/check-in/",
                {"step_index": POOLS["lean_index"], "repetition": 1, "comfort": 8},
            )
        elif ENDPOINT == "advance":
            self._htmx_post(
                f"/session/{next(ADVANCE_IDS)}/advance/",
                {"step_index": POOLS["prepare_index"], "repetition": 0},
            )
        elif ENDPOINT == "history_list":
            self.client.get("/history/", headers=self.headers, name=ENDPOINT)
        elif ENDPOINT == "history_detail":
            self.client.get(f"/history/{next(DETAIL_IDS)}/", headers=self.headers, name=ENDPOINT)
