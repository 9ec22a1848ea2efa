"""Reliability: a server killed mid-session loses nothing; simultaneous taps store one row."""

import os
import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.servers import BIN, REPORT, ROOT, Server, free_port

# With REDIS_URL, the servers keep log-ins in Redis.
pytestmark = [pytest.mark.shared_state, pytest.mark.process]

SETUP = """
from django.contrib.auth import get_user_model
from decompress.models import Partner
from screening.models import Outcome, Screening
user = get_user_model().objects.create_user("kim", password="a-long-Passphrase-42")
partner = Partner.objects.create(account=user, name="Robin")
Screening.objects.create(partner=partner, outcome=Outcome.CLEARED)
print(partner.pk)
"""


@pytest.fixture
def server(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_DEBUG": "1",
        "DJANGO_HTTPS": "0",
        "DECOMPRESS_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    partner_id = subprocess.run(
        [*manage, "shell", "-v0", "-c", SETUP], env=env, cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    srv = Server(env, free_port())
    srv.partner_id = int(partner_id)
    srv.report = lambda: subprocess.run(
        [*manage, "shell", "-v0", "-c", REPORT], env=env, cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    srv.start()
    yield srv
    if srv.proc.poll() is None:
        srv.kill()


def _log_in(server) -> requests.Session:
    http = requests.Session()
    login = http.get(f"{server.url}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    http.post(
        f"{server.url}/accounts/login/",
        data={"username": "kim", "password": "a-long-Passphrase-42", "csrfmiddlewaretoken": token},
    )
    return http


def _poster(server, http: requests.Session):
    def post(path: str, headers=None, **data) -> requests.Response:
        response = http.post(
            f"{server.url}{path}",
            data=data,
            headers={"X-CSRFToken": http.cookies["csrftoken"], **(headers or {})},
        )
        assert response.status_code == 200, (path, response.status_code)
        return response

    return post


def test_killing_the_server_mid_session_loses_nothing(server):
    http = _log_in(server)
    post = _poster(server, http)

    started = post(f"/session/partner/{server.partner_id}/start/", changed="no")
    session_url = started.url
    sid = re.search(r"/session/(\d+)/$", session_url).group(1)
    post(f"/session/{sid}/advance/", step_index=0, repetition=0)  # positioning: Ready
    post(f"/session/{sid}/check-in/", step_index=1, repetition=0, comfort=6)  # baseline
    post(f"/session/{sid}/advance/", step_index=2, repetition=0)  # arm connection: Ready
    post(f"/session/{sid}/advance/", step_index=3, repetition=1)  # lean 1 released
    post(f"/session/{sid}/check-in/", step_index=3, repetition=1, comfort=7)

    server.kill()
    with pytest.raises(requests.ConnectionError):
        http.get(session_url, timeout=2)
    server.start()

    page = http.get(session_url)
    assert page.status_code == 200
    assert "Lean 2 of 3" in page.text  # back on the same step after the restart
    post(f"/session/{sid}/advance/", step_index=3, repetition=2)
    post(f"/session/{sid}/check-in/", step_index=3, repetition=2, comfort=8)
    post(f"/session/{sid}/advance/", step_index=3, repetition=3)
    post(f"/session/{sid}/check-in/", step_index=3, repetition=3, comfort=8)
    post(f"/session/{sid}/finish/", step_index=4, note="Felt looser")
    # The last lean's rating (8) is the after rating; the finish asks for no second one.
    assert server.report() == "completed 6 8 [(1, 0, 6), (3, 1, 7), (3, 2, 8), (3, 3, 8)]"


def _eight_workers_at_the_first_lean(server):
    """The server restarted with eight processes writing at once (not two taking turns), a
    session started and walked to its first lean: the log-in, its poster, the session id."""
    server.kill()
    server.workers = 8
    server.port = free_port()  # a fresh port: the old one may still be held a moment
    server.url = f"http://127.0.0.1:{server.port}"
    server.start()
    http = _log_in(server)
    post = _poster(server, http)
    started = post(f"/session/partner/{server.partner_id}/start/", changed="no")
    sid = re.search(r"/session/(\d+)/$", started.url).group(1)
    post(f"/session/{sid}/advance/", step_index=0, repetition=0)
    post(f"/session/{sid}/check-in/", step_index=1, repetition=0, comfort=6)
    post(f"/session/{sid}/advance/", step_index=2, repetition=0)
    post(f"/session/{sid}/advance/", step_index=3, repetition=1)
    return http, post, sid


def test_twenty_simultaneous_identical_check_ins_store_one_row(server):
    http, _post, sid = _eight_workers_at_the_first_lean(server)

    cookies = http.cookies.get_dict()
    barrier = threading.Barrier(20)

    def tap(_n: int) -> tuple[int, str]:
        with requests.Session() as own:  # a connection of its own, like another tap
            own.cookies.update(cookies)
            barrier.wait()
            response = own.post(
                f"{server.url}/session/{sid}/check-in/",
                data={"step_index": 3, "repetition": 1, "comfort": 7},
                headers={"X-CSRFToken": cookies["csrftoken"], "HX-Request": "true"},
            )
        # The CSRF token is masked afresh in every response; the panel is otherwise equal.
        return response.status_code, re.sub(r'value="[A-Za-z0-9]{64}"', "", response.text)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(tap, range(20)))
    assert {status for status, _ in results} == {200}
    assert len({panel for _, panel in results}) == 1  # every tap shows the same panel
    assert server.report() == "active 6 None [(1, 0, 6), (3, 1, 7)]"


def test_both_phones_tapping_at_once_are_one_action(server):
    """The account holder's phone and the receiver's joined phone rate the same lean at the
    same moment (ten taps each, eight worker processes): one rating is stored, and every tap
    answers with the same next step. Then STOP from both at once: stopped once."""
    http, post, sid = _eight_workers_at_the_first_lean(server)
    invite = post(f"/session/{sid}/invite/")
    join = re.search(r'href="https?://[^/"]+(/j/[^/"]+/)"', invite.text).group(1)
    phone = requests.Session()
    phone.get(f"{server.url}{join}")
    assert phone.post(f"{server.url}{join}", headers={"X-CSRFToken": phone.cookies["csrftoken"]}).ok
    owner_cookies, phone_cookies = http.cookies.get_dict(), phone.cookies.get_dict()
    barrier = threading.Barrier(20)

    def tap(n: int, path_owner: str, path_phone: str, data: dict) -> tuple[int, str]:
        cookies = owner_cookies if n % 2 else phone_cookies
        with requests.Session() as own:
            own.cookies.update(cookies)
            barrier.wait()
            response = own.post(
                f"{server.url}{path_owner if n % 2 else path_phone}",
                data=data,
                headers={"X-CSRFToken": cookies["csrftoken"], "HX-Request": "true"},
            )
        # The panel apart from the per-response CSRF token, and the URLs that differ by phone.
        panel = re.sub(r'value="[A-Za-z0-9]{64}"', "", response.text)
        return response.status_code, re.search(r'data-panel="(\w+)"', panel).group(1)

    rating = {"step_index": 3, "repetition": 1, "comfort": 7}
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(
            pool.map(
                lambda n: tap(n, f"/session/{sid}/check-in/", f"{join}check-in/", rating),
                range(20),
            )
        )
    assert set(results) == {(200, "lean")}  # every tap: the next lean
    assert server.report() == "active 6 None [(1, 0, 6), (3, 1, 7)]"

    barrier.reset()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(
            pool.map(lambda n: tap(n, f"/session/{sid}/stop/", f"{join}stop/", {}), range(20))
        )
    assert set(results) == {(200, "stopped")}
    assert server.report().startswith("stopped 6 None")
