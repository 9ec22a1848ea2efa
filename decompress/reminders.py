"""Reminders in the partners' own calendars.

A partner's reminder is days of the week and a time. The site sends nothing itself: it
hands the reminder to the calendar the partners already use, two ways:

- "Add to calendar": an `.ics` file with one weekly recurring event per reminder;
- a private calendar address (a feed) the calendar app subscribes to and polls for
  months, so it has no expiry — but it can be revoked or replaced with one tap. The
  random token is shown once; only its SHA-256 is stored, so a copy of the database
  cannot be used to read anyone's calendar. The events say only "Decompress session with
  Alex": nothing about screenings or comfort.

Times are in the account's zone (decompress.timezones), written with that zone's
definition, so the event stays at 07:30 local across daylight-saving changes.
"""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from .forms import PlainLabels
from .models import CalendarFeed, Partner, Reminder
from .timezones import account_time_zone
from .tokens import token_hash, token_new

ICAL_DAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
DAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]
EVENT_MINUTES = 20


class ReminderForm(PlainLabels, forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days"),
        choices=DAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "day-choice"}),
        error_messages={"required": _("Choose at least one day.")},
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter a time, for example 07:30.")},
    )


def reminder_set(*, partner: Partner, weekdays: list[int], at: time) -> Reminder:
    reminder, _created = Reminder.objects.update_or_create(
        partner=partner, defaults={"weekdays": sorted(set(weekdays)), "time": at}
    )
    return reminder


def reminder_summary(reminder: Reminder) -> str:
    """ "Monday, Wednesday and Friday at 07:30" """
    names = [str(label) for value, label in DAY_CHOICES if value in reminder.weekdays]
    if len(names) == 7:
        days = gettext("Every day")
    elif len(names) > 1:
        days = gettext("%(days)s and %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}
    else:
        days = names[0] if names else ""
    return gettext("%(days)s at %(time)s") % {"days": days, "time": reminder.time.strftime("%H:%M")}


def _zone(account: AbstractBaseUser) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(account_time_zone(account) or settings.TIME_ZONE)


def _first_day(weekdays: list[int], today: date) -> date:
    """The first date from `today` on that falls on one of the days."""
    for offset in range(7):
        day = today + timedelta(days=offset)
        if day.isoweekday() in weekdays:
            return day
    return today


def reminders_calendar(*, account: AbstractBaseUser, reminders: list[Reminder]) -> bytes:
    """One VCALENDAR with a weekly event per reminder, in the account's zone."""
    zone = _zone(account)
    today = timezone.localdate(timezone=zone)
    calendar = Calendar()
    calendar.add("prodid", "-//Decompress//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Decompress")
    for reminder in reminders:
        if not reminder.weekdays:
            continue
        start = datetime.combine(_first_day(reminder.weekdays, today), reminder.time, zone)
        event = Event()
        # Stable across downloads and polls: a calendar updates the event, not a copy.
        event.add("uid", f"reminder-{reminder.pk}@decompress")
        event.add("dtstamp", reminder.updated_at)
        event.add("summary", gettext("Decompress session with %(name)s") % {
            "name": reminder.partner.name
        })  # fmt: skip
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=EVENT_MINUTES))
        event.add("rrule", {"freq": "weekly", "byday": [ICAL_DAYS[d] for d in reminder.weekdays]})
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def account_reminders(account: AbstractBaseUser) -> list[Reminder]:
    return list(
        Reminder.objects.filter(partner__account=account)
        .select_related("partner")
        .order_by("partner__name", "pk")
    )


def feed_active(account: AbstractBaseUser) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(account=account, revoked_at__isnull=True).first()


@transaction.atomic
def feed_replace(*, account: AbstractBaseUser) -> str:
    """A new private address (the old one stops working); returns its token, once."""
    feed_revoke(account=account)
    token, hashed = token_new()
    CalendarFeed.objects.create(account=account, token_hash=hashed)
    return token


def feed_revoke(*, account: AbstractBaseUser) -> int:
    return CalendarFeed.objects.filter(account=account, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def feed_account(token: str) -> AbstractBaseUser | None:
    """The account whose live feed `token` opens, or None (unknown or revoked)."""
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("account", "account__account_settings")
        .first()
    )
    return feed.account if feed else None
