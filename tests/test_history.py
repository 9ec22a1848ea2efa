import csv
import io
import json
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from screening.models import Screening
from sessions.history.charts import TrendPoint, trend_chart, trend_summary
from sessions.history.selectors import partner_trend_points, partner_weekly_counts
from sessions.models import CheckIn, GuidedSession, SessionState, StopReason
from tests.factories import PartnerFactory, ScreeningFactory, UserFactory
from tests.support.builders import (
    LEAN_STEP,
    build_session,
    build_stopped_session,
    bulk_sessions,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def stranger():
    """Another account with a partner and one session: it must never show up."""
    partner = PartnerFactory(name="Quentin Stranger")
    session = build_session(
        partner=partner, note="stranger's private note", baseline=1, leans=(6, 8, 9)
    )
    return session


# ---- access -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["history:list", "history:trends_index", "history:export_csv", "history:export_json"],
)
def test_history_pages_need_a_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_foreign_session_ids_answer_404_and_change_nothing(client_logged_in, stranger):
    pk = stranger.pk
    assert client_logged_in.get(reverse("history:detail", args=[pk])).status_code == 404
    response = client_logged_in.post(reverse("history:note", args=[pk]), {"note": "mine now"})
    assert response.status_code == 404
    assert client_logged_in.get(reverse("history:delete", args=[pk])).status_code == 404
    assert client_logged_in.post(reverse("history:delete", args=[pk])).status_code == 404
    stranger.refresh_from_db()
    assert stranger.note == "stranger's private note"
    assert CheckIn.objects.filter(session=stranger).count() == 4


def test_foreign_partner_trends_answer_404(client_logged_in, stranger):
    response = client_logged_in.get(reverse("history:trends", args=[stranger.partner_id]))
    assert response.status_code == 404


# ---- the list ---------------------------------------------------------------------------


def test_empty_history_invites_a_first_session(client_logged_in, partner, stranger):
    response = client_logged_in.get(reverse("history:list"))
    assert response.status_code == 200
    page = html(response)
    assert "No sessions yet." in page
    assert f'href="{reverse("home")}"' in page
    assert "Quentin Stranger" not in page
    assert "Your data: export, delete" in page


def test_list_shows_each_session_newest_first_with_its_outcome_and_ratings(
    client_logged_in, partner, stranger
):
    now = timezone.now()
    build_session(partner=partner, started_at=now - timedelta(days=3), baseline=4, leans=(6, 7, 8))
    build_stopped_session(
        partner=partner,
        started_at=now - timedelta(days=2),
        baseline=6,
        leans=(5, 2),
        stop_reason=StopReason.LOW_COMFORT,
        minutes=6,
    )
    build_session(
        partner=partner,
        started_at=now - timedelta(days=1),
        state=SessionState.STOPPED,
        leans=(),
        stop_reason=StopReason.PAIN,
    )
    # Idle far longer than SESSION_ABANDON_MINUTES: abandoned, decided lazily.
    build_session(
        partner=partner,
        started_at=now - timedelta(hours=5),
        state=SessionState.ACTIVE,
        leans=(6,),
    )
    build_session(
        partner=partner,
        started_at=now - timedelta(minutes=3),
        state=SessionState.ACTIVE,
        leans=(),
        minutes=1,
    )

    response = client_logged_in.get(reverse("history:list"))
    page = html(response)
    rows = page.split('class="card history-row"')[1:]
    assert len(rows) == 5
    assert "In progress" in rows[0]
    assert "Abandoned" in rows[1]
    assert "Stopped · Pain" in rows[2]
    assert "Stopped · Comfort 3 or lower" in rows[3]
    assert "6 min 0 s" in rows[3]
    assert "6 → —" in rows[3]
    assert re.search(r"Lowest check-in</dt><dd>2<", rows[3])
    assert "Completed" in rows[4]
    assert "4 → 8" in rows[4]
    assert "(+4)" in rows[4]
    assert "12 min 0 s" in rows[4]
    assert re.search(r"Lowest check-in</dt><dd>6<", rows[4])
    assert partner.name in rows[4]
    # Date and time through Django's localisation, with a machine-readable twin.
    started = now - timedelta(days=3)
    assert f'datetime="{timezone.localtime(started):%Y-%m-%dT%H:%M:%S%z}"' in rows[4]
    assert "Quentin Stranger" not in page


