"""History (DESIGN §6): past sessions, trends per partner, exports, and deleting data.

Reads never issue a query per session: every per-session number a page shows comes from
annotations (correlated subqueries over the check-ins) or from one prefetch, so a page
costs the same number of queries with ten sessions or ten thousand.
"""

import csv
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Avg, Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncWeek
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from decompress.models import Partner
from screening.models import Screening

from .models import CheckIn, GuidedSession, SessionState, StopReason

EXPORT_CHUNK_SIZE = 500
TREND_SESSIONS = 30
SUMMARY_SESSIONS = 10
TREND_WEEKS = 8


class HistoryOutcome(models.TextChoices):
    """What the history shows and filters by: the stored state, with stale runs abandoned."""

    COMPLETED = "completed", gettext_lazy("Completed")
    STOPPED = "stopped", gettext_lazy("Stopped")
    ABANDONED = "abandoned", gettext_lazy("Abandoned")
    ACTIVE = "active", gettext_lazy("In progress")


# ---- outcome and duration ---------------------------------------------------------------


def _abandon_cutoff() -> datetime:
    return timezone.now() - timedelta(minutes=settings.SESSION_ABANDON_MINUTES)


def _outcome_q(outcome: str) -> Q:
    # Abandonment is decided lazily (DESIGN §5): a run idle past the limit is abandoned even
    # while its row still says active, so the history shows and filters it as abandoned.
    stale = Q(state=SessionState.ACTIVE, last_activity_at__lt=_abandon_cutoff())
    if outcome == HistoryOutcome.ABANDONED:
        return Q(state=SessionState.ABANDONED) | stale
    if outcome == HistoryOutcome.ACTIVE:
        return Q(state=SessionState.ACTIVE) & ~stale
    return Q(state=outcome)


def session_outcome(*, session: GuidedSession, cutoff: datetime | None = None) -> str:
    if session.state == SessionState.ACTIVE:
        cutoff = cutoff or _abandon_cutoff()
        if session.last_activity_at and session.last_activity_at < cutoff:
            return HistoryOutcome.ABANDONED
    return session.state


def session_outcome_label(*, outcome: str, stop_reason: str) -> str:
    label = str(dict(HistoryOutcome.choices).get(outcome, outcome))
    if outcome == HistoryOutcome.STOPPED:
        reason = dict(StopReason.choices).get(stop_reason or StopReason.NONE, stop_reason)
        return _("%(outcome)s · %(reason)s") % {"outcome": label, "reason": reason}
    return label


def session_duration(*, session: GuidedSession) -> timedelta | None:
    if session.ended_at is None or session.started_at is None:
        return None
    return max(session.ended_at - session.started_at, timedelta(0))


def duration_display(value: timedelta | None) -> str:
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if minutes:
        return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}
    return _("%(seconds)d s") % {"seconds": seconds}


def relief_of(*, baseline: int | None, after: int | None) -> int | None:
    if baseline is None or after is None:
        return None
    return after - baseline


# ---- the list ---------------------------------------------------------------------------


def _lean_check_ins() -> QuerySet[CheckIn]:
    # Check-ins after a lean (repetition 1..N); 0 marks the before and after ratings.
    return CheckIn.objects.filter(session=OuterRef("pk"), repetition__gte=1)


def _lean_comfort(aggregate) -> Subquery:
    return Subquery(
        _lean_check_ins()
        .filter(comfort__isnull=False)
        .order_by()
        .values("session")
        .annotate(value=aggregate)
        .values("value")[:1]
    )


def history_sessions(
    *, account: AbstractBaseUser, partner: Partner | None = None, outcome: str = ""
) -> QuerySet[GuidedSession]:
    """The account's sessions, newest first, with what a list row needs annotated."""
    sessions = (
        GuidedSession.objects.filter(partner__account=account)
        .select_related("partner")
        .defer("steps", "note")
        .annotate(
            lowest_check_in=_lean_comfort(Min("comfort")),
            pain_reported=Exists(CheckIn.objects.filter(session=OuterRef("pk"), pain=True)),
        )
        .order_by("-started_at", "-pk")
    )
    if partner is not None:
        sessions = sessions.filter(partner=partner)
    if outcome:
        sessions = sessions.filter(_outcome_q(outcome))
    return sessions


