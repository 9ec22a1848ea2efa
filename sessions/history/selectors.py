"""The history's reads: each a QuerySet or a small list, with a constant number of queries.

Lazy abandonment (see `sessions.models`) happens here for the whole history path: every
history page and both exports read sessions through `account_sessions` (or, for one
partner's trends, `partner_sessions`), which first marks idle sessions abandoned.
"""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone

from decompress.models import Partner
from sessions.idle import session_abandon_idle
from sessions.models import CheckIn, GuidedSession, GuidedSessionQuerySet

from .charts import TrendPoint, WeekCount

TREND_SESSIONS = 30
TREND_WEEKS = 8


def account_sessions(
    *, account: AbstractBaseUser, now: datetime | None = None
) -> GuidedSessionQuerySet:
    """The account's sessions, after idle ones have been marked abandoned."""
    session_abandon_idle(account=account, now=now)
    return GuidedSession.objects.for_account(account)


def partner_sessions(*, partner: Partner, now: datetime | None = None) -> GuidedSessionQuerySet:
    """One partner's sessions, after idle ones have been marked abandoned."""
    session_abandon_idle(partner=partner, now=now)
    return GuidedSession.objects.filter(partner=partner)


def history_sessions(
    *, account: AbstractBaseUser, partner: Partner | None = None, outcome: str = ""
) -> QuerySet[GuidedSession]:
    """The account's sessions, newest first, with what a list row needs."""
    sessions = (
        account_sessions(account=account)
        .select_related("partner", "routine")
        # The steps snapshot stays: a row shows the routine's timings as the session ran.
        .defer("note")
        .annotate(pain_reported=Exists(CheckIn.objects.filter(session=OuterRef("pk"), pain=True)))
        .order_by("-started_at", "-pk")
    )
    if partner is not None:
        sessions = sessions.filter(partner=partner)
    if outcome:
        sessions = sessions.filter(state=outcome)
    return sessions


def history_session(*, account: AbstractBaseUser, session_id: int) -> QuerySet[GuidedSession]:
    """The one session, if it belongs to the account, with its check-ins prefetched."""
    return (
        account_sessions(account=account)
        .filter(pk=session_id)
        .select_related("partner", "routine")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("created_at", "pk"))
        )
    )


def _lean_comfort_average() -> Subquery:
    # Check-ins after a lean (repetition 1..N); 0 marks the before and after ratings.
    return Subquery(
        CheckIn.objects.filter(session=OuterRef("pk"), repetition__gte=1, comfort__isnull=False)
        .order_by()
        .values("session")
        .annotate(value=Avg("comfort"))
        .values("value")[:1]
    )


def partner_trend_points(
    *, partner: Partner, limit: int | None = TREND_SESSIONS, since: datetime | None = None
) -> list[TrendPoint]:
    """The partner's last `limit` ended sessions (all since `since`), oldest first."""
    sessions = (
        partner_sessions(partner=partner)
        .ended()
        .only("pk", "started_at", "baseline_comfort", "after_comfort")
        .annotate(average_comfort=_lean_comfort_average())
        .order_by("-started_at", "-pk")
    )
    if since is not None:
        sessions = sessions.filter(started_at__gte=since)
    if limit is not None:
        sessions = sessions[:limit]
    return [
        TrendPoint(
            session_id=session.pk,
            started_at=session.started_at,
            baseline=session.baseline_comfort,
            after=session.after_comfort,
            relief=session.relief,
            relief_display=session.relief_display,
            average_comfort=(
                round(session.average_comfort, 1) if session.average_comfort is not None else None
            ),
        )
        for session in reversed(list(sessions))
    ]


def _monday(moment: datetime) -> datetime:
    return (moment - timedelta(days=moment.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )


def partner_weekly_counts(
    *, partner: Partner, weeks: int = TREND_WEEKS, now: datetime | None = None
) -> list[WeekCount]:
    """Sessions started per week (Monday to Sunday, local time), the last `weeks` weeks."""
    first = _monday(timezone.localtime(now or timezone.now())) - timedelta(weeks=weeks - 1)
    counts: dict[date, int] = {
        timezone.localtime(row["week"]).date(): row["n"]
        for row in GuidedSession.objects.filter(partner=partner, started_at__gte=first)
        .annotate(week=TruncWeek("started_at"))
        .order_by()
        .values("week")
        .annotate(n=Count("pk"))
    }
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    return [WeekCount(start=start, count=counts.get(start.date(), 0)) for start in starts]
