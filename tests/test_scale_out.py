"""Scale-out: two app servers on one PostgreSQL and one Redis behave as one.

Each server is its own gunicorn process on its own port, on a database of this test's own
(created here, dropped afterwards) and on the Redis at REDIS_URL — the configuration of
anyone who runs Decompress on more than one machine. A person's requests may reach either
server: the log-in, the session in progress, the failed log-in count and a kill -9 of one
server must not show.

Runs in `make test`'s Redis pass (DATABASE_URL on PostgreSQL and REDIS_URL both set).
"""

import os
import re
import subprocess
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from tests.support.servers import BIN, REPORT, ROOT, Server, free_port

pytestmark = [pytest.mark.shared_state, pytest.mark.process]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
PASSWORD = "a-long-Passphrase-42"

if not (DATABASE_URL.startswith("postgres") and REDIS_URL):
    pytest.skip(
        "two app servers need a shared PostgreSQL and Redis (make test's Redis pass sets both)",
        allow_module_level=True,
    )

SETUP = f"""
from django.contrib.auth import get_user_model
from decompress.models import Partner
from screening.models import Outcome, Screening
user = get_user_model().objects.create_user("kim", password="{PASSWORD}")
partner = Partner.objects.create(account=user, name="Robin")
Screening.objects.create(partner=partner, outcome=Outcome.CLEARED)
print(partner.pk)
"""


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture
def servers():
    """Two servers, A and B, on a fresh database of their own and the shared Redis."""
    import redis

    name = f"decompress_scale_out_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(DATABASE_URL, name),
        "REDIS_URL": REDIS_URL,
        "DJANGO_DEBUG": "1",
        "DJANGO_HTTPS": "0",
        "DECOMPRESS_LOGIN_FAILURE_LIMIT": "3",
        "PYTHONPATH": str(ROOT),
    }
    manage = [str(BIN / "python"), "manage.py"]
    pair = []
    try:
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        partner_id = subprocess.run(
            [*manage, "shell", "-v0", "-c", SETUP], env=env, cwd=ROOT, check=True,
            capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        for _ in range(2):
            server = Server(env, free_port())
            server.partner_id = int(partner_id)
            server.report = lambda: subprocess.run(
                [*manage, "shell", "-v0", "-c", REPORT], env=env, cwd=ROOT, check=True,
                capture_output=True, text=True,
            ).stdout.strip()  # fmt: skip
            server.start()
            pair.append(server)
        yield pair
    finally:
        for server in pair:
            if server.proc.poll() is None:
                server.kill()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _token(http: requests.Session, url: str) -> str:
    page = http.get(url)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _log_in(http: requests.Session, server, password: str = PASSWORD) -> requests.Response:
    url = f"{server.url}/accounts/login/"
    return http.post(
        url,
        data={"username": "kim", "password": password, "csrfmiddlewaretoken": _token(http, url)},
    )


def _post(http: requests.Session, server, path: str, **data) -> requests.Response:
    response = http.post(
        f"{server.url}{path}", data=data, headers={"X-CSRFToken": http.cookies["csrftoken"]}
    )
    assert response.status_code == 200, (server.url, path, response.status_code)
    return response


def test_a_log_in_on_one_server_is_a_log_in_on_the_other_and_its_session_is_in_redis(servers):
    import redis

    a, b = servers
    http = requests.Session()  # one cookie jar for both: they share the host, as behind a balancer
    assert _log_in(http, a).url.rstrip("/") == a.url

    home = http.get(f"{b.url}/")
    assert home.status_code == 200
    assert "Start a session with Robin" in home.text  # B knows who is logged in

    key = http.cookies["sessionid"]
    stored = redis.Redis.from_url(REDIS_URL).keys(f"*{key}*")
    assert stored, "the log-in session is not in Redis"


def test_failed_log_ins_on_one_server_lock_the_account_on_the_other(servers):
    a, b = servers
    http = requests.Session()
    for server in (a, b):  # two wrong passwords of the three allowed, one on each server
        refused = _log_in(http, server, password="not-the-password")
        assert refused.status_code == 200
        assert "Too many attempts" not in refused.text
    third = _log_in(http, a, password="not-the-password")  # counts B's failure too
    assert "Too many attempts" in third.text
    locked = _log_in(http, b)  # the right password, on the other server
    assert "Too many attempts" in locked.text
    assert "sessionid" not in http.cookies


def test_a_session_started_on_one_server_finishes_on_the_other_after_a_kill(servers):
    a, b = servers
    http = requests.Session()
    _log_in(http, a)

    started = _post(http, a, f"/session/partner/{a.partner_id}/start/", changed="no")
    sid = re.search(r"/session/(\d+)/$", started.url).group(1)
    _post(http, a, f"/session/{sid}/advance/", step_index=0, repetition=0)
    _post(http, b, f"/session/{sid}/check-in/", step_index=1, repetition=0, comfort=6)
    _post(http, a, f"/session/{sid}/advance/", step_index=2, repetition=0)
    _post(http, b, f"/session/{sid}/advance/", step_index=3, repetition=1)
    _post(http, a, f"/session/{sid}/check-in/", step_index=3, repetition=1, comfort=7)

    a.kill()  # no graceful shutdown: a machine lost mid-session
    with pytest.raises(requests.ConnectionError):
        http.get(f"{a.url}/session/{sid}/", timeout=2)

    page = http.get(f"{b.url}/session/{sid}/")
    assert page.status_code == 200
    assert "Lean 2 of 3" in page.text  # same step, same log-in, on the other server
    _post(http, b, f"/session/{sid}/advance/", step_index=3, repetition=2)
    _post(http, b, f"/session/{sid}/check-in/", step_index=3, repetition=2, comfort=8)
    _post(http, b, f"/session/{sid}/advance/", step_index=3, repetition=3)
    _post(http, b, f"/session/{sid}/check-in/", step_index=3, repetition=3, comfort=8)
    _post(http, b, f"/session/{sid}/finish/", step_index=4, comfort=9, note="Felt looser")
    state, baseline, _after, *rest = b.report().split(" ", 3)
    assert (state, baseline) == ("completed", "6")
    for lean, comfort in ((1, 7), (2, 8), (3, 8)):
        assert f"(3, {lean}, {comfort})" in rest[0]
