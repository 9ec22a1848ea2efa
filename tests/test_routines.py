"""Routines to choose from: the gentler seeded routine, the choice at every start form (the
last used preselected), the same screening and rest gates whatever the choice, and the
routine with its timings in history and both exports."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from screening.models import Outcome, Screening
from sessions.engine import session_start
from sessions.models import GuidedSession, Routine, StepKind, StopReason
from sessions.seed import (
    DEFAULT_ROUTINE_NAME,
    GENTLE_ROUTINE_NAME,
    seed_default_routine,
    seed_gentle_routine,
)
from sessions.stopping import session_stop
from tests.factories import ScreeningFactory, StepFactory
from tests.support.builders import build_stopped_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def default():
    seed_default_routine()
    return Routine.objects.get(name=DEFAULT_ROUTINE_NAME)


@pytest.fixture
def gentle(default):
    seed_gentle_routine()
    return Routine.objects.get(name=GENTLE_ROUTINE_NAME)


@pytest.fixture
def cleared(partner, gentle):
    """Screened today: the start asks no "has anything changed?" question."""
    ScreeningFactory(partner=partner)
    return partner


@pytest.fixture
def cleared_yesterday(partner, gentle):
    screening = ScreeningFactory(partner=partner)
    Screening.objects.filter(pk=screening.pk).update(
        created_at=screening.created_at - timedelta(days=1)
    )
    return partner


def start_url(partner) -> str:
    return reverse("sessions:start", args=[partner.pk])


def checked_routine(page: str) -> int:
    """The id of the routine radio that is checked (exactly one)."""
    chunks = [c for c in page.split('name="routine" value="')[1:] if "checked" in c.split(">")[0]]
    assert len(chunks) == 1, page
    return int(chunks[0].split('"')[0])


def ended_session_with(partner, routine) -> GuidedSession:
    session = session_start(partner=partner, routine=routine)
    # A stop for "other" keeps no rest, so the next start is allowed.
    return session_stop(session=session, reason=StopReason.OTHER)


# --- the seeded routines ----------------------------------------------------------------


def test_a_fresh_install_has_the_default_and_the_gentler_routine(db):
    # Installed by the data migrations, as `make run` has them.
    default = Routine.objects.get(is_default=True)
    gentle = Routine.objects.get(name=GENTLE_ROUTINE_NAME)
    assert default.name == DEFAULT_ROUTINE_NAME
    assert default.is_active
    assert gentle.is_active
    assert not gentle.is_default
    assert gentle.repetitions == 2
    steps = list(gentle.steps.order_by("position"))
    assert [s.kind for s in steps] == [
        StepKind.PREPARE,
        StepKind.CHECK_IN,
        StepKind.PREPARE,
        StepKind.LEAN,
        StepKind.FINISH,
    ]
    # The stop-signal agreement and the baseline rating come before the first lean.
    assert "stop signal" in steps[1].title.lower()
    lean = steps[3]
    assert (lean.lean_in_seconds, lean.hold_seconds, lean.release_seconds) == (3, 3, 4)


def test_seeding_the_gentler_routine_again_changes_nothing_and_never_the_default(db):
    default = Routine.objects.get(is_default=True)
    Routine.objects.filter(pk=default.pk).update(description="Edited by staff.")
    seed_gentle_routine()
    seed_gentle_routine()
    assert Routine.objects.filter(name=GENTLE_ROUTINE_NAME).count() == 1
    default.refresh_from_db()
    assert default.is_default
    assert default.description == "Edited by staff."
    assert Routine.objects.filter(is_default=True).count() == 1


def test_making_another_routine_the_default_hands_the_flag_over(gentle, default):
    gentle.is_default = True
    gentle.save()
    assert list(Routine.objects.filter(is_default=True)) == [gentle]
    # The database refuses a second default written past the model too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Routine.objects.filter(pk=default.pk).update(is_default=True)


def test_the_default_routine_cannot_be_hidden(default):
    default.is_active = False
    with pytest.raises(ValidationError, match="always offered"):
        default.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Routine.objects.filter(pk=default.pk).update(is_active=False)


# --- the choice at the start ------------------------------------------------------------


def test_the_start_page_offers_both_with_the_default_preselected(client_logged_in, cleared):
    page = client_logged_in.get(start_url(cleared)).content.decode()
    default = Routine.objects.get(is_default=True)
    gentle = Routine.objects.get(name=GENTLE_ROUTINE_NAME)
    assert "Which routine?" in page
    assert DEFAULT_ROUTINE_NAME in page
    assert GENTLE_ROUTINE_NAME in page
    assert "3 leans · hold 5 s" in page
    assert "2 leans · hold 3 s" in page
    assert "The same stretch, softer: a shorter hold and two leans instead of three." in page
    assert reverse("sessions:routines", args=[cleared.pk]) + f"#routine-{gentle.pk}" in page
    assert checked_routine(page) == default.pk


def test_a_partner_can_choose_the_gentler_routine(client_logged_in, cleared, gentle):
    response = client_logged_in.post(start_url(cleared), {"routine": gentle.pk})
    session = GuidedSession.objects.get(partner=cleared)
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions:run", args=[session.pk])
    assert session.routine == gentle
    assert session.repetitions == 2
    (lean,) = [step for step in session.steps if step["kind"] == StepKind.LEAN]
    assert (lean["lean_in_seconds"], lean["hold_seconds"], lean["release_seconds"]) == (3, 3, 4)
    run = client_logged_in.get(response["Location"]).content.decode()
    assert "Get into position" in run


def test_the_choice_comes_with_the_pre_session_check_too(
    client_logged_in, cleared_yesterday, gentle
):
    page = client_logged_in.get(start_url(cleared_yesterday)).content.decode()
    assert "Has anything changed" in page
    assert "Which routine?" in page
    response = client_logged_in.post(
        start_url(cleared_yesterday), {"changed": "no", "routine": gentle.pk}
    )
    assert response.status_code == 302
    assert GuidedSession.objects.get().routine == gentle


def test_screening_day_result_offers_the_choice_and_starts_the_chosen_one(
    client_logged_in, cleared, gentle
):
    screening = Screening.objects.get(partner=cleared)
    page = client_logged_in.get(reverse("screening:result", args=[screening.pk])).content
    page = page.decode()
    assert "Which routine?" in page
    assert GENTLE_ROUTINE_NAME in page
    assert f'action="{start_url(cleared)}"' in page
    client_logged_in.post(start_url(cleared), {"routine": gentle.pk})
    assert GuidedSession.objects.get().routine == gentle


def test_the_routine_used_last_is_preselected_everywhere(client_logged_in, cleared, gentle):
    ended_session_with(cleared, gentle)
    page = client_logged_in.get(start_url(cleared)).content.decode()
    assert checked_routine(page) == gentle.pk
    screening = Screening.objects.get(partner=cleared)
    result = client_logged_in.get(reverse("screening:result", args=[screening.pk]))
    assert checked_routine(result.content.decode()) == gentle.pk
    # Back to the default once the last one is no longer offered.
    Routine.objects.filter(pk=gentle.pk).update(is_active=False)
    page = client_logged_in.get(start_url(cleared)).content.decode()
    assert GENTLE_ROUTINE_NAME not in page
    assert f'name="routine" value="{Routine.objects.get(is_default=True).pk}"' in page


def test_a_start_without_a_routine_runs_the_preselected_one(client_logged_in, cleared, gentle):
    ended_session_with(cleared, gentle)
    response = client_logged_in.post(start_url(cleared))
    assert response.status_code == 302
    assert GuidedSession.objects.filter(partner=cleared).latest("started_at").routine == gentle


@pytest.mark.parametrize("value", ["", "abc", "999999", "-1"])
def test_an_unknown_routine_is_a_clear_422_and_starts_nothing(client_logged_in, cleared, value):
    response = client_logged_in.post(start_url(cleared), {"routine": value})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Choose one of the routines below" in page
    assert page.count('role="alert"') >= 1
    assert not GuidedSession.objects.exists()


def test_an_inactive_routine_is_refused(client_logged_in, cleared, gentle):
    Routine.objects.filter(pk=gentle.pk).update(is_active=False)
    response = client_logged_in.post(start_url(cleared), {"routine": gentle.pk})
    assert response.status_code == 422
    assert "That routine is not offered any more" in response.content.decode()
    assert not GuidedSession.objects.exists()


def test_a_routine_without_steps_is_not_offered(client_logged_in, cleared):
    empty = Routine.objects.create(name="Empty routine")
    page = client_logged_in.get(start_url(cleared)).content.decode()
    assert "Empty routine" not in page
    response = client_logged_in.post(start_url(cleared), {"routine": empty.pk})
    assert response.status_code == 422


# --- the gates stay as strict whatever the routine ------------------------------------------


def test_a_blocked_partner_is_refused_whatever_routine_is_posted(client_logged_in, partner, gentle):
    ScreeningFactory(partner=partner)
    blocked = ScreeningFactory(partner=partner, outcome=Outcome.BLOCKED)
    response = client_logged_in.post(start_url(partner), {"changed": "no", "routine": gentle.pk})
    assert response["Location"] == reverse("screening:result", args=[blocked.pk])
    assert not GuidedSession.objects.exists()


def test_an_expired_screening_is_refused_whatever_routine_is_posted(
    client_logged_in, partner, gentle
):
    ScreeningFactory(partner=partner)
    Screening.objects.update(created_at=timezone.now() - timedelta(days=40))
    response = client_logged_in.post(start_url(partner), {"changed": "no", "routine": gentle.pk})
    assert response["Location"] == reverse("screening:questionnaire", args=[partner.pk])
    assert not GuidedSession.objects.exists()


def test_a_resting_partner_is_refused_whatever_routine_is_posted(client_logged_in, cleared, gentle):
    build_stopped_session(partner=cleared, stop_reason=StopReason.PAIN)
    before = GuidedSession.objects.count()
    response = client_logged_in.post(start_url(cleared), {"routine": gentle.pk})
    assert response.status_code == 409
    assert "Rest today" in response.content.decode()
    assert GuidedSession.objects.count() == before


def test_something_changed_still_means_screening_again_with_a_routine(
    client_logged_in, cleared_yesterday, gentle
):
    response = client_logged_in.post(
        start_url(cleared_yesterday), {"changed": "yes", "routine": gentle.pk}
    )
    assert response["Location"] == reverse("screening:questionnaire", args=[cleared_yesterday.pk])
    assert not GuidedSession.objects.exists()


def test_the_pre_session_question_is_still_required_with_a_routine(
    client_logged_in, cleared_yesterday, gentle
):
    response = client_logged_in.post(start_url(cleared_yesterday), {"routine": gentle.pk})
    assert response.status_code == 422
    assert "Answer yes or no before you start." in response.content.decode()
    assert not GuidedSession.objects.exists()


# --- the routines' steps page ---------------------------------------------------------------


def test_the_routines_page_shows_each_offered_routine_step_by_step(
    client_logged_in, cleared, gentle
):
    hidden = Routine.objects.create(name="Hidden routine", is_active=False)
    StepFactory(routine=hidden, title="Hidden step")
    page = client_logged_in.get(reverse("sessions:routines", args=[cleared.pk])).content.decode()
    assert f'id="routine-{gentle.pk}"' in page
    assert "Short, gentle lean" in page
    assert "2 leans · lean in 3 s · hold 3 s · release 4 s" in page
    assert "3 leans · lean in 3 s · hold 5 s · release 3 s" in page
    assert "Hidden routine" not in page
    assert "Hidden step" not in page
    assert start_url(cleared) in page


# --- history and exports ----------------------------------------------------------------


def test_history_and_exports_show_the_routine_and_the_timings_it_ran_with(
    client_logged_in, cleared, gentle
):
    session = ended_session_with(cleared, gentle)
    # A later edit reaches the next session only: history keeps the timings it ran with.
    gentle.steps.filter(kind=StepKind.LEAN).update(hold_seconds=9)
    listing = client_logged_in.get(reverse("history:list")).content.decode()
    assert GENTLE_ROUTINE_NAME in listing
    assert "2 leans · hold 3 s" in listing
    detail = client_logged_in.get(reverse("history:detail", args=[session.pk])).content.decode()
    assert GENTLE_ROUTINE_NAME in detail
    assert "2 leans · lean in 3 s · hold 3 s · release 4 s" in detail

    body = b"".join(client_logged_in.get(reverse("history:export_csv")).streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows
    assert {row["routine"] for row in rows} == {GENTLE_ROUTINE_NAME}
    row = rows[0]
    assert (row["repetitions"], row["lean_in_seconds"], row["hold_seconds"]) == ("2", "3", "3")
    assert row["release_seconds"] == "4"

    body = b"".join(client_logged_in.get(reverse("history:export_json")).streaming_content)
    (exported,) = json.loads(body)["sessions"]
    assert exported["routine"] == GENTLE_ROUTINE_NAME
    assert exported["routine_id"] == gentle.pk
    assert exported["repetitions"] == 2
    assert (exported["lean_in_seconds"], exported["hold_seconds"]) == (3, 3)
    assert exported["release_seconds"] == 4


def test_the_engine_refuses_a_routine_without_the_safety_steps(client_logged_in, partner):
    """However a routine got offered (a shell, an old row), it cannot start without the
    stop-signal agreement and a starting rating before its first lean."""
    from sessions.engine import session_start
    from sessions.errors import UnsafeRoutine
    from sessions.models import GuidedSession, Routine, StepKind
    from tests.factories import RoutineFactory, ScreeningFactory, StepFactory

    ScreeningFactory(partner=partner)
    Routine.objects.update(is_default=False)
    unsafe = RoutineFactory(name="Lean first", is_default=True, is_active=True)
    StepFactory(routine=unsafe, position=1, kind=StepKind.LEAN, lean_in_seconds=2,
                hold_seconds=2, release_seconds=2)  # fmt: skip
    StepFactory(routine=unsafe, position=2, kind=StepKind.FINISH)
    with pytest.raises(UnsafeRoutine):
        session_start(partner=partner, routine=unsafe)
    response = client_logged_in.post(
        reverse("sessions:start", args=[partner.pk]), {"routine": unsafe.pk}, follow=True
    )
    assert "This routine cannot start" in response.content.decode()
    assert not GuidedSession.objects.filter(partner=partner).exists()
