"""The manifest, the service worker's script and the offline page, as the server sends them."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _worker_config(client) -> dict:
    body = client.get(reverse("service_worker")).content.decode()
    return json.loads(re.search(r"const CONFIG = (\{.*?\});", body).group(1))


def test_worker_is_served_from_the_root_and_rechecked_by_the_browser(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]


def test_worker_keeps_only_pages_without_personal_data(client):
    config = _worker_config(client)
    assert config["pages"] == [reverse("offline"), reverse("screening:back_care")]
    assert all(url.startswith("/static/") for url in config["assets"])


def test_worker_cache_name_changes_when_what_it_keeps_changes(client, settings):
    first = _worker_config(client)["cache"]
    settings.STATIC_URL = "/assets/"  # as a deploy with new asset names would
    assert _worker_config(client)["cache"] != first


def test_logged_in_pages_stay_no_store_and_link_the_manifest(client_logged_in):
    response = client_logged_in.get(reverse("history:list"))
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'rel="manifest" href="{reverse("manifest")}"' in html
    assert 'data-service-worker="/sw.js"' in html


def test_offline_page_says_a_session_needs_a_connection(client):
    html = client.get(reverse("offline")).content.decode()
    assert "No connection" in html
    assert "do not let go suddenly" in html