@dataclass(frozen=True)
class HistoryRow:
    session: GuidedSession
    outcome: str
    outcome_label: str
    duration: str
    relief: int | None


def history_rows(*, sessions: Iterable[GuidedSession]) -> list[HistoryRow]:
    cutoff = _abandon_cutoff()
    rows = []
    for session in sessions:
        outcome = session_outcome(session=session, cutoff=cutoff)
        rows.append(
            HistoryRow(
                session=session,
                outcome=outcome,
                outcome_label=session_outcome_label(
                    outcome=outcome, stop_reason=session.stop_reason
                ),
                duration=duration_display(session_duration(session=session)),
                relief=relief_of(baseline=session.baseline_comfort, after=session.after_comfort),
            )
        )
    return rows


# ---- the detail -------------------------------------------------------------------------


def history_session(*, account: AbstractBaseUser, session_id: int) -> QuerySet[GuidedSession]:
    """The one session, if it belongs to the account, with its check-ins prefetched."""
    return (
        GuidedSession.objects.filter(pk=session_id, partner__account=account)
        .select_related("partner")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("created_at", "pk"))
        )
    )


@dataclass
class TimelineStep:
    number: int
    title: str
    instruction: list[str]
    kind: str
    lean_in_seconds: int | None
    hold_seconds: int | None
    release_seconds: int | None
    reached: bool
    stopped_here: bool
    check_ins: list[CheckIn] = field(default_factory=list)


def session_timeline(*, session: GuidedSession) -> list[TimelineStep]:
    """The steps as they were shown then (the snapshot), each with its check-ins."""
    outcome = session_outcome(session=session)
    finished = outcome == HistoryOutcome.COMPLETED
    by_step: dict[int, list[CheckIn]] = {}
    for check_in in session.check_ins.all():
        by_step.setdefault(check_in.step_index, []).append(check_in)
    timeline = []
    for index, step in enumerate(session.steps or []):
        step = step if isinstance(step, dict) else {}
        kind = str(step.get("kind", ""))
        instruction = str(step.get("instruction", ""))
        timeline.append(
            TimelineStep(
                number=index + 1,
                title=str(step.get("title", "")),
                instruction=[p.strip() for p in instruction.split("\n\n") if p.strip()],
                kind=kind,
                lean_in_seconds=step.get("lean_in_seconds") if kind == "lean" else None,
                hold_seconds=step.get("hold_seconds") if kind == "lean" else None,
                release_seconds=step.get("release_seconds") if kind == "lean" else None,
                reached=finished or index <= session.position or index in by_step,
                stopped_here=outcome == HistoryOutcome.STOPPED and index == session.position,
                check_ins=by_step.pop(index, []),
            )
        )
    # Check-ins whose step the snapshot does not list (never expected) still show.
    for index in sorted(by_step):
        timeline.append(
            TimelineStep(
                number=index + 1,
                title=_("Step %(number)d") % {"number": index + 1},
                instruction=[],
                kind="",
                lean_in_seconds=None,
                hold_seconds=None,
                release_seconds=None,
                reached=True,
                stopped_here=False,
                check_ins=by_step[index],
            )
        )
    return timeline


@transaction.atomic
def session_note_set(*, session: GuidedSession, note: str) -> GuidedSession:
    """Notes stay editable afterwards; the ratings never are."""
    session.note = note
    GuidedSession.objects.filter(pk=session.pk).update(note=note)
    return session


@transaction.atomic
def session_delete(*, session: GuidedSession) -> None:
    session.delete()


# ---- trends -----------------------------------------------------------------------------


@dataclass
class TrendPoint:
    session_id: int
    started_at: datetime
    baseline: int | None
    after: int | None
    relief: int | None
    average_comfort: float | None
    x: float = 0.0
    bar_x: float = 0.0
    bar_y: float = 0.0
    bar_height: float = 0.0
    comfort_y: float | None = None


@dataclass
class Tick:
    value: int
    y: float


class ChartFrame:
    """The plot area of a server-drawn SVG chart, from its size and margins."""

    width: int
    height: int
    right: int
    bottom: int

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def label_y(self) -> int:
        return self.plot_bottom + 18


