"""Text input: bytes that are not UTF-8 and control characters are refused on every URL.

The rule lives in decompress.middleware.FormInputMiddleware; the URLs come from the URLconf,
so a new form is covered without anyone adding it here.
"""

import pytest
from django.urls import reverse

from decompress.models import Partner
from tests.factories import GuidedSessionFactory, PartnerFactory
from tests.support.urls import all_urls

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def _snapshot(user) -> tuple:
    from sessions.models import CheckIn, GuidedSession

    return (
        list(Partner.objects.values_list("name", flat=True).order_by("pk")),
        list(GuidedSession.objects.values_list("state", "note").order_by("pk")),
        CheckIn.objects.count(),
        user.password,
    )


# Each body carries every field name the app's forms use, one of them spoiled.
FIELDS = b"step_index=0&repetition=0&comfort=5&changed=no&reason=other"
BAD_BODIES = {
    "invalid UTF-8, percent-encoded": FIELDS + b"&name=Rob%FFin&note=Rob%FFin",
    "invalid UTF-8, raw byte": FIELDS + b"&name=Rob\xffin&note=Rob\xffin",
    "overlong UTF-8": FIELDS + b"&name=%C0%AF&note=%C0%AF",
    "NUL": FIELDS + b"&name=Rob%00in&note=Rob%00in",
    "escape": FIELDS + b"&name=Rob%1Bin&note=Rob%1Bin",
    "C1 control": FIELDS + b"&name=Rob%C2%85in&note=Rob%C2%85in",
    "DEL": FIELDS + b"&name=Rob%7Fin&note=Rob%7Fin",
    "bad field name": FIELDS + b"&na%FFme=Robin",
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_every_url_refuses_bad_text_with_400_and_writes_nothing(client, user, owned, body):
    before = _snapshot(user)
    statuses = {}
    for url in all_urls(owned):
        for headers in ({}, {"HX-Request": "true"}):
            client.force_login(user)
            response = client.post(url, body, content_type=FORM, headers=headers)
            statuses[url] = response.status_code
            if response.status_code == 400:
                assert b"Nothing was saved" in response.content, url
    assert {url: code for url, code in statuses.items() if code != 400} == {}
    assert len(statuses) >= 20
    assert _snapshot(user) == before


def test_bad_text_in_the_query_string_is_refused(client_logged_in):
    assert client_logged_in.get(reverse("history:list") + "?partner=%FF").status_code == 400
    assert client_logged_in.get(reverse("history:list") + "?partner=1%00").status_code == 400


def test_multipart_bodies_are_checked_too(client_logged_in, user):
    boundary = "BoUnDaRy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n'.encode()
        + b"Rob\xffin\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    response = client_logged_in.post(
        reverse("partner_add"), body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert not user.partners.exists()


def test_a_note_keeps_its_line_breaks_and_tabs(client_logged_in, user):
    session = GuidedSessionFactory(partner=PartnerFactory(account=user))
    note = "Felt looser.\r\nLeft side:\tstill tight. Ça va — 👍"
    response = client_logged_in.post(
        reverse("history:note", args=[session.pk]), {"note": note}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.note.replace("\r\n", "\n") == note.replace("\r\n", "\n")


def test_a_name_with_accents_and_emoji_is_accepted(client_logged_in, user):
    response = client_logged_in.post(
        reverse("partner_add"), "name=Zo%C3%AB+%F0%9F%8C%BF", content_type=FORM
    )
    assert response.status_code == 302
    assert user.partners.get().name == "Zoë 🌿"
