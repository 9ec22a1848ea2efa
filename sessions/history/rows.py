"""The history list's rows: each session's facts as the words the row shows.

A row is computed once in Python and printed by the template as plain strings. The list
is the page a long history renders most, and the template language costs far more per
value than Python does (each filter, lookup and `{% translate %}` is a node to walk), so
the loop body stays a handful of plain variables.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, timezone

from decompress import scale
from sessions.models import GuidedSession
from sessions.routines import session_plan


@dataclass(frozen=True, slots=True)
class HistoryRow:
    url: str
    started_iso: str
    started: str
    partner: str
    state: str
    outcome: str
    duration: str
    comfort: str
    relief: str
    lowest: str
    pain_reported: bool
    routine: str
    plan: str


def _rating(value: int | None) -> str:
    return scale.MISSING if value is None else str(value)


def history_row(session: GuidedSession, *, url: str) -> HistoryRow:
    """One list row; `session` comes from `history_sessions` (partner, routine, pain)."""
    started = timezone.localtime(session.started_at)
    return HistoryRow(
        url=url,
        started_iso=started.strftime("%Y-%m-%dT%H:%M:%S%z"),
        started=formats.date_format(started, "DATETIME_FORMAT"),
        partner=session.partner.name,
        state=session.state,
        outcome=session.outcome_label,
        duration=session.duration_display,
        comfort=f"{_rating(session.baseline_comfort)} → {_rating(session.after_comfort)}",
        relief=session.relief_display if session.relief is not None else "",
        lowest=_rating(session.lowest_comfort),
        pain_reported=bool(getattr(session, "pain_reported", False)),
        routine=session.routine.name,
        plan=session_plan(session).summary,
    )


# A stand-in id no real session has, replaced in the one reversed URL: reversing once per
# page instead of once per row saves a tenth of the list's time.
_ANY_ID = 987654321


def history_rows(sessions: Iterable[GuidedSession]) -> list[HistoryRow]:
    detail = reverse("history:detail", args=[_ANY_ID])
    return [
        history_row(session, url=detail.replace(str(_ANY_ID), str(session.pk)))
        for session in sessions
    ]