@dataclass
class TrendChart(ChartFrame):
    points: list[TrendPoint]
    width: int = 360
    height: int = 230
    left: int = 40
    right: int = 10
    top: int = 12
    bottom: int = 44
    bar_width: float = 0.0
    zero_y: float = 0.0
    ticks: list[Tick] = field(default_factory=list)
    comfort_path: str = ""

    @property
    def tick_label_x(self) -> int:
        return self.left - 5

    @property
    def axis_title_y(self) -> int:
        return self.height - 6

    @property
    def center_x(self) -> float:
        return (self.left + self.plot_right) / 2

    @property
    def first(self) -> TrendPoint | None:
        return self.points[0] if self.points else None

    @property
    def last(self) -> TrendPoint | None:
        return self.points[-1] if len(self.points) > 1 else None


def partner_trend_points(*, partner: Partner, limit: int = TREND_SESSIONS) -> list[TrendPoint]:
    """The partner's last `limit` finished sessions, oldest first."""
    sessions = (
        GuidedSession.objects.filter(partner=partner)
        .exclude(_outcome_q(HistoryOutcome.ACTIVE))
        .annotate(average_comfort=_lean_comfort(Avg("comfort")))
        .order_by("-started_at", "-pk")
        .values("pk", "started_at", "baseline_comfort", "after_comfort", "average_comfort")[:limit]
    )
    return [
        TrendPoint(
            session_id=row["pk"],
            started_at=row["started_at"],
            baseline=row["baseline_comfort"],
            after=row["after_comfort"],
            relief=relief_of(baseline=row["baseline_comfort"], after=row["after_comfort"]),
            average_comfort=(
                round(row["average_comfort"], 1) if row["average_comfort"] is not None else None
            ),
        )
        for row in reversed(list(sessions))
    ]


def trend_chart(*, points: list[TrendPoint]) -> TrendChart:
    """Lays the points out in SVG user units: relief as bars from zero, comfort as a line."""
    chart = TrendChart(points=points)
    reliefs = [p.relief for p in points if p.relief is not None]
    low = min([0, *reliefs])
    low = -2 * math.ceil(-low / 2) if low < 0 else 0
    high = 10
    plot_height = chart.plot_bottom - chart.top
    plot_width = chart.plot_right - chart.left

    def y_of(value: float) -> float:
        return round(chart.top + (high - value) / (high - low) * plot_height, 1)

    chart.zero_y = y_of(0)
    chart.ticks = [Tick(value=v, y=y_of(v)) for v in range(low, high + 1, 2)]
    slot = plot_width / max(len(points), 1)
    chart.bar_width = round(min(slot * 0.6, 24), 1)
    path = []
    for index, point in enumerate(points):
        point.x = round(chart.left + slot * (index + 0.5), 1)
        point.bar_x = round(point.x - chart.bar_width / 2, 1)
        if point.relief is not None:
            top = y_of(max(point.relief, 0))
            point.bar_y = top
            # A zero relief still shows as a thin mark, so "no change" is not "no data".
            point.bar_height = max(round(y_of(min(point.relief, 0)) - top, 1), 1.5)
            if point.relief == 0:
                point.bar_y = round(chart.zero_y - 0.75, 1)
        if point.average_comfort is not None:
            point.comfort_y = y_of(point.average_comfort)
            path.append(f"{'M' if not path else 'L'}{point.x},{point.comfort_y}")
    chart.comfort_path = " ".join(path)
    return chart


def trend_summary(*, points: list[TrendPoint], count: int = SUMMARY_SESSIONS) -> str | None:
    """One plain sentence about the last sessions that have both ratings."""
    recent = [p.relief for p in points if p.relief is not None][-count:]
    if not recent:
        return None
    average = sum(recent) / len(recent)
    n = len(recent)
    points_text = formats.number_format(abs(average), decimal_pos=1)
    if round(average, 1) > 0:
        return ngettext(
            "In the last session comfort after the stretch rose by %(points)s points.",
            "Over the last %(n)d sessions comfort after the stretch rose by %(points)s points "
            "on average.",
            n,
        ) % {"n": n, "points": points_text}
    if round(average, 1) < 0:
        return ngettext(
            "In the last session comfort after the stretch fell by %(points)s points.",
            "Over the last %(n)d sessions comfort after the stretch fell by %(points)s points "
            "on average.",
            n,
        ) % {"n": n, "points": points_text}
    return ngettext(
        "In the last session comfort after the stretch stayed the same.",
        "Over the last %(n)d sessions comfort after the stretch stayed the same on average.",
        n,
    ) % {"n": n}