def test_pain_report_shows_on_the_row(client_logged_in, partner):
    build_stopped_session(
        partner=partner, leans=(6, 5), pain_on_last_lean=True, stop_reason="pain_reported"
    )
    page = html(client_logged_in.get(reverse("history:list")))
    assert "pain, tingling or numbness reported" in page
    assert "Stopped · Pain, tingling or numbness reported" in page


def test_list_pages_by_25_with_load_more_that_works_without_javascript(client_logged_in, partner):
    bulk_sessions(partner=partner, count=30)
    first = html(client_logged_in.get(reverse("history:list")))
    assert first.count('class="card history-row"') == 25
    assert "Showing 1–25 of 30 sessions" in first
    assert 'href="?page=2"' in first
    assert 'hx-get="/history/?page=2&amp;first=1"' in first

    second = html(client_logged_in.get(reverse("history:list"), {"page": 2}))
    assert second.count('class="card history-row"') == 5
    assert "<html" in second
    assert "Load older sessions" not in second
    assert 'href="?page=1"' in second  # back to newer sessions


def test_load_more_over_htmx_returns_only_the_next_rows(client_logged_in, partner):
    bulk_sessions(partner=partner, count=30)
    response = client_logged_in.get(
        reverse("history:list"), {"page": 2, "first": 1}, headers={"HX-Request": "true"}
    )
    fragment = html(response)
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "<h1" not in fragment
    assert fragment.count('class="card history-row"') == 5
    assert 'hx-swap-oob="true"' in fragment
    assert "Showing 1–30 of 30 sessions" in fragment
    assert "HX-Request" in response["Vary"]


def test_filter_by_partner_and_outcome_keeps_the_filter_in_page_links(
    client_logged_in, user, partner
):
    other = PartnerFactory(account=user, name="Robin")
    build_session(partner=partner)
    build_stopped_session(partner=partner)
    build_stopped_session(partner=other)
    bulk_sessions(partner=other, count=26)

    page = html(client_logged_in.get(reverse("history:list"), {"partner": partner.pk}))
    assert page.count('class="card history-row"') == 2
    assert "Robin</dd>" not in page

    page = html(
        client_logged_in.get(reverse("history:list"), {"partner": partner.pk, "outcome": "stopped"})
    )
    assert page.count('class="card history-row"') == 1
    assert "Stopped" in page
    assert "Completed</span>" not in page

    page = html(client_logged_in.get(reverse("history:list"), {"partner": other.pk}))
    assert f'href="?partner={other.pk}&amp;page=2"' in page

    page = html(client_logged_in.get(reverse("history:list"), {"outcome": "abandoned"}))
    assert "No sessions match these filters." in page
    assert "Show all sessions" in page


def test_filter_with_a_foreign_partner_shows_only_own_sessions(client_logged_in, partner, stranger):
    build_session(partner=partner)
    page = html(client_logged_in.get(reverse("history:list"), {"partner": stranger.partner_id}))
    assert "Select a valid choice" in page
    assert "Quentin Stranger" not in page
    assert page.count('class="card history-row"') == 1


# ---- the detail -------------------------------------------------------------------------


def test_detail_shows_the_steps_as_shown_then_and_every_check_in(client_logged_in, partner):
    session = build_stopped_session(
        partner=partner, leans=(6, 3), stop_reason=StopReason.LOW_COMFORT, note="Felt tight"
    )
    # A later admin edit of the routine never rewrites what this session showed.
    session.routine.steps.create(title="A brand new step", instruction="New", kind="prepare")

    page = html(client_logged_in.get(reverse("history:detail", args=[session.pk])))
    assert "Step 1: Positioning" in page
    assert "Step 4: Gentle lean" in page
    assert "A brand new step" not in page
    assert "The helper sits behind." in page
    assert "Lean in 3 s · hold 5 s · release 3 s" in page
    assert "This session was stopped." in page
    assert "Reason: Comfort 3 or lower." in page
    assert "Stopped here." in page
    assert "Not reached." in page  # the finish step
    assert "after lean 1" in page
    assert "comfort 6 of 10" in page
    assert "after lean 2" in page
    assert "comfort 3 of 10" in page
    assert "comfort 5 of 10" in page  # the baseline
    for check_in in session.check_ins.all():
        assert f'datetime="{timezone.localtime(check_in.created_at):%Y-%m-%dT%H:%M:%S%z}"' in page
    assert "Felt tight</textarea>" in page
    assert re.search(r"Lowest check-in</dt><dd>3<", page)


