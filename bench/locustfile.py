"""Locust users for bench/run.py; BENCH_ENDPOINT picks the one endpoint to drive."""

import itertools
import json
import os
import re
from pathlib import Path

from locust import task
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


class Partner(FastHttpUser):
    def on_start(self) -> None:
        self.csrf = ""
        if ENDPOINT not in ACCOUNT:
            return
        page = self.client.get("/accounts/login/", name="login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/accounts/login/",
            data={
                "username": ACCOUNT[ENDPOINT],
                "password": POOLS["password"],
                "csrfmiddlewaretoken": token,
            },
            name="login",
        )
        home = self.client.get("/", name="login")
        self.csrf = re.search(r'"X-CSRFToken": "([^"]+)"', home.text).group(1)

    def _htmx_post(self, url: str, data: dict) -> None:
        self.client.post(
            url,
            data=data,
            headers={"HX-Request": "true", "X-CSRFToken": self.csrf},
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
            self.client.get("/history/", name=ENDPOINT)
        elif ENDPOINT == "history_detail":
            self.client.get(f"/history/{next(DETAIL_IDS)}/", name=ENDPOINT)