@dataclass
class WeekCount:
    start: datetime
    count: int
    x: float = 0.0
    bar_x: float = 0.0
    y: float = 0.0
    value_y: float = 0.0
    height: float = 0.0
    new_month: bool = False


@dataclass
class WeekChart(ChartFrame):
    weeks: list[WeekCount]
    width: int = 360
    height: int = 176
    left: int = 10
    right: int = 10
    top: int = 22
    bottom: int = 46
    bar_width: float = 0.0
    most: int = 0

    @property
    def month_y(self) -> int:
        return self.plot_bottom + 36

    @property
    def total(self) -> int:
        return sum(w.count for w in self.weeks)


def partner_weekly_counts(
    *, partner: Partner, weeks: int = TREND_WEEKS, now: datetime | None = None
) -> WeekChart:
    """Sessions started per week (Monday to Sunday, local time), the last `weeks` weeks."""
    now = timezone.localtime(now or timezone.now())
    this_monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    first = this_monday - timedelta(weeks=weeks - 1)
    counts = {
        timezone.localtime(row["week"]).date(): row["n"]
        for row in GuidedSession.objects.filter(partner=partner, started_at__gte=first)
        .annotate(week=TruncWeek("started_at"))
        .order_by()
        .values("week")
        .annotate(n=Count("pk"))
    }
    chart = WeekChart(
        weeks=[
            WeekCount(start=start, count=counts.get(start.date(), 0))
            for start in (first + timedelta(weeks=i) for i in range(weeks))
        ]
    )
    chart.most = max([1, *(w.count for w in chart.weeks)])
    slot = (chart.plot_right - chart.left) / weeks
    chart.bar_width = round(slot * 0.6, 1)
    plot_height = chart.plot_bottom - chart.top
    for index, week in enumerate(chart.weeks):
        week.x = round(chart.left + slot * (index + 0.5), 1)
        week.height = round(week.count / chart.most * plot_height, 1)
        week.y = round(chart.plot_bottom - week.height, 1)
        week.bar_x = round(week.x - chart.bar_width / 2, 1)
        week.value_y = round(week.y - 6, 1)
        week.new_month = index == 0 or week.start.month != chart.weeks[index - 1].start.month
    return chart


# ---- exports ----------------------------------------------------------------------------


def _export_sessions(*, account: AbstractBaseUser) -> Iterator[GuidedSession]:
    return (
        GuidedSession.objects.filter(partner__account=account)
        .select_related("partner", "routine")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("created_at", "pk"))
        )
        .order_by("started_at", "pk")
        .iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _step_title(session: GuidedSession, index: int) -> str:
    steps = session.steps or []
    if 0 <= index < len(steps) and isinstance(steps[index], dict):
        return str(steps[index].get("title", ""))
    return ""


CSV_COLUMNS = [
    "session_id",
    "partner",
    "session_started_at",
    "session_ended_at",
    "outcome",
    "stop_reason",
    "baseline_comfort",
    "after_comfort",
    "relief",
    "note",
    "check_in_id",
    "step_index",
    "step_title",
    "repetition",
    "comfort",
    "pain",
    "check_in_at",
]


