"""CSV and JSON of everything an account owns, streamed in chunks.

Both read the same facts the pages show, from `sessions.models`: the outcome is the
stored state (idle sessions are marked abandoned first, by `selectors.account_sessions`),
relief is `GuidedSession.relief`, duration is `GuidedSession.duration_seconds` — whole
seconds, rounded the same way as the duration the pages display. Every timestamp is
ISO 8601 in the site's time zone with its offset and whole seconds (`_iso`). The routine
is its name as it reads now (a session keeps no copy of the name), with the repetitions
and the lean's timings from the session's own snapshot (`sessions.routines.session_plan`).

Sessions are fetched `EXPORT_CHUNK_SIZE` at a time, each chunk with one prefetch of its
check-ins, so memory and queries stay flat however long the history is.
"""

import csv
import json
from collections.abc import Iterator
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch
from django.utils import timezone

from decompress.models import Partner
from screening.models import Screening
from sessions.models import CheckIn, GuidedSession
from sessions.routines import session_plan

from .selectors import account_sessions

EXPORT_CHUNK_SIZE = 500

CSV_COLUMNS = [
    "session_id",
    "partner",
    # The routine as the session ran it: its name, and the repetitions and the first lean's
    # timings from the session's own snapshot (`sessions.routines.session_plan`).
    "routine",
    "repetitions",
    "lean_in_seconds",
    "hold_seconds",
    "release_seconds",
    "session_started_at",
    "session_ended_at",
    "duration_seconds",
    "outcome",
    "stop_reason",
    "baseline_comfort",
    "after_comfort",
    "relief",
    "lowest_comfort",
    "note",
    "check_in_id",
    "step_index",
    "step_title",
    "repetition",
    "comfort",
    "pain",
    "check_in_at",
    # Added last, so the columns before keep their places: how long the lean before this
    # check-in ran, in seconds to the millisecond (empty when not recorded).
    "lean_seconds",
    # Then the session's again: pain reported after it ended for another cause, and the
    # other phone's different answer to "why did you stop?".
    "pain_reported_at",
    "other_answer",
]
CHECK_IN_COLUMNS = 8


def _export_sessions(*, account: AbstractBaseUser) -> Iterator[GuidedSession]:
    return (
        account_sessions(account=account)
        .select_related("partner", "routine")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("created_at", "pk"))
        )
        .order_by("started_at", "pk")
        .iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )


def _iso(value: datetime | None) -> str | None:
    """ISO 8601 in the site's time zone, with its offset and whole seconds.

    For example 2026-11-24T19:41:05+00:00: spreadsheets and people read it without
    guessing the zone, and no microseconds clutter the cell.
    """
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _step_title(session: GuidedSession, index: int) -> str:
    steps = session.steps or []
    if 0 <= index < len(steps) and isinstance(steps[index], dict):
        return str(steps[index].get("title", ""))
    return ""


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
    for session in _export_sessions(account=account):
        plan = session_plan(session)
        session_cells = [
            session.pk,
            session.partner.name,
            session.routine.name,
            plan.repetitions,
            plan.lean_in_seconds,
            plan.hold_seconds,
            plan.release_seconds,
            _iso(session.started_at),
            _iso(session.ended_at),
            session.duration_seconds,
            session.state,
            session.stop_reason,
            session.baseline_comfort,
            session.after_comfort,
            session.relief,
            session.lowest_comfort,
            session.note,
        ]
        later_cells = [_cell(_iso(session.pain_reported_at)), _cell(session.other_answer)]
        check_ins = list(session.check_ins.all())
        if not check_ins:
            yield [_cell(v) for v in session_cells] + [""] * CHECK_IN_COLUMNS + later_cells
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
                    check_in.lean_seconds,
                ]
            ] + later_cells


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


def _session_json(session: GuidedSession) -> dict:
    plan = session_plan(session)
    return {
        "id": session.pk,
        "partner_id": session.partner_id,
        "partner": session.partner.name,
        "routine_id": session.routine_id,
        "routine": session.routine.name,
        "lean_in_seconds": plan.lean_in_seconds,
        "hold_seconds": plan.hold_seconds,
        "release_seconds": plan.release_seconds,
        "screening_id": session.screening_id,
        "started_at": _iso(session.started_at),
        "ended_at": _iso(session.ended_at),
        "last_activity_at": _iso(session.last_activity_at),
        "duration_seconds": session.duration_seconds,
        "outcome": session.state,
        "stop_reason": session.stop_reason,
        "pain_reported_at": _iso(session.pain_reported_at),
        "other_answer": session.other_answer,
        "repetitions": session.repetitions,
        "baseline_comfort": session.baseline_comfort,
        "after_comfort": session.after_comfort,
        "lowest_comfort": session.lowest_comfort,
        "relief": session.relief,
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
                "lean_seconds": check_in.lean_seconds,
            }
            for check_in in session.check_ins.all()
        ],
    }


def export_json_stream(*, account: AbstractBaseUser) -> Iterator[str]:
    """Everything the account owns, as one JSON document written piece by piece."""
    yield '{"format":"decompress-export","version":1'
    yield f',"exported_at":{_json(_iso(timezone.now()))}'
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
        yield ("," if index else "") + _json(_session_json(session))
    yield "]}\n"


def export_filename(*, extension: str) -> str:
    return f"decompress-{timezone.localdate().isoformat()}.{extension}"
