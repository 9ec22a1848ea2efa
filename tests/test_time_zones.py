"""Times in the account's zone: pages, exports and the choice of zone."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from decompress.models import AccountSettings
from decompress.timezones import account_time_zone, account_time_zone_set
from tests.support.builders import build_session

pytestmark = pytest.mark.django_db

# 23:30 on 3 December in Los Angeles is already 4 December in UTC.
LATE_EVENING = datetime(2026, 12, 4, 7, 30, tzinfo=UTC)


@pytest.fixture
def late_session(user, partner):
    account_time_zone_set(account=user, name="America/Los_Angeles")
    return build_session(partner=partner, started_at=LATE_EVENING, minutes=12)


def _text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_history_shows_the_local_date_and_time(client_logged_in, late_session):
    listing = _text(client_logged_in.get(reverse("history:list")))
    assert "Dec. 3, 2026, 11:30 p.m." in listing
    assert 'datetime="2026-12-03T23:30:00-0800"' in listing
    assert "Dec. 4, 2026" not in listing

    detail = _text(client_logged_in.get(reverse("history:detail", args=[late_session.pk])))
    assert "Dec. 3, 2026, 11:30 p.m." in detail


def test_exports_carry_the_local_time_with_its_offset(client_logged_in, late_session):
    rows = list(csv.reader(io.StringIO(_text(client_logged_in.get(reverse("history:export_csv"))))))
    header, first = rows[0], rows[1]
    assert first[header.index("session_started_at")] == "2026-12-03T23:30:00-08:00"

    data = json.loads(_text(client_logged_in.get(reverse("history:export_json"))))
    started = [s["started_at"] for s in data["sessions"]]
    assert started == ["2026-12-03T23:30:00-08:00"]


def test_without_a_choice_the_site_zone_applies(client_logged_in, partner, settings):
    build_session(partner=partner, started_at=LATE_EVENING)
    listing = _text(client_logged_in.get(reverse("history:list")))
    assert settings.TIME_ZONE == "UTC"
    assert "Dec. 4, 2026, 7:30 a.m." in listing


def test_one_account_zone_does_not_leak_into_the_next_request(client, late_session, partner):
    # Another visitor, not logged in, right after: the site's zone again.
    response = client.get(reverse("login"))
    assert response.status_code == 200
    from django.utils import timezone

    assert str(timezone.get_current_timezone()) == "UTC"


def test_the_zone_is_read_with_the_user_row(client, user, django_assert_num_queries):
    account_time_zone_set(account=user, name="Pacific/Auckland")
    # As a log-in through the form leaves it: the backend that authenticated is recorded.
    client.force_login(user, backend="decompress.timezones.SettingsBackend")
    # Session row, then the user joined with its settings: no query of its own.
    with django_assert_num_queries(2):
        client.get(reverse("account"))


def test_choosing_a_zone(client_logged_in, user):
    page = client_logged_in.get(reverse("account_time_zone")).content.decode()
    assert '<option value="Pacific/Auckland">Pacific/Auckland</option>' in page
    response = client_logged_in.post(
        reverse("account_time_zone"), {"time_zone": "America/New_York"}
    )
    assert response.status_code == 302
    assert account_time_zone(AccountSettings.objects.get(account=user).account) == (
        "America/New_York"
    )
    account = client_logged_in.get(reverse("account")).content.decode()
    assert "Dates and times are shown in America/New York." in account


def test_an_unknown_zone_is_refused(client_logged_in, user):
    response = client_logged_in.post(reverse("account_time_zone"), {"time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "Choose a time zone from the list." in response.content.decode()
    assert not AccountSettings.objects.filter(account=user).exists()


def test_sign_up_keeps_the_browsers_zone(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "kiri",
            "password1": "a long enough pass phrase 42",
            "password2": "a long enough pass phrase 42",
            "time_zone": "Pacific/Auckland",
        },
    )
    assert response.status_code == 302
    assert AccountSettings.objects.get(account__username="kiri").time_zone == "Pacific/Auckland"


def test_sign_up_ignores_a_zone_that_is_not_one(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "kiri",
            "password1": "a long enough pass phrase 42",
            "password2": "a long enough pass phrase 42",
            "time_zone": "<script>",
        },
    )
    assert response.status_code == 302
    assert not AccountSettings.objects.filter(account__username="kiri").exists()


def test_rest_lasts_until_the_next_day_in_the_accounts_zone(partner):
    import zoneinfo
    from datetime import timedelta

    from django.utils import timezone

    from decompress.rest import partner_rest
    from tests.factories import PartnerFactory
    from tests.support.builders import build_stopped_session

    # Stopped for pain at 08:00 in Los Angeles (16:00 UTC); 13 hours later it is 21:00
    # there, still the same day: the rest holds. Stopped in UTC, 13 hours later is 05:00
    # the next day: over. The end is fixed when the stop happens: the zone active later (a
    # changed account setting) never moves it.
    morning = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)
    los_angeles, utc = zoneinfo.ZoneInfo("America/Los_Angeles"), zoneinfo.ZoneInfo("UTC")
    with timezone.override(los_angeles):
        session = build_stopped_session(partner=partner, started_at=morning, stop_reason="pain")
    later = session.ended_at + timedelta(hours=13)
    for zone in (los_angeles, utc):
        with timezone.override(zone):
            assert partner_rest(partner=partner, now=later) is not None

    other = PartnerFactory(account=partner.account, name="Robin")
    with timezone.override(utc):
        build_stopped_session(partner=other, started_at=morning, stop_reason="pain")
    for zone in (los_angeles, utc):
        with timezone.override(zone):
            assert partner_rest(partner=other, now=later) is None


def test_the_report_dates_are_local_too(client_logged_in, late_session):
    late_session.note = "Felt easier on the stairs."
    late_session.save(update_fields=["note"])
    url = reverse("history:report", args=[late_session.partner.pk])
    page = _text(client_logged_in.get(url, {"note": [late_session.pk]}))
    notes = page.split('class="report-notes"')[1]
    assert "Dec. 3, 2026:" in notes
    assert "Dec. 4, 2026" not in notes
