"""Guided-session rules, tested without HTTP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from screening.models import Outcome
from sessions.comfort import stop_rule_for
from sessions.engine import (
    ScreeningRequired,
    SessionClosed,
    StaleStep,
    session_active_for,
    session_advance,
    session_finish,
    session_record_check_in,
    session_start,
    session_worse_after,
)
from sessions.idle import session_abandon_idle, session_abandon_if_idle
from sessions.models import CheckIn, GuidedSession, Routine, SessionState, StopReason
from sessions.panels import session_panel
from sessions.seed import seed_default_routine
from sessions.stopping import session_report_pain, session_stop, session_stop_reason_record
from tests.factories import PartnerFactory, ScreeningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared_partner():
    seed_default_routine()
    partner = PartnerFactory()
    ScreeningFactory(partner=partner)
    return partner


def advance(session):
    return session_advance(
        session=session, step_index=session.position, repetition=session.repetition
    )


def check_in(session, comfort, pain=False):
    if pain:
        return session_report_pain(session=session)
    return session_record_check_in(
        session=session,
        step_index=session.position,
        repetition=session.repetition,
        comfort=comfort,
    )


def walk_to_first_lean(partner, baseline=6):
    session = session_start(partner=partner)
    session = advance(session)  # positioning → stop signal and baseline
    session = check_in(session, baseline)
    session = advance(session)  # arm connection → lean
    return session


def test_seed_is_idempotent_and_matches_the_default_routine(db):
    seed_default_routine()
    seed_default_routine()
    routine = Routine.objects.get(is_default=True)
    kinds = list(routine.steps.order_by("position").values_list("kind", flat=True))
    assert kinds == ["prepare", "check_in", "prepare", "lean", "finish"]
    lean = routine.steps.get(kind="lean")
    assert (lean.lean_in_seconds, lean.hold_seconds, lean.release_seconds) == (3, 5, 3)
    assert routine.repetitions == 3
    assert Routine.objects.filter(is_default=True).count() == 1


def test_start_needs_a_valid_cleared_screening(db):
    seed_default_routine()
    partner = PartnerFactory()
    with pytest.raises(ScreeningRequired):
        session_start(partner=partner)
    ScreeningFactory(partner=partner, outcome=Outcome.BLOCKED)
    with pytest.raises(ScreeningRequired):
        session_start(partner=partner)
    old = ScreeningFactory(partner=partner)
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    with pytest.raises(ScreeningRequired):
        session_start(partner=partner)
    assert not GuidedSession.objects.exists()


def test_start_snapshots_the_steps_and_reuses_a_running_session(cleared_partner):
    session = session_start(partner=cleared_partner)
    assert next(s["title"] for s in session.steps) == "Get into position"
    assert session.repetitions == 3
    assert session_panel(session=session).kind == "prepare"
    assert session_start(partner=cleared_partner).pk == session.pk
    assert GuidedSession.objects.count() == 1


def walk_to_finish(partner, baseline, leans):
    session = walk_to_first_lean(partner, baseline=baseline)
    for rating in leans:
        session = advance(session)  # released
        session = check_in(session, rating)
    return session


def test_a_whole_session_records_every_rating_and_completes(cleared_partner):
    session = walk_to_first_lean(cleared_partner, baseline=5)
    for lean, rating in enumerate([6, 7, 8], start=1):
        panel = session_panel(session=session)
        assert (panel.kind, panel.repetition, panel.step_number) == ("lean", lean, 4)
        session = advance(session)  # released
        assert session_panel(session=session).kind == "lean_check_in"
        session = check_in(session, rating)
    assert session_panel(session=session).kind == "finish"
    session = session_finish(session=session, step_index=session.position, note=" ok ")
    assert session.state == SessionState.COMPLETED
    assert session.note == "ok"
    # The last lean's rating is the after rating: asked once, not again at the finish.
    assert session.after_comfort == 8
    assert session.relief == 3
    assert session.lowest_comfort == 6  # the leans only: before (5) and after beside it
    ratings = list(
        CheckIn.objects.filter(session=session).values_list("step_index", "repetition", "comfort")
    )
    assert ratings == [(1, 0, 5), (3, 1, 6), (3, 2, 7), (3, 3, 8)]
    session.refresh_from_db()
    assert (session.after_comfort, session.relief) == (8, 3)


def test_the_after_rating_is_the_last_lean_not_the_highest_or_the_first(cleared_partner):
    session = walk_to_finish(cleared_partner, baseline=5, leans=[9, 8, 6])
    assert session.after_comfort is None  # not yet: the finish completes the session
    session = session_finish(session=session, step_index=session.position)
    assert (session.after_comfort, session.relief, session.note) == (6, 1, "")
    assert not session_worse_after(session=session)


def test_the_last_lean_step_counts_when_a_routine_has_two(cleared_partner):
    routine = Routine.objects.get(is_default=True)
    routine.repetitions = 2
    routine.save()
    lean = routine.steps.get(kind="lean")
    routine.steps.filter(kind="finish").update(position=10)
    routine.steps.create(
        position=5, title="Second lean", instruction="Again.", kind="lean", cue="Lean."
    )
    assert lean.position < 5
    session = walk_to_first_lean(cleared_partner, baseline=4)
    for rating in (9, 5, 8, 6):  # first lean step 9, 5; second lean step 8, 6
        session = advance(session)
        session = check_in(session, rating)
    assert session_panel(session=session).kind == "finish"
    session = session_finish(session=session, step_index=session.position)
    assert (session.after_comfort, session.relief) == (6, 2)


def test_a_stop_rule_on_the_last_lean_stops_without_an_after_rating(cleared_partner):
    session = walk_to_finish(cleared_partner, baseline=6, leans=[7, 7])
    session = advance(session)
    session = check_in(session, 5)  # below the start on the very last lean
    assert (session.state, session.stop_reason) == (
        SessionState.STOPPED,
        StopReason.BELOW_BASELINE,
    )
    assert session.after_comfort is None
    assert session.relief is None
    with pytest.raises(SessionClosed):
        session_finish(session=session, step_index=4)
    session.refresh_from_db()
    assert (session.state, session.after_comfort) == (SessionState.STOPPED, None)


def test_pain_on_the_last_lean_stops_without_an_after_rating(cleared_partner):
    session = walk_to_finish(cleared_partner, baseline=6, leans=[7, 7])
    session = advance(session)
    session = check_in(session, None, pain=True)
    assert (session.state, session.stop_reason) == (
        SessionState.STOPPED,
        StopReason.PAIN_REPORTED,
    )
    assert session.after_comfort is None
    assert session_panel(session=session).kind == "stopped"


def test_finish_double_tap_is_a_no_op_and_another_note_is_refused(cleared_partner):
    session = walk_to_finish(cleared_partner, baseline=5, leans=[6, 7, 7])
    once = session_finish(session=session, step_index=4, note="Lighter")
    twice = session_finish(session=session, step_index=4, note="Lighter")
    assert once.ended_at == twice.ended_at
    assert twice.after_comfort == 7
    with pytest.raises(SessionClosed):
        session_finish(session=session, step_index=4, note="Other")
    session.refresh_from_db()
    assert (session.note, session.after_comfort) == ("Lighter", 7)


def test_double_tap_on_ready_advances_once(cleared_partner):
    session = session_start(partner=cleared_partner)
    first = session_advance(session=session, step_index=0, repetition=0)
    second = session_advance(session=session, step_index=0, repetition=0)
    assert first.position == second.position == 1


def test_check_in_repeat_is_a_no_op_and_a_different_second_rating_is_refused(cleared_partner):
    session = walk_to_first_lean(cleared_partner)
    session = advance(session)
    once = session_record_check_in(session=session, step_index=3, repetition=1, comfort=7)
    twice = session_record_check_in(session=session, step_index=3, repetition=1, comfort=7)
    assert once.repetition == twice.repetition == 2
    with pytest.raises(StaleStep):
        session_record_check_in(session=session, step_index=3, repetition=1, comfort=2)
    session.refresh_from_db()
    assert (session.state, session.repetition) == (SessionState.ACTIVE, 2)
    assert CheckIn.objects.get(session=session, step_index=3, repetition=1).comfort == 7


@pytest.mark.parametrize(
    ("comfort", "pain", "reason"),
    [
        (3, False, StopReason.LOW_COMFORT),
        (0, False, StopReason.LOW_COMFORT),
        (5, False, StopReason.BELOW_BASELINE),
        (None, True, StopReason.PAIN_REPORTED),
    ],
)
def test_stop_rules_stop_the_session(cleared_partner, comfort, pain, reason):
    session = walk_to_first_lean(cleared_partner, baseline=6)
    session = advance(session)
    session = check_in(session, comfort, pain=pain)
    assert session.state == SessionState.STOPPED
    assert session.stop_reason == reason
    assert session.ended_at is not None
    assert session_panel(session=session).kind == "stopped"


def test_stop_rule_function():
    assert stop_rule_for(comfort=4, baseline=4) is None
    assert stop_rule_for(comfort=4, baseline=5) == StopReason.BELOW_BASELINE
    assert stop_rule_for(comfort=3, baseline=None) == StopReason.LOW_COMFORT


def test_low_or_painful_baseline_stops_before_any_lean(cleared_partner):
    session = session_start(partner=cleared_partner)
    session = advance(session)
    session = check_in(session, 2)
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, StopReason.LOW_COMFORT)


def test_user_stop_from_every_step_kind_then_reason(cleared_partner):
    stops = []
    for steps_forward in range(5):
        session = session_start(partner=cleared_partner)
        for _ in range(steps_forward):
            panel = session_panel(session=session)
            session = check_in(session, 7) if "check_in" in panel.kind else advance(session)
        stops.append(session_panel(session=session).kind)
        session = session_stop(session=session)
        assert (session.state, session.stop_reason) == (SessionState.STOPPED, StopReason.NONE)
        session = session_stop_reason_record(session=session, reason=StopReason.DISCOMFORT)
        assert session.stop_reason == StopReason.DISCOMFORT
    assert stops == ["prepare", "check_in", "prepare", "lean", "lean_check_in"]


def test_stop_reason_never_overwrites_an_automatic_stop(cleared_partner):
    session = walk_to_first_lean(cleared_partner)
    session = advance(session)
    session = check_in(session, None, pain=True)
    session = session_stop(session=session)
    session = session_stop_reason_record(session=session, reason=StopReason.OTHER)
    assert session.stop_reason == StopReason.PAIN_REPORTED


def test_finished_session_refuses_new_writes(cleared_partner):
    session = walk_to_first_lean(cleared_partner)
    session = session_stop(session=session)
    with pytest.raises(SessionClosed):
        advance(session)
    with pytest.raises(SessionClosed):
        session_record_check_in(session=session, step_index=3, repetition=1, comfort=7)
    with pytest.raises(SessionClosed):
        session_finish(session=session, step_index=4)
    assert CheckIn.objects.filter(session=session).count() == 1


def test_check_in_for_the_wrong_step_is_refused(cleared_partner):
    session = walk_to_first_lean(cleared_partner)
    with pytest.raises(StaleStep):  # the lean has not been released yet
        session_record_check_in(session=session, step_index=3, repetition=1, comfort=7)
    with pytest.raises(ValueError, match="between 0 and 10"):
        session_record_check_in(session=session, step_index=3, repetition=1, comfort=11)
    assert CheckIn.objects.filter(session=session).count() == 1


def test_idle_session_is_abandoned_lazily(cleared_partner, settings):
    settings.SESSION_ABANDON_MINUTES = 30
    session = session_start(partner=cleared_partner)
    later = timezone.now() + timedelta(minutes=29)
    assert session_abandon_if_idle(session=session, now=later).state == SessionState.ACTIVE
    much_later = timezone.now() + timedelta(minutes=31)
    session = session_abandon_if_idle(session=session, now=much_later)
    assert session.state == SessionState.ABANDONED
    assert session.ended_at == session.last_activity_at
    assert session_panel(session=session).kind == "abandoned"


def test_abandon_idle_for_an_account_and_new_start(cleared_partner):
    session = session_start(partner=cleared_partner)
    later = timezone.now() + timedelta(minutes=31)
    assert session_abandon_idle(account=cleared_partner.account, now=later) == 1
    assert session_active_for(partner=cleared_partner) is None
    fresh = session_start(partner=cleared_partner)
    assert fresh.pk != session.pk
