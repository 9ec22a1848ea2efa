"""Admin for routines, sessions and check-ins."""

import pytest
from django.urls import reverse

from sessions.engine import session_start
from sessions.models import CheckIn, Routine, StopReason
from sessions.seed import seed_default_routine
from sessions.stopping import session_stop
from tests.factories import CheckInFactory, PartnerFactory, ScreeningFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def routine(db):
    seed_default_routine()
    return Routine.objects.get(is_default=True)


@pytest.fixture
def cleared(routine):
    partner = PartnerFactory(name="Robin")
    ScreeningFactory(partner=partner)
    return partner


def routine_form_data(routine: Routine, changes: dict[int, dict]) -> dict:
    steps = list(routine.steps.order_by("position"))
    data = {
        "name": routine.name,
        "description": routine.description,
        "is_default": "on",
        "is_active": "on",
        "repetitions": routine.repetitions,
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, step in enumerate(steps):
        row = {
            "id": step.pk,
            "routine": routine.pk,
            "position": step.position,
            "kind": step.kind,
            "title": step.title,
            "instruction": step.instruction,
            "cue": step.cue,
            "lean_in_seconds": step.lean_in_seconds,
            "hold_seconds": step.hold_seconds,
            "release_seconds": step.release_seconds,
        }
        row.update(changes.get(step.position, {}))
        data.update({f"steps-{i}-{key}": value for key, value in row.items()})
    return data


def test_routine_list_has_steps_and_view_as_user(staff_client, routine):
    body = staff_client.get(reverse("admin:guided_routine_changelist")).content.decode()
    assert "Seated back decompression" in body
    assert reverse("sessions:routine_preview", args=[routine.pk]) in body
    assert "View as user" in body


def test_routine_change_page_shows_steps_inline(staff_client, routine):
    body = staff_client.get(reverse("admin:guided_routine_change", args=[routine.pk])).content
    body = body.decode()
    for title in ("Get into position", "Connect your arms", "Gentle lean", "Finish"):
        assert title in body
    assert "hold_seconds" in body


def test_view_as_user_is_staff_only(client, staff_client, routine):
    preview = reverse("sessions:routine_preview", args=[routine.pk])
    body = staff_client.get(preview).content.decode()
    assert "Get into position" in body and "hold 5 s" in body
    client.force_login(UserFactory())
    assert client.get(preview).status_code == 302  # to the admin login


def test_editing_step_text_changes_the_next_session_only(staff_client, routine, cleared):
    earlier = session_start(partner=cleared)
    session_stop(session=earlier, reason=StopReason.OTHER)
    data = routine_form_data(
        routine, {1: {"title": "Settle into place", "instruction": "Newly worded."}}
    )
    response = staff_client.post(reverse("admin:guided_routine_change", args=[routine.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    later = session_start(partner=cleared)
    assert later.steps[0]["title"] == "Settle into place"
    earlier.refresh_from_db()
    assert earlier.steps[0]["title"] == "Get into position"
    assert earlier.steps[0]["instruction"].startswith("Receiver: sit on the floor")


def test_session_list_columns_and_filters(staff_client, cleared):
    stopped = session_start(partner=cleared)
    session_stop(session=stopped, reason=StopReason.PAIN)
    other = PartnerFactory(name="Alex")
    ScreeningFactory(partner=other)
    session_start(partner=other)
    changelist = reverse("admin:guided_guidedsession_changelist")
    body = staff_client.get(changelist).content.decode()
    for column in ("Partner", "Outcome", "Started", "Duration", "Relief", "Lowest check-in"):
        assert f">{column}" in body, column
    assert "Robin" in body and "Alex" in body
    assert "Stopped · Pain" in body and "In progress" in body
    body = staff_client.get(changelist, {"state__exact": "stopped"}).content.decode()
    assert "Robin" in body and "Alex" not in body
    assert "By state" in body and "By started" in body


def test_sessions_and_check_ins_are_read_only(staff_client, cleared):
    session = session_start(partner=cleared)
    check_in = CheckInFactory(session=session, step_index=1, comfort=6)
    change = reverse("admin:guided_guidedsession_change", args=[session.pk])
    body = staff_client.get(change).content.decode()
    assert 'name="_save"' not in body
    assert staff_client.post(change, {"state": "completed"}).status_code == 403
    assert staff_client.get(reverse("admin:guided_checkin_add")).status_code == 403
    check_in_change = reverse("admin:guided_checkin_change", args=[check_in.pk])
    assert staff_client.post(check_in_change, {"comfort": 10}).status_code == 403
    delete = reverse("admin:guided_checkin_delete", args=[check_in.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert CheckIn.objects.get(pk=check_in.pk).comfort == 6
