"""A report for a professional: one printable page about a partner's last three months.

What it holds: the latest screening's date and outcome (never its answers), how many
sessions were done and how they ended, comfort before → after per session as a chart and
as a table grouped by week (so a busy quarter still fits one A4 or Letter page), the stops
and their reasons, and only the notes the owner ticked — at most `MAX_NOTES`, each cut to
`NOTE_CHARS` characters on the page, again so that it fits.

A share link lets a physiotherapist open the same report without an account: a random
token (kept only as its SHA-256), view-only, valid `SHARE_DAYS` days, revocable, and every
opening is recorded and listed for the owner.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from decompress import scale
from decompress.models import Partner, ReportShare, ReportView
from decompress.tokens import token_hash, token_new
from screening.guard import screening_latest
from screening.models import Screening
from sessions.models import GuidedSession, SessionState, StopReason

from .charts import TrendChart, trend_chart
from .selectors import partner_sessions, partner_trend_points

REPORT_DAYS = 91
SHARE_DAYS = 14
MAX_NOTES = 3
# The openings of a live link listed with their time and browser; older ones are counted.
VIEWS_KEPT = 20
NOTE_CHARS = 320


@dataclass(frozen=True)
class WeekRow:
    start: date
    sessions: int
    before: str
    after: str
    stops: int


@dataclass(frozen=True)
class ReportNote:
    session_id: int
    started_at: datetime
    text: str
    shortened: bool


@dataclass(frozen=True)
class Report:
    partner: Partner
    since: datetime
    until: datetime
    screening: Screening | None
    sessions_done: int
    completed: int
    stops: list[tuple[str, int]]
    # Stopped for another cause, with pain, tingling or numbness reported after the stop.
    pain_after_stops: int
    chart: TrendChart
    weeks: list[WeekRow]
    notes: list[ReportNote]

    @property
    def stopped(self) -> int:
        return sum(count for _reason, count in self.stops)


def _average(values: list[int]) -> str:
    return f"{sum(values) / len(values):.1f}" if values else scale.MISSING


def _ratings(rows: list[dict], field: str) -> list[int]:
    return [row[field] for row in rows if row[field] is not None]


def _weeks(rows: list[dict]) -> list[WeekRow]:
    by_week: dict[date, list[dict]] = {}
    for row in rows:
        day = timezone.localtime(row["started_at"]).date()
        by_week.setdefault(day - timedelta(days=day.weekday()), []).append(row)
    return [
        WeekRow(
            start=start,
            sessions=len(week),
            before=_average(
                [r["baseline_comfort"] for r in week if r["baseline_comfort"] is not None]
            ),
            after=_average([r["after_comfort"] for r in week if r["after_comfort"] is not None]),
            stops=sum(1 for r in week if r["state"] == SessionState.STOPPED),
        )
        for start, week in sorted(by_week.items())
    ]


def report_note_choices(*, partner: Partner, now: datetime | None = None) -> list[ReportNote]:
    """The period's sessions that have a note, newest first: what the owner may tick."""
    since = (now or timezone.now()) - timedelta(days=REPORT_DAYS)
    sessions = (
        partner_sessions(partner=partner)
        .ended()
        .filter(started_at__gte=since)
        .exclude(note="")
        .only("pk", "started_at", "note")
        .order_by("-started_at", "-pk")
    )
    return [_note(session, chars=120) for session in sessions]


def _note(session: GuidedSession, *, chars: int) -> ReportNote:
    text = " ".join(session.note.split())
    shortened = len(text) > chars
    if shortened:
        text = text[:chars].rsplit(" ", 1)[0] + "…"
    return ReportNote(session.pk, session.started_at, text, shortened)


def partner_report(
    *, partner: Partner, note_session_ids: list[int], now: datetime | None = None
) -> Report:
    until = now or timezone.now()
    since = until - timedelta(days=REPORT_DAYS)
    rows = list(
        partner_sessions(partner=partner, now=until)
        .ended()
        .filter(started_at__gte=since)
        .order_by("started_at", "pk")
        .values(
            "started_at",
            "state",
            "stop_reason",
            "pain_reported_at",
            "baseline_comfort",
            "after_comfort",
        )
    )
    reasons = dict(StopReason.choices)
    stops = Counter(
        reasons.get(row["stop_reason"] or StopReason.NONE, row["stop_reason"])
        for row in rows
        if row["state"] == SessionState.STOPPED
    )
    noted = (
        GuidedSession.objects.filter(
            Q(pk__in=note_session_ids[:MAX_NOTES]), partner=partner, started_at__gte=since
        )
        .exclude(note="")
        .only("pk", "started_at", "note")
        .order_by("started_at", "pk")
    )
    return Report(
        partner=partner,
        since=since,
        until=until,
        screening=screening_latest(partner=partner),
        sessions_done=len(rows),
        completed=sum(1 for row in rows if row["state"] == SessionState.COMPLETED),
        stops=sorted(stops.items(), key=lambda item: (-item[1], str(item[0]))),
        pain_after_stops=sum(
            1
            for row in rows
            if row["pain_reported_at"]
            and row["stop_reason"] not in (StopReason.PAIN, StopReason.PAIN_REPORTED)
        ),
        chart=trend_chart(points=partner_trend_points(partner=partner, limit=None, since=since)),
        weeks=_weeks(rows),
        notes=[_note(session, chars=NOTE_CHARS) for session in noted],
    )


def report_share_create(*, partner: Partner, note_session_ids: list[int]) -> str:
    """A new share link's token (shown once; only its hash is kept)."""
    token, hashed = token_new()
    ReportShare.objects.create(
        partner=partner,
        token_hash=hashed,
        note_session_ids=note_session_ids[:MAX_NOTES],
        expires_at=timezone.now() + timedelta(days=SHARE_DAYS),
    )
    return token


def report_share_open(*, token: str, request: HttpRequest) -> ReportShare | None:
    """The live share `token` opens, with the opening recorded; None if unknown, revoked
    or expired."""
    share = (
        ReportShare.objects.filter(
            token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("partner", "partner__account__account_settings")
        .first()
    )
    if share is not None:
        with transaction.atomic():
            ReportShare.objects.filter(pk=share.pk).update(view_count=F("view_count") + 1)
            ReportView.objects.create(
                share=share, browser=request.headers.get("User-Agent", "")[:120]
            )
            # The latest VIEWS_KEPT openings stay listed; the count keeps the rest.
            oldest_kept = (
                ReportView.objects.filter(share=share)
                .order_by("-pk")
                .values_list("pk", flat=True)[VIEWS_KEPT - 1 : VIEWS_KEPT]
                .first()
            )
            if oldest_kept is not None:
                ReportView.objects.filter(share=share, pk__lt=oldest_kept).delete()
    return share


def report_shares(*, partner: Partner) -> list[ReportShare]:
    """The partner's links, each with its latest openings; a link that has stopped (revoked
    or expired) keeps only its count: its openings are folded away here."""
    ReportView.objects.filter(share__partner=partner).filter(
        Q(share__revoked_at__isnull=False) | Q(share__expires_at__lte=timezone.now())
    ).delete()
    return list(partner.report_shares.prefetch_related("views"))


def report_share_revoke(*, partner: Partner, share_id: int) -> int:
    with transaction.atomic():
        stopped = ReportShare.objects.filter(
            partner=partner, pk=share_id, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        ReportView.objects.filter(share__partner=partner, share_id=share_id).delete()
    return stopped
