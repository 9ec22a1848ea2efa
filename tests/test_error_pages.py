"""Error pages: 400, 403, 404, 405 and 500 in the site's style, each with a way back."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import path, reverse

from decompress.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

HOME_LINK = b'href="/"'


def _styled_with_a_way_back(response) -> bool:
    body = response.content
    return b"css/app.css" in body and b'class="site-header"' in body and HOME_LINK in body


def test_405_from_a_post_only_view_has_a_page(client_logged_in):
    response = client_logged_in.get(reverse("sessions:stop", args=[1]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert b"Not available this way" in response.content
    assert _styled_with_a_way_back(response)
    assert "Content-Security-Policy" in response  # rendered inside the CSP middleware


def test_405_from_a_class_based_view_has_a_page(client_logged_in):
    response = client_logged_in.get(reverse("logout"))
    assert response.status_code == 405
    assert b"Not available this way" in response.content


def test_an_oversized_body_gets_the_400_page(client_logged_in, user):
    body = b"name=" + b"a" * (10 * 1024 * 1024)
    response = client_logged_in.post(
        reverse("partner_add"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert b"too large" in response.content
    assert _styled_with_a_way_back(response)
    assert not user.partners.exists()


def test_a_missing_csrf_token_gets_the_403_page(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("partner_add"), {"name": "Robin"})
    assert response.status_code == 403
    assert b"This form has expired" in response.content
    assert _styled_with_a_way_back(response)


def test_permission_denied_gets_the_403_page(rf, user):
    from decompress.errors import permission_denied

    request = rf.get("/")
    request.user = user
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert b"Not allowed" in response.content
    assert _styled_with_a_way_back(response)


def test_a_404_has_the_site_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert _styled_with_a_way_back(response)


def _boom(request: HttpRequest):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), *site_urlpatterns]
handler500 = "decompress.errors.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_gets_the_500_page():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"come forward gradually" in response.content  # a session in progress stops safely
    assert _styled_with_a_way_back(response)
    assert response["Cache-Control"] == "no-store, private"