def test_detail_of_a_session_in_progress_leads_back_to_it(client_logged_in, partner):
    session = build_session(
        partner=partner,
        state=SessionState.ACTIVE,
        started_at=timezone.now() - timedelta(minutes=2),
        leans=(6,),
        minutes=1,
    )
    page = html(client_logged_in.get(reverse("history:detail", args=[session.pk])))
    assert "This session is still in progress." in page
    assert f'href="{reverse("sessions:run", args=[session.pk])}"' in page


def test_note_can_be_edited_afterwards_but_ratings_cannot(client_logged_in, partner):
    session = build_session(partner=partner, baseline=4, leans=(6, 7, 8))
    response = client_logged_in.post(
        reverse("history:note", args=[session.pk]),
        {"note": "  Better after a warm shower.  ", "baseline_comfort": 10, "after_comfort": 0},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("history:detail", args=[session.pk])
    session.refresh_from_db()
    assert session.note == "Better after a warm shower."
    assert (session.baseline_comfort, session.after_comfort) == (4, 8)
    page = html(client_logged_in.get(response["Location"]))
    assert "Note saved." in page


def test_note_over_htmx_returns_the_note_panel(client_logged_in, partner):
    session = build_session(partner=partner)
    response = client_logged_in.post(
        reverse("history:note", args=[session.pk]),
        {"note": "Calm."},
        headers={"HX-Request": "true"},
    )
    fragment = html(response)
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<section id="history-note"')
    assert "Note saved." in fragment
    assert "Calm.</textarea>" in fragment


@pytest.mark.parametrize("htmx", [False, True])
def test_too_long_note_gets_a_clear_error_and_writes_nothing(client_logged_in, partner, htmx):
    session = build_session(partner=partner, note="kept")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(
        reverse("history:note", args=[session.pk]), {"note": "x" * 1001}, headers=headers
    )
    assert response.status_code == 422
    assert "at most 1000 characters long; this one has 1001" in html(response)
    assert ("<html" in html(response)) is not htmx
    session.refresh_from_db()
    assert session.note == "kept"


# ---- deleting one session ---------------------------------------------------------------


def test_delete_asks_first_then_removes_only_that_session(client_logged_in, partner, stranger):
    doomed = build_session(partner=partner)
    kept = build_session(partner=partner)
    confirm = client_logged_in.get(reverse("history:delete", args=[doomed.pk]))
    assert confirm.status_code == 200
    assert "Delete this session?" in html(confirm)
    assert f'action="{reverse("history:delete", args=[doomed.pk])}"' in html(confirm)
    assert GuidedSession.objects.filter(pk=doomed.pk).exists()

    response = client_logged_in.post(reverse("history:delete", args=[doomed.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("history:list")
    assert not GuidedSession.objects.filter(pk=doomed.pk).exists()
    assert not CheckIn.objects.filter(session_id=doomed.pk).exists()
    assert CheckIn.objects.filter(session=kept).count() == 4  # before and three leans
    assert CheckIn.objects.filter(session=stranger).count() == 4
    assert Screening.objects.filter(pk=doomed.screening_id).exists()
    assert "The session was deleted." in html(client_logged_in.get(response["Location"]))


# ---- trends -----------------------------------------------------------------------------


def test_trends_draws_relief_and_comfort_with_a_text_alternative(client_logged_in, partner):
    now = timezone.now()
    # Before → after (the last lean): 4 → 5, 4 → 6, 5 → 8.
    for day, (baseline, leans) in enumerate([(4, (5, 6, 5)), (4, (5, 6, 6)), (5, (5, 5, 8))]):
        build_session(
            partner=partner,
            started_at=now - timedelta(days=10 - day),
            baseline=baseline,
            leans=leans,
        )
    response = client_logged_in.get(reverse("history:trends", args=[partner.pk]))
    page = html(response)
    assert response.status_code == 200
    assert 'role="img"' in page
    assert '<title id="trend-title">' in page
    assert '<desc id="trend-desc">' in page
    assert page.count('class="chart-relief"') == 3 + 1  # three bars and the legend swatch
    assert page.count('class="chart-comfort-dot"') == 3 + 1
    assert "Over the last 3 sessions comfort after the stretch rose by 2 points on average." in page
    table = page.split('<div class="visually-hidden">')[1]
    assert "<td>+3</td>" in table
    assert "<td>6.0</td>" in table
    assert "Sessions per week" in page
    assert "3 sessions in the last 8 weeks." in page
    assert "style=" not in page


def test_trends_without_sessions_invites_a_first_one(client_logged_in, partner):
    page = html(client_logged_in.get(reverse("history:trends", args=[partner.pk])))
    assert "No finished sessions with" in page
    assert "0 sessions in the last 8 weeks." in page


def test_trends_index_goes_straight_to_the_only_partner(client_logged_in, partner):
    response = client_logged_in.get(reverse("history:trends_index"))
    assert response["Location"] == reverse("history:trends", args=[partner.pk])


def test_trends_index_lists_partners_of_this_account_only(client_logged_in, user, stranger):
    PartnerFactory(account=user, name="Alex")
    PartnerFactory(account=user, name="Robin")
    page = html(client_logged_in.get(reverse("history:trends_index")))
    assert "Trends for Alex" in page
    assert "Trends for Robin" in page
    assert "Quentin" not in page


def _points(*reliefs):
    return [
        TrendPoint(
            session_id=i,
            started_at=timezone.now(),
            baseline=5,
            after=None if r is None else 5 + r,
            relief=r,
            average_comfort=6.0,
        )
        for i, r in enumerate(reliefs)
    ]


def test_summary_averages_the_last_ten_sessions_with_both_ratings():
    points = _points(-5, *([1, 2, 2, 3, None, 1, 2, 2, 2, 1, 2]))
    assert trend_summary(points=points) == (
        "Over the last 10 sessions comfort after the stretch rose by 2 points on average."
    )
    assert trend_summary(points=_points(-2, -1)) == (
        "Over the last 2 sessions comfort after the stretch fell by 2 points on average."
    )
    assert trend_summary(points=_points(1, -1)) == (
        "Over the last 2 sessions comfort after the stretch stayed the same on average."
    )
    assert trend_summary(points=_points(3)) == (
        "In the last session comfort after the stretch rose by 3 points."
    )
    assert trend_summary(points=_points(None)) is None


def test_summary_speaks_in_whole_points_with_singular_and_plural():
    assert trend_summary(points=_points(1)) == (
        "In the last session comfort after the stretch rose by 1 point."
    )
    assert trend_summary(points=_points(-1, -2, 0)) == (
        "Over the last 3 sessions comfort after the stretch fell by 1 point on average."
    )
    # Averages under half a point round to no change, not to "0 points".
    assert trend_summary(points=_points(1, 0, 0)) == (
        "Over the last 3 sessions comfort after the stretch stayed the same on average."
    )
    assert trend_summary(points=_points(2, 3)) == (
        "Over the last 2 sessions comfort after the stretch rose by 3 points on average."
    )


def test_chart_scale_makes_room_below_zero_for_negative_relief():
    chart = trend_chart(points=_points(-3, 2, 0))
    assert [t.value for t in chart.ticks] == [-4, -2, 0, 2, 4, 6, 8, 10]
    negative, positive, flat = chart.points
    assert negative.bar_y == chart.zero_y  # grows down from zero
    assert positive.bar_y + positive.bar_height == chart.zero_y  # grows up to zero
    assert flat.bar_height > 0  # "no change" is still visible
    assert chart.comfort_path.startswith("M")


def test_trend_uses_the_last_30_finished_sessions(partner):
    bulk_sessions(partner=partner, count=40)
    build_session(partner=partner, state=SessionState.ACTIVE, started_at=timezone.now())
    points = partner_trend_points(partner=partner)
    assert len(points) == 30
    assert points == sorted(points, key=lambda p: p.started_at)
    newest = GuidedSession.objects.filter(state=SessionState.COMPLETED).first()
    assert points[-1].session_id == newest.pk


def test_sessions_per_week_counts_eight_weeks_monday_first(partner):
    now = timezone.now()
    monday = timezone.localtime(now - timedelta(days=now.weekday())).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    for started in [monday, monday + timedelta(hours=1), monday - timedelta(days=3)]:
        build_session(partner=partner, started_at=min(started, now))
    build_session(partner=partner, started_at=monday - timedelta(weeks=9))
    weeks = partner_weekly_counts(partner=partner, now=now)
    assert len(weeks) == 8
    assert [w.count for w in weeks][-2:] == [1, 2]
    assert sum(w.count for w in weeks) == 3
    assert all(w.start.weekday() == 0 for w in weeks)


# ---- exports ----------------------------------------------------------------------------


def _content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def _exported_time(value) -> str:
    """How an export writes a stored time: ISO 8601, site time zone, whole seconds."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@pytest.fixture
def history(partner):
    stopped = build_stopped_session(
        partner=partner, note='=1+2, "quoted", ünïcødé', pain_on_last_lean=True
    )
    completed = build_session(partner=partner, baseline=3, leans=(4, 5, 8))
    never_rated = build_session(
        partner=partner, state=SessionState.ABANDONED, baseline=None, leans=()
    )
    return [stopped, completed, never_rated]


def test_csv_export_round_trips_every_check_in(client_logged_in, history, stranger):
    response = client_logged_in.get(reverse("history:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="decompress-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    raw = _content(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))

    stored = CheckIn.objects.filter(session__partner__account=history[0].partner.account)
    assert {int(r["check_in_id"]) for r in rows if r["check_in_id"]} == {c.pk for c in stored}
    for check_in in stored.select_related("session"):
        (row,) = [r for r in rows if r["check_in_id"] == str(check_in.pk)]
        session = check_in.session
        assert row["session_id"] == str(session.pk)
        assert row["comfort"] == ("" if check_in.comfort is None else str(check_in.comfort))
        assert row["pain"] == ("true" if check_in.pain else "false")
        assert row["step_index"] == str(check_in.step_index)
        assert row["repetition"] == str(check_in.repetition)
        assert row["check_in_at"] == _exported_time(check_in.created_at)
        assert row["session_started_at"] == _exported_time(session.started_at)
        assert row["outcome"] == session.state
        assert row["baseline_comfort"] == str(session.baseline_comfort)
    lean = next(r for r in rows if r["step_index"] == str(LEAN_STEP))
    assert lean["step_title"] == "Gentle lean"
    # The note survives, but a leading "=" cannot run as a spreadsheet formula.
    assert rows[0]["note"] == '\'=1+2, "quoted", ünïcødé'
    assert rows[0]["stop_reason"] == StopReason.LOW_COMFORT
    (empty,) = [r for r in rows if r["session_id"] == str(history[2].pk)]
    assert empty["check_in_id"] == ""
    assert empty["outcome"] == "abandoned"
    assert "Quentin" not in raw.decode("utf-8-sig")
    assert str(stranger.pk) not in {r["session_id"] for r in rows}


def test_json_export_round_trips_sessions_check_ins_and_screenings(
    client_logged_in, user, history, stranger
):
    ScreeningFactory(
        partner=history[0].partner,
        outcome="blocked",
        answered_yes=[{"question": 1, "text": "A herniated disc?", "severity": "block"}],
    )
    response = client_logged_in.get(reverse("history:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="decompress-')
    data = json.loads(_content(response))

    assert data["account"]["username"] == user.username
    assert [p["name"] for p in data["partners"]] == [history[0].partner.name]
    screenings = {s["id"]: s for s in data["screenings"]}
    assert set(screenings) == set(
        Screening.objects.filter(partner__account=user).values_list("pk", flat=True)
    )
    assert any(
        s["answered_yes"][0]["text"] == "A herniated disc?"
        for s in screenings.values()
        if s["answered_yes"]
    )
    sessions = {s["id"]: s for s in data["sessions"]}
    assert set(sessions) == {s.pk for s in history}
    for session in history:
        exported = sessions[session.pk]
        assert exported["note"] == session.note
        assert exported["baseline_comfort"] == session.baseline_comfort
        assert exported["after_comfort"] == session.after_comfort
        assert exported["stop_reason"] == session.stop_reason
        assert exported["started_at"] == _exported_time(session.started_at)
        assert exported["steps"][LEAN_STEP]["title"] == "Gentle lean"
        stored = list(session.check_ins.order_by("created_at", "pk"))
        assert [
            (c["id"], c["step_index"], c["repetition"], c["comfort"], c["pain"], c["created_at"])
            for c in exported["check_ins"]
        ] == [
            (c.pk, c.step_index, c.repetition, c.comfort, c.pain, _exported_time(c.created_at))
            for c in stored
        ]
    assert stranger.pk not in sessions
    assert "Quentin" not in json.dumps(data)


@pytest.mark.parametrize(
    ("time_zone", "shown"),
    [("UTC", "2026-11-24T19:41:05+00:00"), ("Europe/Berlin", "2026-11-24T20:41:05+01:00")],
)
def test_exports_write_times_with_the_offset_and_without_microseconds(
    client_logged_in, history, settings, time_zone, shown
):
    settings.TIME_ZONE = time_zone
    started = datetime(2026, 11, 24, 19, 41, 5, 654321, tzinfo=UTC)
    GuidedSession.objects.filter(pk=history[1].pk).update(started_at=started)

    rows = list(
        csv.DictReader(
            io.StringIO(
                _content(client_logged_in.get(reverse("history:export_csv"))).decode("utf-8-sig")
            )
        )
    )
    assert {r["session_started_at"] for r in rows if r["session_id"] == str(history[1].pk)} == {
        shown
    }
    data = json.loads(_content(client_logged_in.get(reverse("history:export_json"))))
    (exported,) = [s for s in data["sessions"] if s["id"] == history[1].pk]
    assert exported["started_at"] == shown

    iso_seconds = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
    times = [r[c] for r in rows for c in ("session_started_at", "check_in_at") if r[c]]
    times += [data["exported_at"], *(s["ended_at"] for s in data["sessions"] if s["ended_at"])]
    times += [c["created_at"] for s in data["sessions"] for c in s["check_ins"]]
    assert times
    assert all(iso_seconds.fullmatch(t) for t in times), times


def test_exports_stream_in_chunks_without_loading_everything(client_logged_in, partner):
    bulk_sessions(partner=partner, count=1200)
    response = client_logged_in.get(reverse("history:export_json"))
    chunks = list(response.streaming_content)
    assert len(chunks) > 1200
    assert len(json.loads(b"".join(chunks))["sessions"]) == 1200
    with CaptureQueriesContext(connection) as queries:
        rows = list(client_logged_in.get(reverse("history:export_csv")).streaming_content)
    assert len(rows) == 1 + 1 + 1200 * 4  # BOM, header, four check-ins per session
    # Fetched in chunks of 500 sessions (each with one prefetch), never one query per row.
    assert len(queries) < 20


# ---- queries per page -------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_detail_and_trends_cost_the_same_queries_with_10_or_10000_sessions(client, capsys):
    user = UserFactory()
    partner = PartnerFactory(account=user)
    client.force_login(user)
    bulk_sessions(partner=partner, count=10)
    one = GuidedSession.objects.filter(partner=partner).first()
    urls = {
        "list": reverse("history:list"),
        "list page 2 filtered": reverse("history:list")
        + f"?partner={partner.pk}&outcome=completed&page=2",
        "detail": reverse("history:detail", args=[one.pk]),
        "trends": reverse("history:trends", args=[partner.pk]),
    }
    client.get(urls["list"])  # warm up: the session and user lookups settle
    small = {name: _queries(client, url) for name, url in urls.items()}

    bulk_sessions(partner=partner, count=9_990, newest=timezone.now() - timedelta(days=1))
    assert GuidedSession.objects.filter(partner=partner).count() == 10_000
    assert CheckIn.objects.filter(session__partner=partner).count() == 40_000
    large = {name: _queries(client, url) for name, url in urls.items()}
    assert large == small

    started = time.perf_counter()
    response = client.get(urls["list"])
    elapsed = time.perf_counter() - started
    assert html(response).count('class="card history-row"') == 25
    with capsys.disabled():
        print(
            f"\nhistory list with 10,000 sessions: {elapsed * 1000:.0f} ms, "
            f"queries per page {small}"
        )


def test_history_pages_have_no_inline_styles_or_scripts(client_logged_in, partner, history):
    urls = [
        reverse("history:list"),
        reverse("history:detail", args=[history[0].pk]),
        reverse("history:delete", args=[history[0].pk]),
        reverse("history:trends", args=[partner.pk]),
        reverse("account_delete"),
    ]
    for url in urls:
        page = html(client_logged_in.get(url))
        assert "style=" not in page, url
        assert " hx-on" not in page, url
        assert "<script>" not in page, url
