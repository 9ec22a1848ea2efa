"""Times in the account's own zone.

Every account has a time zone (an IANA name such as "Pacific/Auckland"): guessed from the
browser at sign-up, chosen later on the account page. While a logged-in request runs,
`TimeZoneMiddleware` makes it Django's current zone, so every date and time the request
shows or writes — pages, exports, "rest until tomorrow" — is local to the account without
any view converting by hand. Without a choice the site's zone (settings.TIME_ZONE) applies.

The zone is read with the user row (`SettingsBackend.get_user` joins it), so it costs no
query of its own on any page.
"""

import zoneinfo
from collections.abc import Callable
from functools import cache

from django import forms
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import PlainLabels
from .models import AccountSettings

BACKEND = "decompress.timezones.SettingsBackend"


@cache
def zone_names() -> list[str]:
    # The legacy aliases ("US/Pacific", "Etc/GMT+8") stay valid but are not offered.
    return sorted(
        name
        for name in zoneinfo.available_timezones()
        if ("/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))) or name == "UTC"
    )


def is_zone(name: str | None) -> bool:
    return bool(name) and name in zoneinfo.available_timezones()


def account_time_zone(account: AbstractBaseUser) -> str:
    """The account's zone name, or "" when it has none yet."""
    try:
        return account.account_settings.time_zone
    except AccountSettings.DoesNotExist:
        return ""


def account_time_zone_set(*, account: AbstractBaseUser, name: str) -> None:
    if not is_zone(name):
        raise ValueError(f"not a time zone: {name!r}")
    settings_row, _created = AccountSettings.objects.update_or_create(
        account=account, defaults={"time_zone": name}
    )
    account.account_settings = settings_row


class SettingsBackend(ModelBackend):
    """Django's backend, loading the account's settings with the user in one query."""

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        try:
            user = (
                get_user_model()._default_manager.select_related("account_settings").get(pk=user_id)
            )
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class TimeZoneMiddleware:
    """Activates the account's zone for the request (after AuthenticationMiddleware).

    Not reset when the view returns: a streamed export is written after that, and every
    request sets the zone afresh before anything else reads it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        name = account_time_zone(user) if user is not None and user.is_authenticated else ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(name)) if name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()  # a zone this machine no longer knows: the site's
        return self.get_response(request)


class TimeZoneForm(PlainLabels, forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Dates and times on every page and in exports are shown in this zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name.replace("_", " ")) for name in zone_names()]
