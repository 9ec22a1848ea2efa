"""/healthz under one Locust process, for bench/run.py: the generator the benchmark used
before wrk, kept to show in each results file how far below wrk one Locust process sits on
the same cores (a reference capped by its generator makes every ratio flattering)."""

from locust import task
from locust.contrib.fasthttp import FastHttpUser


class Probe(FastHttpUser):
    @task
    def hit(self) -> None:
        self.client.get("/healthz", name="healthz")
