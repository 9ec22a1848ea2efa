"""Caching and Vary headers on every URL of the URLconf (rules in decompress.middleware).

The URLs come from the URLconf, so a new view is covered without anyone adding it here.
"""

import re

import pytest
from django.urls import resolve, reverse

from decompress.middleware import PUBLIC_PAGES
from tests.support.urls import all_urls

pytestmark = [pytest.mark.django_db, pytest.mark.shared_state]

HTMX = {"HX-Request": "true"}


def _is_private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_the_urlconf_has_public_and_private_pages(owned):
    names = {resolve(url).view_name for url in all_urls(owned)}
    assert names >= PUBLIC_PAGES  # every allowlisted name is a real page
    assert {"sessions:run", "history:list", "history:export_csv"} <= names


def test_every_response_to_a_logged_in_person_is_no_store(client, user, owned):
    """GET and POST, plain and htmx, whatever the status: all of it may hold health data."""
    found = {}
    for url in all_urls(owned):
        for method in ("get", "post"):
            for headers in ({}, HTMX):
                client.force_login(user)  # a POST to log-out or delete ends the login
                response = getattr(client, method)(url, {}, headers=headers)
                if not _is_private(response):
                    found[(method, url, bool(headers))] = response.get("Cache-Control")
    assert found == {}


def test_visitors_may_cache_only_the_allowlisted_pages(client, owned):
    cacheable = set()
    for url in all_urls(owned):
        response = client.get(url)
        if not _is_private(response):
            cacheable.add(resolve(url).view_name)
    assert cacheable == PUBLIC_PAGES


def test_error_and_admin_responses_are_no_store(client_logged_in):
    responses = [
        client_logged_in.get("/no-such-page/"),  # 404
        client_logged_in.get(reverse("sessions:stop", args=[1])),  # 405 or 404
        client_logged_in.get(reverse("admin:index")),  # redirect to the admin log-in
        client_logged_in.post(
            reverse("partner_add"), b"name=%FF", content_type="application/x-www-form-urlencoded"
        ),
    ]
    assert [r.status_code for r in responses] == [404, 405, 302, 400]
    assert all(_is_private(r) for r in responses)


def _page_text(response) -> str:
    # The CSRF token is masked afresh in every response; the rest is what the URL answers.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return re.sub(r'"[A-Za-z0-9]{64}"', "", body.decode())


def test_a_url_that_answers_a_page_and_a_fragment_varies_on_hx_request(client_logged_in, owned):
    differs = set()
    for url in all_urls(owned):
        page, fragment = client_logged_in.get(url), client_logged_in.get(url, headers=HTMX)
        if _page_text(page) != _page_text(fragment):
            differs.add(resolve(url).view_name)
            for response in (page, fragment):
                assert "HX-Request" in response.get("Vary", ""), url
    # The two known ones are found: the test sees what it is meant to see.
    assert {"sessions:run", "history:list"} <= differs