def _cell(value) -> str:
    """A spreadsheet cell: text that starts like a formula is kept as text, not run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not isinstance(value, int | float):
        return "'" + text
    return text


def export_csv_rows(*, account: AbstractBaseUser) -> Iterator[list[str]]:
    """One row per check-in, with the session's columns repeated on each.

    A session without any check-in still gets one row (empty check-in columns), so the
    export never drops a session.
    """
    yield CSV_COLUMNS
    cutoff = _abandon_cutoff()
    for session in _export_sessions(account=account):
        session_cells = [
            session.pk,
            session.partner.name,
            _iso(session.started_at),
            _iso(session.ended_at),
            session_outcome(session=session, cutoff=cutoff),
            session.stop_reason,
            session.baseline_comfort,
            session.after_comfort,
            relief_of(baseline=session.baseline_comfort, after=session.after_comfort),
            session.note,
        ]
        check_ins = list(session.check_ins.all())
        if not check_ins:
            yield [_cell(v) for v in session_cells] + [""] * 7
        for check_in in check_ins:
            yield [
                _cell(v)
                for v in [
                    *session_cells,
                    check_in.pk,
                    check_in.step_index,
                    _step_title(session, check_in.step_index),
                    check_in.repetition,
                    check_in.comfort,
                    check_in.pain,
                    _iso(check_in.created_at),
                ]
            ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv_stream(*, account: AbstractBaseUser) -> Iterator[str]:
    # A byte order mark so spreadsheet programs read the file as UTF-8.
    yield "\ufeff"
    writer = csv.writer(_Echo())
    for row in export_csv_rows(account=account):
        yield writer.writerow(row)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def export_json_stream(*, account: AbstractBaseUser) -> Iterator[str]:
    """Everything the account owns, as one JSON document written piece by piece."""
    cutoff = _abandon_cutoff()
    yield '{"format":"decompress-export","version":1'
    yield f',"exported_at":{_json(timezone.now().isoformat())}'
    yield f',"account":{_json({"username": account.get_username()})}'
    yield ',"partners":['
    partners = Partner.objects.filter(account=account).order_by("pk")
    for index, partner in enumerate(partners.iterator(chunk_size=EXPORT_CHUNK_SIZE)):
        yield ("," if index else "") + _json(
            {"id": partner.pk, "name": partner.name, "created_at": _iso(partner.created_at)}
        )
    yield '],"screenings":['
    screenings = (
        Screening.objects.filter(partner__account=account)
        .select_related("partner")
        .order_by("created_at", "pk")
    )
    for index, screening in enumerate(screenings.iterator(chunk_size=EXPORT_CHUNK_SIZE)):
        yield ("," if index else "") + _json(
            {
                "id": screening.pk,
                "partner_id": screening.partner_id,
                "partner": screening.partner.name,
                "created_at": _iso(screening.created_at),
                "outcome": screening.outcome,
                "answered_yes": screening.answered_yes,
                "caution_confirmed": screening.caution_confirmed,
            }
        )
    yield '],"sessions":['
    for index, session in enumerate(_export_sessions(account=account)):
        yield ("," if index else "") + _json(
            {
                "id": session.pk,
                "partner_id": session.partner_id,
                "partner": session.partner.name,
                "routine": session.routine.name,
                "screening_id": session.screening_id,
                "started_at": _iso(session.started_at),
                "ended_at": _iso(session.ended_at),
                "last_activity_at": _iso(session.last_activity_at),
                "outcome": session_outcome(session=session, cutoff=cutoff),
                "stop_reason": session.stop_reason,
                "repetitions": session.repetitions,
                "baseline_comfort": session.baseline_comfort,
                "after_comfort": session.after_comfort,
                "lowest_comfort": session.lowest_comfort,
                "relief": relief_of(baseline=session.baseline_comfort, after=session.after_comfort),
                "note": session.note,
                "steps": session.steps,
                "check_ins": [
                    {
                        "id": check_in.pk,
                        "step_index": check_in.step_index,
                        "step_title": _step_title(session, check_in.step_index),
                        "repetition": check_in.repetition,
                        "comfort": check_in.comfort,
                        "pain": check_in.pain,
                        "created_at": _iso(check_in.created_at),
                    }
                    for check_in in session.check_ins.all()
                ],
            }
        )
    yield "]}\n"


def export_filename(*, extension: str) -> str:
    return f"decompress-{timezone.localdate().isoformat()}.{extension}"


# ---- the whole account ------------------------------------------------------------------


@transaction.atomic
def account_delete(*, account: AbstractBaseUser) -> None:
    """Deletes the account with its partners, screenings, sessions and check-ins.

    The foreign keys carry it: account → partners (CASCADE) → screenings and sessions
    (CASCADE) → check-ins (CASCADE). A session's screening is RESTRICT, which Django
    allows here because the session goes in the same delete.
    """
    from axes.models import AccessLog

    # Login records name the account too; the security lockouts (AccessAttempt) stay.
    AccessLog.objects.filter(username=account.get_username()).delete()
    account.delete()
