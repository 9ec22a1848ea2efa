"""How long: a session's duration as every page and export shows it, and when a session in
progress counts as idle.

A session in progress with no activity for `SESSION_ABANDON_MINUTES` (settings; default
30) is idle: `abandon_cutoff()` and `GuidedSession.objects.idle(now)`. Idle sessions are
marked `abandoned` lazily — no scheduler — by one function,
`sessions.idle.session_abandon_idle`, whose end time is the last activity. Each request
path calls it in exactly one place, before it reads sessions:

- session pages (run, advance, check-in, finish, STOP, the lean's timer, the poll):
  `sessions.views.respond.session_for`, through `idle.session_abandon_if_idle` for the one
  session the URL names; the poll's unchanged answer (204) first checks that the session
  has not gone idle (`sessions.polls`);
- the joined phone's pages: `sessions.views.joined._invite`, the same way;
- start a session: `engine.session_active_for` (from the start page and
  `engine.session_start`);
- home: `decompress.home.partners_for_home`;
- history pages and both exports: `sessions.history.selectors.account_sessions`
  (trends: `selectors.partner_sessions`);
- admin: `sessions.admin.GuidedSessionAdmin.changelist_view` / `change_view`.

Admin filters, exports and the partial index of sessions in progress rely on the stored
state, which is why it is written rather than only computed.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext


def abandon_cutoff(now: datetime | None = None) -> datetime:
    """Sessions in progress whose last activity is before this are idle (abandoned)."""
    return (now or timezone.now()) - timedelta(minutes=settings.SESSION_ABANDON_MINUTES)


def duration_display(value: timedelta | None) -> str:
    """The one human-readable duration: "45 s", "1 min 30 s", "1 h 5 min"; "—" for none.

    Rounded to the nearest second, like `GuidedSession.duration_seconds`.
    """
    if value is None:
        return "—"
    seconds = round_seconds(value)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if minutes:
        return gettext("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}
    return gettext("%(seconds)d s") % {"seconds": seconds}


def round_seconds(value: timedelta) -> int:
    """Whole seconds, half up (89.5 s → 90 s), never below zero."""
    return max(int(value.total_seconds() + 0.5), 0)
