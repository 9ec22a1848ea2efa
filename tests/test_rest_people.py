"""A rest belongs to the account's person, not to a row: another name for the same person,
a partner deleted and added again, or a changed time zone do not start a session early."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from decompress.models import Partner, Rest
from decompress.rest import partner_rest
from sessions.models import GuidedSession, StopReason
from tests.factories import ScreeningFactory
from tests.support.builders import build_stopped_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def resting(partner):
    """Alex, stopped for pain ten minutes ago."""
    Partner.objects.filter(pk=partner.pk).update(name="Alex")
    partner.refresh_from_db()
    ScreeningFactory(partner=partner)
    started = timezone.now() - timedelta(minutes=22)
    build_stopped_session(partner=partner, stop_reason=StopReason.PAIN, started_at=started)
    return partner


def _start(client, partner):
    return client.post(reverse("sessions:start", args=[partner.pk]), {"changed": "no"})


def _ready(partner) -> Partner:
    ScreeningFactory(partner=partner)
    return partner


def test_the_partner_form_says_who_rests_and_until_when(client_logged_in, resting):
    page = client_logged_in.get(reverse("partner_add")).content.decode()
    until = partner_rest(partner=resting).until
    assert f"Alex rests until {timezone.localtime(until):%A, %H:%M}" in page


@pytest.mark.parametrize("name", ["Alex again", "alex 2", "ALEX2", "Álex  Again"])
def test_a_name_like_a_resting_partners_asks_whether_it_is_another_person(
    client_logged_in, resting, name
):
    asked = client_logged_in.post(reverse("partner_add"), {"name": name})
    assert asked.status_code == 422
    page = asked.content.decode()
    shown = " ".join(name.split())
    assert f"Is {shown} a different person from Alex?" in page
    assert "Answer whether" in page
    assert Partner.objects.count() == 1  # nothing added without the answer

    same = client_logged_in.post(reverse("partner_add"), {"name": name, "same_person": "same"})
    assert same.status_code == 302
    again = Partner.objects.get(name=shown)
    rest = partner_rest(partner=again)
    assert rest is not None
    assert rest.until == partner_rest(partner=resting).until
    assert _start(client_logged_in, _ready(again)).status_code == 409


def test_another_person_with_a_like_name_may_start(client_logged_in, resting):
    answer = {"name": "Alex B", "same_person": "different"}
    assert client_logged_in.post(reverse("partner_add"), answer).status_code == 302
    other = _ready(Partner.objects.get(name="Alex B"))
    assert partner_rest(partner=other) is None
    assert _start(client_logged_in, other).status_code == 302


def test_renaming_another_partner_to_a_like_name_asks_too(client_logged_in, resting, user):
    from tests.factories import PartnerFactory

    # The resting partner renaming itself asks nothing: its rest follows it.
    own = reverse("partner_edit", args=[resting.pk])
    assert client_logged_in.post(own, {"name": "Alex R"}).status_code == 302
    assert partner_rest(partner=Partner.objects.get(pk=resting.pk)) is not None

    sam = PartnerFactory(account=user, name="Sam")
    url = reverse("partner_edit", args=[sam.pk])
    assert client_logged_in.post(url, {"name": "Alex again"}).status_code == 422
    assert (
        client_logged_in.post(url, {"name": "Alex again", "same_person": "same"}).status_code == 302
    )
    assert partner_rest(partner=Partner.objects.get(pk=sam.pk)) is not None


def test_deleting_and_adding_the_partner_again_keeps_the_rest(client_logged_in, resting):
    until = partner_rest(partner=resting).until
    delete = reverse("partner_delete", args=[resting.pk])
    assert client_logged_in.post(delete).status_code == 302
    assert not Partner.objects.exists()
    assert not GuidedSession.objects.exists()
    assert Rest.objects.get().until == until  # kept on the account

    assert client_logged_in.post(reverse("partner_add"), {"name": " alex "}).status_code == 302
    back = _ready(Partner.objects.get())
    assert partner_rest(partner=back).until == until
    refused = _start(client_logged_in, back)
    assert refused.status_code == 409
    assert "Rest today" in refused.content.decode()
    assert "Rest today" in client_logged_in.get(reverse("home")).content.decode()


def test_a_changed_time_zone_never_moves_the_end_of_a_rest(client_logged_in, resting):
    until = partner_rest(partner=resting).until
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14, UTC-11
        changed = client_logged_in.post(reverse("account_time_zone"), {"time_zone": zone})
        assert changed.status_code == 302
        assert partner_rest(partner=resting).until == until
        assert _start(client_logged_in, resting).status_code == 409
    assert partner_rest(partner=resting, now=until - timedelta(seconds=1)) is not None
    assert partner_rest(partner=resting, now=until) is None
