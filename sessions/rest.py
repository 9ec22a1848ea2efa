"""Rest today: after a stop for pain or by a stop rule, no new session until the next day.

The rule, which the start of a session, the home page's partner card and the aftercare
text all state alike:

- A session that ended for one of `RESTING_REASONS` — the reason "Pain" given after STOP,
  pain, tingling or numbness reported in a check-in, or an automatic stop rule (comfort 3
  or lower, or below the starting rating) — means the partner rests.
- The rest lasts until the next calendar day *and* at least `REST_HOURS` hours after the
  stop, whichever is later: a stop at 23:30 does not allow a new session at 00:05.
- "The next day" is the local day in the active time zone (the server's for now; the
  account's once accounts have one). The 12 hours hold regardless of zones.
- A STOP for another reason (discomfort, other, none given) does not rest: stopping is
  always the right call and must never be discouraged by a penalty.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from decompress.models import Partner

from .models import GuidedSession, StopReason
from .rules import AUTOMATIC_STOP_REASONS

REST_HOURS = 12
RESTING_REASONS = (StopReason.PAIN, *AUTOMATIC_STOP_REASONS)


class RestRequired(Exception):
    """A resting partner: no new session may start yet."""

    def __init__(self, rest: "Rest"):
        super().__init__(rest)
        self.rest = rest


@dataclass(frozen=True)
class Rest:
    """Why and until when a partner rests."""

    reason: StopReason
    until: datetime
    session: GuidedSession


def rest_until(*, ended_at: datetime) -> datetime:
    """The later of the next local midnight and `REST_HOURS` after the stop."""
    local = timezone.localtime(ended_at)
    next_midnight = datetime.combine(local.date() + timedelta(days=1), time.min, local.tzinfo)
    return max(next_midnight, ended_at + timedelta(hours=REST_HOURS))


def _resting_stops(now: datetime):
    # A rest never lasts longer than a day, so older stops need not be read.
    return GuidedSession.objects.filter(
        stop_reason__in=RESTING_REASONS,
        ended_at__isnull=False,
        ended_at__gt=now - timedelta(hours=24 + REST_HOURS),
    ).order_by("-ended_at", "-pk")


def _rest_from(session: GuidedSession | None, now: datetime) -> Rest | None:
    if session is None:
        return None
    until = rest_until(ended_at=session.ended_at)
    if now >= until:
        return None
    return Rest(reason=StopReason(session.stop_reason), until=until, session=session)


def partner_rest(*, partner: Partner, now: datetime | None = None) -> Rest | None:
    """The partner's rest in force, or None when a session may start."""
    now = now or timezone.now()
    return _rest_from(_resting_stops(now).filter(partner=partner).first(), now)


def partners_rest(
    *, partners: Iterable[Partner], now: datetime | None = None
) -> dict[int, Rest | None]:
    """Each partner's rest by partner id, in one query however many partners there are."""
    now = now or timezone.now()
    partners = list(partners)
    newest: dict[int, GuidedSession] = {}
    for session in (
        _resting_stops(now)
        .filter(partner__in=partners)
        .only("pk", "partner_id", "stop_reason", "ended_at")
    ):
        newest.setdefault(session.partner_id, session)
    return {partner.pk: _rest_from(newest.get(partner.pk), now) for partner in partners}
