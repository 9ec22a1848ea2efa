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
- Deleting the session that caused a rest does not lift it: `partner_rest_keep` copies
  the stop's reason and time onto the partner first, and the rest is read from both.
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
    """Why and until when a partner rests; `session` is None once that session was deleted."""

    reason: StopReason
    until: datetime
    session: GuidedSession | None


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


def _rest_from(session: GuidedSession | None, partner: Partner, now: datetime) -> Rest | None:
    candidates = []
    if session is not None:
        candidates.append((session.ended_at, session.stop_reason, session))
    if partner.kept_rest_stopped_at is not None:
        candidates.append((partner.kept_rest_stopped_at, partner.kept_rest_reason, None))
    rests = [
        Rest(reason=StopReason(reason), until=rest_until(ended_at=stopped), session=stopped_by)
        for stopped, reason, stopped_by in candidates
    ]
    rests = [rest for rest in rests if now < rest.until]
    return max(rests, key=lambda rest: rest.until, default=None)


def partner_rest(*, partner: Partner, now: datetime | None = None) -> Rest | None:
    """The partner's rest in force, or None when a session may start."""
    now = now or timezone.now()
    return _rest_from(_resting_stops(now).filter(partner=partner).first(), partner, now)


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
    return {partner.pk: _rest_from(newest.get(partner.pk), partner, now) for partner in partners}


def partner_rest_keep(*, session: GuidedSession) -> None:
    """Before `session` is deleted: if it holds its partner's rest, keep that rest on the
    partner (the newest stop wins, so an older kept rest is replaced)."""
    if session.stop_reason not in RESTING_REASONS or session.ended_at is None:
        return
    partner = session.partner
    if partner.kept_rest_stopped_at and partner.kept_rest_stopped_at >= session.ended_at:
        return
    Partner.objects.filter(pk=partner.pk).update(
        kept_rest_reason=session.stop_reason, kept_rest_stopped_at=session.ended_at
    )
