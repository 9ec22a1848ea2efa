"""The guided session through HTTP: plain requests and htmx requests."""

import json
import re
import sqlite3
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from screening.models import Outcome, Screening, Severity
from sessions.engine import session_start
from sessions.models import CheckIn, GuidedSession, SessionState, Step, StopReason
from sessions.seed import seed_default_routine
from tests.factories import PartnerFactory, QuestionFactory, ScreeningFactory

HX = {"HX-Request": "true"}


@pytest.fixture
def routine(db):
    seed_default_routine()


@pytest.fixture
def cleared(partner, routine):
    ScreeningFactory(partner=partner)
    return partner


@pytest.fixture
def cleared_yesterday(partner, routine):
    """Cleared on an earlier day: the pre-session check is asked (it is skipped on the day)."""
    screening = ScreeningFactory(partner=partner)
    Screening.objects.filter(pk=screening.pk).update(
        created_at=screening.created_at - timedelta(days=1)
    )
    return partner


@pytest.fixture
def session(cleared):
    return session_start(partner=cleared)


def url(name, session):
    return reverse(f"sessions:{name}", args=[session.pk])


def post_step(client, session, name="advance", headers=None, **data):
    session.refresh_from_db()
    payload = {"step_index": session.position, "repetition": session.repetition, **data}
    return client.post(url(name, session), payload, headers=headers or {})


def walk_to_lean_check_in(client, session, baseline=6):
    post_step(client, session)  # positioning: Ready
    post_step(client, session, "check_in", comfort=baseline)
    post_step(client, session)  # arm connection: Ready
    post_step(client, session)  # lean: Done, released
    session.refresh_from_db()
    return session


# --- starting ------------------------------------------------------------------------


def test_start_without_screening_goes_to_the_questionnaire(client_logged_in, partner, routine):
    for method in (client_logged_in.get, client_logged_in.post):
        response = method(reverse("sessions:start", args=[partner.pk]), {"changed": "no"})
        assert response.status_code == 302
        assert response["Location"] == reverse("screening:questionnaire", args=[partner.pk])
    assert not GuidedSession.objects.exists()


def test_start_with_blocked_or_expired_screening_is_refused(client_logged_in, partner, routine):
    ScreeningFactory(partner=partner)
    blocked = ScreeningFactory(partner=partner, outcome=Outcome.BLOCKED)
    response = client_logged_in.post(
        reverse("sessions:start", args=[partner.pk]), {"changed": "no"}
    )
    assert response["Location"] == reverse("screening:result", args=[blocked.pk])
    Screening.objects.all().delete()
    ScreeningFactory(partner=partner)
    Screening.objects.update(created_at=timezone.now() - timedelta(days=40))
    response = client_logged_in.post(
        reverse("sessions:start", args=[partner.pk]), {"changed": "no"}
    )
    assert response["Location"] == reverse("screening:questionnaire", args=[partner.pk])
    assert not GuidedSession.objects.exists()


def test_start_for_another_accounts_partner_is_404(client_logged_in, routine):
    other = PartnerFactory()
    ScreeningFactory(partner=other)
    response = client_logged_in.get(reverse("sessions:start", args=[other.pk]))
    assert response.status_code == 404


