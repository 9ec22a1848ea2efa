"""Admin for routines, sessions and check-ins."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from sessions.engine import session_start
from sessions.illustrations import Illustration
from sessions.models import CheckIn, Routine, Step, StepKind, StopReason
from sessions.seed import DEFAULT_STEPS, seed_default_routine
from sessions.stopping import session_stop
from tests.factories import (
    CheckInFactory,
    PartnerFactory,
    RoutineFactory,
    ScreeningFactory,
    StepFactory,
    UserFactory,
)

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
            "illustration": step.illustration,
        }
        if step.agrees_stop_signal:
            row["agrees_stop_signal"] = "on"
        row.update(changes.get(step.position, {}))
        # An unticked box is absent from a real form post.
        if row.get("agrees_stop_signal") is False:
            del row["agrees_stop_signal"]
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
    assert "Get into position" in body
    assert "hold 5 s" in body
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
    assert "Robin" in body
    assert "Alex" in body
    assert "Stopped · Pain" in body
    assert "In progress" in body
    body = staff_client.get(changelist, {"state__exact": "stopped"}).content.decode()
    assert "Robin" in body
    assert "Alex" not in body
    assert "By state" in body
    assert "By started" in body


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


# ---- illustrations --------------------------------------------------------------------


def _change(staff_client, routine, changes, **routine_changes):
    data = routine_form_data(routine, changes)
    data.update(routine_changes)
    return staff_client.post(reverse("admin:guided_routine_change", args=[routine.pk]), data)


def _use(picture: Illustration) -> str:
    return f'<use href="/static/img/steps/{picture.value}.svg#art">'


def test_seeded_steps_name_their_pictures_and_the_stop_signal_step(routine):
    steps = list(routine.steps.order_by("position"))
    assert [step.illustration for step in steps] == [
        "position",
        "stop-signal",
        "grip-hands",
        "hands",
        "rest",
    ]
    assert [step.agrees_stop_signal for step in steps] == [False, True, False, False, False]
    assert [step.get("illustration") for step in DEFAULT_STEPS] == [
        step.illustration for step in steps
    ]


def test_step_picks_its_picture_from_groups_and_shows_it(staff_client, routine):
    body = staff_client.get(reverse("admin:guided_routine_change", args=[routine.pk]))
    body = body.content.decode()
    assert '<optgroup label="Single pictures (prepare, check-in, finish)">' in body
    assert '<optgroup label="Lean sets (lean-in, hold, release)">' in body
    assert '<option value="hands" selected>' in body
    assert '<option value="stop-signal" selected>' in body
    # The saved choice, drawn small: the lean's three phases, the check-in's one picture.
    for picture in (
        Illustration.HANDS_LEAN_IN,
        Illustration.HANDS_HOLD,
        Illustration.HANDS_RELEASE,
        Illustration.STOP_SIGNAL,
    ):
        assert _use(picture) in body
        assert f'aria-label="{escape(picture.alt)}"' in body
    assert "agrees_stop_signal" in body


def test_a_picture_that_fits_the_kind_is_saved(staff_client, routine):
    response = _change(
        staff_client, routine, {3: {"illustration": "grip-arms"}, 4: {"illustration": "arms"}}
    )
    assert response.status_code == 302
    assert routine.steps.get(position=3).illustration == "grip-arms"
    assert routine.steps.get(position=4).illustration == "arms"


@pytest.mark.parametrize(
    ("position", "value", "message"),
    [
        (4, "position", "A step of kind “Lean (timed)” shows a lean set of three pictures"),
        (2, "arms", "A step of kind “Comfort check-in” shows one picture"),
        (1, "hands", "A step of kind “Prepare (read, then Ready)” shows one picture"),
        (5, "arms", "A step of kind “Finish (after comfort, note, summary)” shows one picture"),
    ],
)
def test_a_picture_of_the_wrong_kind_is_refused_naming_the_kind(
    staff_client, routine, position, value, message
):
    before = routine.steps.get(position=position).illustration
    response = _change(staff_client, routine, {position: {"illustration": value}})
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert routine.steps.get(position=position).illustration == before


def test_a_lean_phase_picture_alone_is_not_offered(staff_client, routine):
    response = _change(staff_client, routine, {1: {"illustration": "hands-hold"}})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_model_refuses_the_wrong_kind_outside_admin(routine):
    from django.core.exceptions import ValidationError

    step = Step(routine=routine, title="Lean", instruction="Lean.", kind=StepKind.LEAN)
    step.illustration = "rest"
    with pytest.raises(ValidationError) as refused:
        step.full_clean()
    assert "Lean (timed)" in str(refused.value.message_dict["illustration"])
    step.illustration = "arms"
    step.full_clean()


# ---- a default routine agrees the stop signal and rates comfort before the first lean --

STOP_SIGNAL_MISSING = "needs a step that agrees the stop signal before its first lean"
BASELINE_MISSING = "needs a comfort check-in before its first lean"


def test_default_routine_without_the_stop_signal_step_is_refused(staff_client, routine):
    response = _change(staff_client, routine, {2: {"agrees_stop_signal": False}})
    assert response.status_code == 200
    body = response.content.decode()
    assert STOP_SIGNAL_MISSING in body
    assert BASELINE_MISSING not in body
    assert routine.steps.get(position=2).agrees_stop_signal


def test_default_routine_with_its_check_in_after_the_lean_is_refused(staff_client, routine):
    # The check-in moves behind the lean: the first lean would run without a baseline.
    response = _change(staff_client, routine, {2: {"position": 6}})
    assert response.status_code == 200
    body = response.content.decode()
    assert BASELINE_MISSING in body
    assert STOP_SIGNAL_MISSING in body
    assert routine.steps.get(title__startswith="Agree a stop signal").position == 2


def test_a_routine_not_offered_may_lack_them_until_it_is_offered_or_made_default(
    staff_client, routine
):
    data = routine_form_data(routine, {2: {"agrees_stop_signal": False}})
    del data["is_default"], data["is_active"]  # a draft: not offered at the start
    url = reverse("admin:guided_routine_change", args=[routine.pk])
    assert staff_client.post(url, data).status_code == 302
    routine.refresh_from_db()
    assert not routine.is_default
    assert not routine.is_active
    for tick in ("is_active", "is_default"):
        response = staff_client.post(url, {**data, tick: "on", "is_active": "on"})
        assert response.status_code == 200
        assert STOP_SIGNAL_MISSING in response.content.decode()
        routine.refresh_from_db()
        assert not routine.is_default
        assert not routine.is_active


def _new_routine_data(steps: list[dict], *, default: bool) -> dict:
    data = {
        "name": "Short evening routine",
        "description": "",
        "repetitions": 2,
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    if default:
        data["is_default"] = data["is_active"] = "on"  # the default is always offered
    for i, step in enumerate(steps):
        row = {
            "position": i + 1,
            "title": f"Step {i + 1}",
            "instruction": "Plainly worded.",
            "cue": "",
            "lean_in_seconds": 3,
            "hold_seconds": 5,
            "release_seconds": 3,
            "illustration": "",
            **step,
        }
        data.update({f"steps-{i}-{key}": value for key, value in row.items()})
    return data


def test_adding_the_safe_steps_and_making_it_default_in_one_save(staff_client, routine):
    add = reverse("admin:guided_routine_add")
    steps = [
        {"kind": "prepare", "illustration": "position"},
        {"kind": "check_in", "agrees_stop_signal": "on", "illustration": "stop-signal"},
        {"kind": "lean", "illustration": "arms"},
        {"kind": "finish"},
    ]
    response = staff_client.post(add, _new_routine_data(steps, default=True))
    assert response.status_code == 302, response.content.decode()[-3000:]
    new = Routine.objects.get(name="Short evening routine")
    assert new.is_default
    assert [s.illustration for s in new.steps.order_by("position")] == [
        "position",
        "stop-signal",
        "arms",
        "",
    ]


@pytest.mark.parametrize(
    ("steps", "missing"),
    [
        ([], [STOP_SIGNAL_MISSING, BASELINE_MISSING]),
        (
            [{"kind": "lean"}, {"kind": "check_in", "agrees_stop_signal": "on"}],
            [STOP_SIGNAL_MISSING, BASELINE_MISSING],
        ),
        ([{"kind": "check_in"}, {"kind": "lean"}], [STOP_SIGNAL_MISSING]),
        ([{"kind": "prepare", "agrees_stop_signal": "on"}, {"kind": "lean"}], [BASELINE_MISSING]),
    ],
)
def test_a_new_unsafe_default_routine_is_refused(staff_client, routine, steps, missing):
    add = reverse("admin:guided_routine_add")
    response = staff_client.post(add, _new_routine_data(steps, default=True))
    assert response.status_code == 200
    body = response.content.decode()
    for message in (STOP_SIGNAL_MISSING, BASELINE_MISSING):
        assert (message in body) == (message in missing), message
    assert not Routine.objects.filter(name="Short evening routine").exists()


def test_ticking_default_in_the_routine_list_is_held_to_the_same_rule(staff_client, routine):
    unsafe = RoutineFactory(name="Lean only")
    StepFactory(routine=unsafe, position=1, kind=StepKind.LEAN)
    safe = RoutineFactory(name="Careful")
    StepFactory(routine=safe, position=1, kind=StepKind.CHECK_IN, agrees_stop_signal=True)
    StepFactory(routine=safe, position=2, kind=StepKind.LEAN)
    routines = list(Routine.objects.order_by("-is_default", "name"))
    data = {
        "form-TOTAL_FORMS": len(routines),
        "form-INITIAL_FORMS": len(routines),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for i, each in enumerate(routines):
        data[f"form-{i}-id"] = each.pk
        data[f"form-{i}-repetitions"] = each.repetitions
        data[f"form-{i}-is_default"] = data[f"form-{i}-is_active"] = "on"
    changelist = reverse("admin:guided_routine_changelist")
    response = staff_client.post(changelist, data)
    assert response.status_code == 200
    assert STOP_SIGNAL_MISSING in response.content.decode()
    assert not Routine.objects.get(pk=unsafe.pk).is_default
    # Only the safe one ticked default; the unsafe one neither default nor offered.
    for i, each in enumerate(routines):
        if each != safe:
            del data[f"form-{i}-is_default"]
    del data[f"form-{routines.index(unsafe)}-is_active"]
    response = staff_client.post(changelist, data)
    assert response.status_code == 302
    assert Routine.objects.get(pk=safe.pk).is_default
    assert not Routine.objects.get(pk=unsafe.pk).is_default


# ---- an admin change reaches the next session only --------------------------------------


def test_changed_picture_reaches_the_next_session_not_an_earlier_ones_history(
    staff_client, routine, cleared
):
    owner = Client()
    owner.force_login(cleared.account)
    earlier = session_start(partner=cleared)
    session_stop(session=earlier, reason=StopReason.OTHER)
    response = _change(
        staff_client, routine, {4: {"illustration": "arms"}, 3: {"illustration": "grip-arms"}}
    )
    assert response.status_code == 302

    later = session_start(partner=cleared)
    assert [step["illustration"] for step in later.steps] == [
        "position",
        "stop-signal",
        "grip-arms",
        "arms",
        "rest",
    ]
    earlier.refresh_from_db()
    assert earlier.steps[3]["illustration"] == "hands"

    body = owner.get(reverse("history:detail", args=[earlier.pk])).content.decode()
    assert _use(Illustration.HANDS_HOLD) in body
    assert _use(Illustration.GRIP_HANDS) in body
    assert "arms-hold.svg" not in body
    assert "grip-arms.svg" not in body
    body = owner.get(reverse("history:detail", args=[later.pk])).content.decode()
    assert _use(Illustration.ARMS_HOLD) in body
    assert _use(Illustration.GRIP_ARMS) in body
    assert "hands-hold.svg" not in body


def test_preview_shows_each_steps_pictures_with_text_alternatives(staff_client, routine):
    preview = reverse("sessions:routine_preview", args=[routine.pk])
    body = staff_client.get(preview).content.decode()
    for picture in (
        Illustration.POSITION,
        Illustration.STOP_SIGNAL,
        Illustration.GRIP_HANDS,
        Illustration.HANDS_LEAN_IN,
        Illustration.HANDS_HOLD,
        Illustration.HANDS_RELEASE,
        Illustration.REST,
    ):
        assert _use(picture) in body, picture
        assert f'role="img" aria-label="{escape(picture.alt)}"' in body, picture
    # The lean's three phases are named under their pictures.
    for phase in ("Lean back slowly", "Hold", "Release slowly"):
        assert f'<span class="step-pictures-phase">{phase}</span>' in body
    assert "The partners agree the stop signal at this step." in body
