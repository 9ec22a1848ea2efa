"""Reminders: the weekly event as a calendar reads it, and the private calendar address."""

import re
from datetime import time

import pytest
from django.urls import reverse
from icalendar import Calendar

from decompress.models import CalendarFeed, Reminder
from decompress.reminders import feed_replace
from decompress.timezones import account_time_zone_set
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder(user, partner):
    account_time_zone_set(account=user, name="Pacific/Auckland")
    return Reminder.objects.create(partner=partner, weekdays=[1, 3, 5], time=time(7, 30))


def _events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def _check_event(event, partner_name: str) -> None:
    assert str(event["SUMMARY"]) == f"Decompress session with {partner_name}"
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "WE", "FR"]
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (7, 30)
    assert str(start.tzinfo) == "Pacific/Auckland"
    assert start.isoweekday() in (1, 3, 5)
    assert event["DTSTART"].params["TZID"] == "Pacific/Auckland"


def test_setting_a_reminder_from_the_form(client_logged_in, partner):
    url = reverse("partner_reminder", args=[partner.pk])
    response = client_logged_in.post(url, {"weekdays": ["1", "3", "5"], "time": "07:30"})
    assert response.status_code == 302
    reminder = Reminder.objects.get(partner=partner)
    assert (reminder.weekdays, reminder.time) == ([1, 3, 5], time(7, 30))
    page = client_logged_in.get(url).content.decode()
    assert "Monday, Wednesday and Friday at 07:30" in page


def test_a_reminder_needs_a_day_and_a_time(client_logged_in, partner):
    url = reverse("partner_reminder", args=[partner.pk])
    response = client_logged_in.post(url, {"time": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose at least one day." in page
    assert "Enter a time" in page
    assert not Reminder.objects.exists()
    response = client_logged_in.post(url, {"weekdays": ["8"], "time": "25:00"})
    assert response.status_code == 422


def test_removing_a_reminder(client_logged_in, reminder):
    url = reverse("partner_reminder", args=[reminder.partner.pk])
    assert client_logged_in.post(url, {"action": "remove"}).status_code == 302
    assert not Reminder.objects.exists()


def test_ics_has_the_weekly_rule_time_and_zone(client_logged_in, reminder):
    response = client_logged_in.get(reverse("partner_reminder_ics", args=[reminder.partner.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    _check_event(event, reminder.partner.name)
    # The zone's own definition travels with it, for calendars that do not know it.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Pacific/Auckland"]


def test_the_feed_serves_the_same_events_without_log_in(client, reminder, user):
    token = feed_replace(account=user)
    url = reverse("calendar_feed_ics", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    (event,) = _events(response.content)
    _check_event(event, reminder.partner.name)
    # Only the hash is kept.
    assert token not in {feed.token_hash for feed in CalendarFeed.objects.all()}


def test_a_revoked_or_replaced_feed_answers_404(client, client_logged_in, reminder, user):
    first = feed_replace(account=user)
    # Replace: the old address stops, the new one works.
    page = client_logged_in.post(reverse("calendar_feed"), {"action": "replace"}).content.decode()
    second = re.search(r'/calendar/([^"/]+)\.ics', page).group(1)
    assert client.get(reverse("calendar_feed_ics", args=[first])).status_code == 404
    assert client.get(reverse("calendar_feed_ics", args=[second])).status_code == 200
    # Stop: nothing works.
    assert client_logged_in.post(reverse("calendar_feed"), {"action": "revoke"}).status_code == 302
    assert client.get(reverse("calendar_feed_ics", args=[second])).status_code == 404
    assert client.get(reverse("calendar_feed_ics", args=["made-up"])).status_code == 404


def test_the_feed_holds_only_its_own_accounts_reminders(client, reminder):
    other = UserFactory()
    Reminder.objects.create(
        partner=PartnerFactory(account=other, name="Stranger"), weekdays=[2], time=time(9, 0)
    )
    token = feed_replace(account=reminder.partner.account)
    body = client.get(reverse("calendar_feed_ics", args=[token])).content.decode()
    assert "Stranger" not in body


def test_another_accounts_partner_reminder_is_404(client_logged_in):
    stranger = PartnerFactory(account=UserFactory())
    Reminder.objects.create(partner=stranger, weekdays=[1], time=time(8, 0))
    assert client_logged_in.get(reverse("partner_reminder", args=[stranger.pk])).status_code == 404
    ics = client_logged_in.get(reverse("partner_reminder_ics", args=[stranger.pk]))
    assert ics.status_code == 404