def test_pre_session_check_asks_and_shows_red_flags(client_logged_in, cleared_yesterday):
    QuestionFactory(text="New numbness around the groin?", severity=Severity.EMERGENCY)
    QuestionFactory(text="A slipped disc?", severity=Severity.BLOCK)
    response = client_logged_in.get(reverse("sessions:start", args=[cleared_yesterday.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Has anything changed in your health or back since the screening on" in body
    assert "New numbness around the groin?" in body
    assert "A slipped disc?" not in body


def test_pre_session_check_needs_an_answer(client_logged_in, cleared_yesterday):
    response = client_logged_in.post(reverse("sessions:start", args=[cleared_yesterday.pk]), {})
    assert response.status_code == 422
    assert "Answer yes or no before you start." in response.content.decode()
    assert not GuidedSession.objects.exists()


def test_something_changed_means_screening_again(client_logged_in, cleared_yesterday):
    response = client_logged_in.post(
        reverse("sessions:start", args=[cleared_yesterday.pk]), {"changed": "yes"}
    )
    assert response["Location"] == reverse("screening:questionnaire", args=[cleared_yesterday.pk])
    assert not GuidedSession.objects.exists()


def test_nothing_changed_starts_and_a_second_start_resumes(client_logged_in, cleared):
    start = reverse("sessions:start", args=[cleared.pk])
    response = client_logged_in.post(start, {"changed": "no"})
    session = GuidedSession.objects.get()
    assert response["Location"] == url("run", session)
    page = client_logged_in.get(start).content.decode()
    assert "Resume the session" in page
    response = client_logged_in.post(start, {"changed": "no"})
    assert response["Location"] == url("run", session)
    assert GuidedSession.objects.count() == 1


# --- the session page ----------------------------------------------------------------


def test_session_page_shows_progress_instruction_and_stop(client_logged_in, session):
    body = client_logged_in.get(url("run", session)).content.decode()
    assert "Step 1 of 5" in body
    assert "Get into position" in body
    assert ">STOP</button>" in body
    assert 'type="module"' in body
    assert "js/session.js" in body
    assert "<script>" not in body  # strict CSP: no inline script


def test_other_accounts_session_is_404_and_unchanged(client_logged_in, routine):
    other = PartnerFactory()
    ScreeningFactory(partner=other)
    foreign = session_start(partner=other)
    assert client_logged_in.get(url("run", foreign)).status_code == 404
    for name in ("advance", "check_in", "finish", "stop", "stop_reason"):
        response = client_logged_in.post(
            url(name, foreign), {"step_index": 0, "repetition": 0, "comfort": 5, "reason": "pain"}
        )
        assert response.status_code == 404
    foreign.refresh_from_db()
    assert (foreign.state, foreign.position) == (SessionState.ACTIVE, 0)


def test_htmx_advance_returns_only_the_panel(client_logged_in, session):
    response = post_step(client_logged_in, session, headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="step"')
    assert "<html" not in body
    assert ">STOP</button>" not in body
    assert "Step 2 of 5" in body
    assert "0 = severe pain" in body
    assert "10 = completely comfortable" in body
    assert "Pain, tingling or numbness" in body


def test_plain_advance_redirects_to_the_page_which_shows_the_new_step(client_logged_in, session):
    response = post_step(client_logged_in, session)
    assert response.status_code == 302
    assert response["Location"] == url("run", session)
    body = client_logged_in.get(url("run", session)).content.decode()
    assert "Step 2 of 5" in body


def test_lean_panel_shows_durations_and_a_done_button(client_logged_in, session):
    post_step(client_logged_in, session)
    post_step(client_logged_in, session, "check_in", comfort=6)
    response = post_step(client_logged_in, session, headers=HX)
    body = response.content.decode()
    assert "Step 4 of 5 · Lean 1 of 3" in body
    assert "3 seconds" in body
    assert "5 seconds" in body
    assert "Done, released" in body
    assert "data-timer" in body


def _script_config(body: str) -> dict:
    match = re.search(r'<script id="session-config" type="application/json">(.*?)</script>', body)
    assert match, "the page hands its settings to session.js as one JSON object"
    return json.loads(match.group(1))


def test_the_timer_counts_the_steps_as_they_read_when_the_session_started(
    client_logged_in, session
):
    Step.objects.filter(kind="lean").update(hold_seconds=20, cue="A new cue.")
    body = client_logged_in.get(url("run", session)).content.decode()
    config = _script_config(body)
    phases = config["leans"]["3"]  # the fourth step is the lean
    assert [(p["name"], p["seconds"]) for p in phases] == [
        ("lean_in", 3),
        ("hold", 5),
        ("release", 3),
    ]
    assert phases[0]["cue"] == "Lean back slowly."
    assert config["stopCue"] == "Release slowly. Do not let go suddenly."
    assert "data-lean-in" not in body
    assert "__decompressTimer" not in body


def test_every_phase_cue_says_the_phases_name_and_the_countdown_is_configured(
    client_logged_in, cleared
):
    Step.objects.filter(kind="lean").update(cue="Keep the grip soft.")
    session = session_start(partner=cleared)
    config = _script_config(client_logged_in.get(url("run", session)).content.decode())
    assert [(p["label"], p["cue"]) for p in config["leans"]["3"]] == [
        ("Lean back slowly", "Lean back slowly. Keep the grip soft."),
        ("Hold", "Hold, and breathe."),
        ("Release slowly", "Release slowly."),
    ]
    assert config["countdown"] == {"label": "Get ready", "seconds": 3, "tone": 880}
    # Each phase's tone comes with it from the server, one per phase, none the countdown's.
    tones = [phase["tone"] for phase in config["leans"]["3"]]
    assert len({*tones, 880}) == 4
    assert config["timerActions"] == {"start": "start", "pause": "pause", "resume": "resume"}
    assert config["timerStates"] == {"ready": "ready", "running": "running", "paused": "paused"}


def test_htmx_panels_do_not_repeat_the_page_settings(client_logged_in, session):
    body = post_step(client_logged_in, session, headers=HX).content.decode()
    assert "session-config" not in body
    assert 'data-panel="check_in"' in body


@pytest.mark.parametrize("rating", ["11", "-1", "abc", "", "3.5"])
def test_bad_rating_is_a_clear_error_and_writes_nothing(client_logged_in, session, rating):
    post_step(client_logged_in, session)
    response = post_step(client_logged_in, session, "check_in", headers=HX, comfort=rating)
    assert response.status_code == 422
    assert "Choose a comfort rating from 0 to 10." in response.content.decode()
    assert not CheckIn.objects.exists()
    session.refresh_from_db()
    assert session.baseline_comfort is None


def test_check_in_on_a_finished_session_is_refused(client_logged_in, session):
    post_step(client_logged_in, session)
    client_logged_in.post(url("stop", session))
    response = post_step(client_logged_in, session, "check_in", headers=HX, comfort=7)
    assert response.status_code == 409
    assert not CheckIn.objects.exists()


def test_check_in_for_a_step_already_left_changes_nothing(client_logged_in, session):
    response = client_logged_in.post(
        url("check_in", session), {"step_index": 3, "repetition": 2, "comfort": 7}
    )
    assert response.status_code == 409
    assert not CheckIn.objects.exists()


def test_double_tap_check_in_records_one_and_answers_the_same_panel(client_logged_in, session):
    post_step(client_logged_in, session)
    data = {"step_index": 1, "repetition": 0, "comfort": 6}
    first = client_logged_in.post(url("check_in", session), data, headers=HX)
    second = client_logged_in.post(url("check_in", session), data, headers=HX)
    assert first.status_code == second.status_code == 200
    assert _panel(first) == _panel(second)
    assert CheckIn.objects.count() == 1


def _panel(response) -> str:
    # The CSRF token differs per render; the panel around it must not.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@contextmanager
def sqlite_file_copy(directory):
    """Run a block against a file copy of an in-memory SQLite test database.

    pytest-django keeps the SQLite test database in memory with a shared cache, where a
    second writer gets "database table is locked" at once: the busy timeout and IMMEDIATE
    transactions in settings only apply to a database file, which is what runs in
    production. A file copy exercises the real locking. Other databases run as they are.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    path = directory / "concurrency.sqlite3"
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    target.close()
    in_memory, original_name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None  # the in-memory database lives on in `in_memory`
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original_name
        connection.connection = in_memory


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_check_ins_store_one_row(user, partner, tmp_path):
    seed_default_routine()
    ScreeningFactory(partner=partner)
    session = session_start(partner=partner)
    walk = Client()
    walk.force_login(user)
    session = walk_to_lean_check_in(walk, session)
    with sqlite_file_copy(tmp_path):
        _two_identical_check_ins_at_once(user, session)


def _two_identical_check_ins_at_once(user, session):
    data = {"step_index": session.position, "repetition": 1, "comfort": 7}
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(2, timeout=20)
    responses = []
    errors = []

    def tap(client):
        try:
            barrier.wait()
            responses.append(client.post(url("check_in", session), data, headers=HX))
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert [r.status_code for r in responses] == [200, 200]
    assert _panel(responses[0]) == _panel(responses[1])
    assert "Lean 2 of 3" in _panel(responses[0])
    assert CheckIn.objects.filter(session=session, repetition=1).count() == 1


# --- stopping ------------------------------------------------------------------------


def test_stop_shows_release_first_then_records_the_reason(client_logged_in, session):
    response = client_logged_in.post(url("stop", session), headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Release slowly — do not let go suddenly." in body
    assert "why did you stop?" in body
    session.refresh_from_db()
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, StopReason.NONE)
    response = client_logged_in.post(url("stop_reason", session), {"reason": "pain"}, headers=HX)
    body = response.content.decode()
    assert "Aftercare" in body
    assert "Recorded reason: Pain." in body
    session.refresh_from_db()
    assert session.stop_reason == StopReason.PAIN


def test_every_stop_reason_is_offered_and_a_made_up_one_is_refused(client_logged_in, session):
    from sessions.forms import StopReasonForm

    body = client_logged_in.post(url("stop", session), headers=HX).content.decode()
    for value, label in StopReasonForm.base_fields["reason"].choices:
        assert f'name="reason" value="{value}" class="button button-big">{label}</button>' in body
    response = client_logged_in.post(url("stop_reason", session), {"reason": "bored"}, headers=HX)
    assert response.status_code == 422
    assert "why did you stop?" in response.content.decode()
    session.refresh_from_db()
    assert session.stop_reason == StopReason.NONE


def test_stop_is_allowed_even_without_a_valid_screening(client_logged_in, session):
    ScreeningFactory(partner=session.partner, outcome=Outcome.BLOCKED)
    assert client_logged_in.post(url("advance", session)).status_code == 302
    assert client_logged_in.get(url("run", session))["Location"].startswith("/screening/")
    response = client_logged_in.post(url("stop", session))
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.state == SessionState.STOPPED


def test_htmx_write_without_screening_redirects_the_browser(client_logged_in, session):
    Screening.objects.update(created_at=timezone.now() - timedelta(days=40))
    response = post_step(client_logged_in, session, headers=HX)
    assert response["HX-Redirect"] == reverse("screening:questionnaire", args=[session.partner_id])
    session.refresh_from_db()
    assert session.position == 0


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"comfort": 3}, "Comfort was 3 or lower"),
        ({"comfort": 5}, "Comfort dropped below where it started"),
        ({"pain": "on"}, "Pain, tingling or numbness was reported"),
    ],
)
def test_automatic_stop_shows_aftercare(client_logged_in, session, data, text):
    session = walk_to_lean_check_in(client_logged_in, session, baseline=6)
    response = post_step(client_logged_in, session, "check_in", headers=HX, **data)
    body = response.content.decode()
    assert text in body
    assert "Aftercare" in body
    assert "Get urgent medical help now" in body
    session.refresh_from_db()
    assert session.state == SessionState.STOPPED


# --- finishing, resuming, snapshots --------------------------------------------------


def _walk_to_finish(client, session, headers=None):
    """Before 5, leans 6 / 7 / 8; returns the response to the last lean's rating."""
    session = walk_to_lean_check_in(client, session, baseline=5)
    post_step(client, session, "check_in", comfort=6)
    for rating in (7, 8):
        post_step(client, session)
        response = post_step(client, session, "check_in", headers=headers, comfort=rating)
    session.refresh_from_db()
    return session, response


def _finish_panel_asks_only_for_the_note(body):
    assert 'data-panel="finish"' in body
    after = "Your rating after the last lean, 8 of 10, counts as the comfort after the session."
    assert after in body
    assert 'name="comfort"' not in body
    assert 'type="radio"' not in body
    assert "Comfort right now" not in body
    assert "(completely comfortable)" not in body
    assert re.search(r'<textarea name="note"[^>]*maxlength="1000"', body)
    assert re.search(r'<button type="submit"[^>]*>Finish the session</button>', body)


def test_after_the_last_lean_the_finish_panel_asks_only_for_the_note(client_logged_in, session):
    session, response = _walk_to_finish(client_logged_in, session, headers=HX)
    assert response.status_code == 200
    _finish_panel_asks_only_for_the_note(response.content.decode())
    # The same panel on a plain page load (no JavaScript, or a reload).
    _finish_panel_asks_only_for_the_note(client_logged_in.get(url("run", session)).content.decode())
    assert session.after_comfort is None
    assert session.state == SessionState.ACTIVE


def test_finish_with_too_long_note_is_refused_then_completes(client_logged_in, session):
    session, _ = _walk_to_finish(client_logged_in, session)
    finish = url("finish", session)
    data = {"step_index": session.position, "note": "x" * 1001}
    response = client_logged_in.post(finish, data, headers=HX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Keep the note to 1000 characters or fewer (it has 1001)." in body
    assert 'name="comfort"' not in body
    session.refresh_from_db()
    assert session.state == SessionState.ACTIVE
    assert session.after_comfort is None
    response = client_logged_in.post(finish, {**data, "note": "Felt lighter."}, headers=HX)
    body = response.content.decode()
    assert "Session complete" in body
    # Before 5, and the last lean's 8 as the after rating.
    assert "5 → 8" in body
    assert "relief +3" in body
    assert "Felt lighter." in body
    assert "Drink enough water." in body
    assert '<div id="stop-bar" data-hx-swap-oob="true" hidden></div>' in body
    session.refresh_from_db()
    assert session.state == SessionState.COMPLETED
    assert (session.after_comfort, session.relief) == (8, 3)
    assert list(session.check_ins.values_list("comfort", flat=True)) == [5, 6, 7, 8]
    again = client_logged_in.post(finish, {**data, "note": "Felt lighter."}, headers=HX)
    assert again.status_code == 200  # a double tap: the same summary, nothing written
    assert "5 → 8" in again.content.decode()
    assert session.check_ins.count() == 4


def test_finish_without_a_note_or_javascript_completes(client_logged_in, session):
    session, _ = _walk_to_finish(client_logged_in, session)
    response = client_logged_in.post(url("finish", session), {"step_index": session.position})
    assert response.status_code == 302
    assert response["Location"] == url("run", session)
    body = client_logged_in.get(response["Location"]).content.decode()
    assert "Session complete" in body
    assert "5 → 8" in body
    assert "relief +3" in body
    session.refresh_from_db()
    assert (session.state, session.after_comfort, session.note) == (SessionState.COMPLETED, 8, "")


@pytest.mark.parametrize("comfort", ["2", "10", "eleven"])
def test_a_finish_that_still_sends_a_comfort_keeps_the_last_leans_rating(
    client_logged_in, session, comfort
):
    """An old tab still shows the second rating: its comfort is ignored, never an error."""
    session, _ = _walk_to_finish(client_logged_in, session)
    data = {"step_index": session.position, "repetition": 0, "comfort": comfort, "note": "ok"}
    response = client_logged_in.post(url("finish", session), data, headers=HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Session complete" in body
    assert "5 → 8" in body
    assert "relief +3" in body
    assert "The back feels worse than before." not in body
    session.refresh_from_db()
    assert (session.state, session.after_comfort, session.note) == (
        SessionState.COMPLETED,
        8,
        "ok",
    )
    assert list(session.check_ins.values_list("comfort", flat=True)) == [5, 6, 7, 8]


def test_home_offers_resume_and_the_page_reopens_on_the_same_step(client_logged_in, session):
    session = walk_to_lean_check_in(client_logged_in, session, baseline=6)
    post_step(client_logged_in, session, "check_in", comfort=7)
    home = client_logged_in.get(reverse("home")).content.decode()
    assert "Resume the session with" in home
    assert url("run", session) in home
    body = client_logged_in.get(url("run", session)).content.decode()
    assert "Step 4 of 5 · Lean 2 of 3" in body
    assert CheckIn.objects.filter(session=session).count() == 2


def test_idle_session_is_abandoned_when_next_loaded(client_logged_in, session, settings):
    GuidedSession.objects.filter(pk=session.pk).update(
        last_activity_at=timezone.now() - timedelta(minutes=settings.SESSION_ABANDON_MINUTES + 1)
    )
    body = client_logged_in.get(url("run", session)).content.decode()
    assert "This session was left unfinished" in body
    session.refresh_from_db()
    assert session.state == SessionState.ABANDONED
    assert post_step(client_logged_in, session).status_code == 409


def test_home_queries_do_not_grow_with_partners(client_logged_in, user, routine):
    def count_queries():
        from django.db import reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            assert client_logged_in.get(reverse("home")).status_code == 200
        return len(ctx)

    partner = PartnerFactory(account=user)
    ScreeningFactory(partner=partner)
    session_start(partner=partner)
    one = count_queries()
    for _ in range(4):
        more = PartnerFactory(account=user)
        ScreeningFactory(partner=more)
        session_start(partner=more)
    assert count_queries() == one


def test_step_edits_show_in_the_next_session_only(client_logged_in, cleared, user):
    first = session_start(partner=cleared)
    Step.objects.filter(title="Get into position").update(
        title="Sit down together", instruction="New wording."
    )
    client_logged_in.post(url("stop", first))
    second = session_start(partner=cleared)
    assert "Sit down together" in client_logged_in.get(url("run", second)).content.decode()
    old = client_logged_in.get(url("run", first)).content.decode()
    first.refresh_from_db()
    assert first.steps[0]["title"] == "Get into position"
    assert "Sit down together" not in old


def test_home_shows_each_partners_latest_screening(client_logged_in, user, routine):
    ScreeningFactory(partner=PartnerFactory(account=user, name="Cleared One"))
    ScreeningFactory(
        partner=PartnerFactory(account=user, name="Blocked One"), outcome=Outcome.BLOCKED
    )
    PartnerFactory(account=user, name="New One")
    body = client_logged_in.get(reverse("home")).content.decode()
    assert "Safety screening: cleared, valid until" in body
    assert "This stretch is not advised right now." in body
    assert "Safety screening: not done yet. The questions come first." in body
    assert "Resume the session" not in body
