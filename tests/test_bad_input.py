"""Bad input: each kind gets a 4xx with a message a person can read, and
nothing is written — no row added, no session moved on."""

import pytest
from django.urls import reverse

from decompress.models import Partner
from screening.models import Question, Screening
from screening.pages import question_set_fingerprint
from sessions.engine import (
    session_advance,
    session_finish,
    session_record_check_in,
    session_start,
)
from sessions.models import CheckIn, GuidedSession, StepKind
from sessions.stopping import session_stop
from tests.factories import PartnerFactory, ScreeningFactory

pytestmark = pytest.mark.django_db


def _walk_to_lean_check_in(session: GuidedSession) -> GuidedSession:
    """Ready on positioning, baseline 6, Ready on arm connection, first lean released."""
    session = session_advance(session=session, step_index=0, repetition=0)
    session = session_record_check_in(session=session, step_index=1, repetition=0, comfort=6)
    session = session_advance(session=session, step_index=2, repetition=0)
    return session_advance(session=session, step_index=3, repetition=1)


@pytest.fixture
def lean_session(partner):
    ScreeningFactory(partner=partner)
    session = _walk_to_lean_check_in(session_start(partner=partner))
    assert session.awaiting_check_in
    return session


@pytest.fixture
def finish_session(lean_session):
    session = lean_session
    for rep in (1, 2, 3):
        if rep > 1:
            session = session_advance(session=session, step_index=3, repetition=rep)
        session = session_record_check_in(session=session, step_index=3, repetition=rep, comfort=8)
    assert session.steps[session.position]["kind"] == StepKind.FINISH
    return session


@pytest.fixture
def completed_session(finish_session):
    return session_finish(session=finish_session, step_index=4)


@pytest.fixture
def stopped_session(lean_session):
    return session_stop(session=lean_session)


def _snapshot() -> tuple:
    sessions = GuidedSession.objects.order_by("pk").values_list(
        "state", "position", "repetition", "awaiting_check_in", "note", "stop_reason"
    )
    return (
        CheckIn.objects.count(),
        Screening.objects.count(),
        Partner.objects.count(),
        list(sessions),
    )


def _shown_attempt() -> str:
    """The fingerprint a screening page carries for the current question set."""
    questions = list(Question.objects.filter(active=True).order_by("position", "pk"))
    return question_set_fingerprint(questions)


def _check_in(session_id: int, **data):
    return reverse("sessions:check_in", args=[session_id]), {
        "step_index": 3,
        "repetition": 1,
        **data,
    }


CASES = {
    "rating above 10": ("lean", lambda s: _check_in(s.pk, comfort="11"), 422, "0 to 10"),
    "negative rating": ("lean", lambda s: _check_in(s.pk, comfort="-1"), 422, "0 to 10"),
    "rating not a number": ("lean", lambda s: _check_in(s.pk, comfort="lots"), 422, "0 to 10"),
    "rating missing": ("lean", lambda s: _check_in(s.pk), 422, "0 to 10"),
    "step index not a number": (
        "lean",
        lambda s: _check_in(s.pk, step_index="three", comfort="7"),
        409,
        "nothing was changed",
    ),
    "step index beyond any small integer": (
        "lean",
        lambda s: _check_in(s.pk, step_index="9" * 40, comfort="7"),
        409,
        "nothing was changed",
    ),
    "check-in for a step the session is not on": (
        "lean",
        lambda s: _check_in(s.pk, step_index=99, comfort="7"),
        409,
        "",
    ),
    "oversized note": (
        "finish",
        lambda s: (
            reverse("sessions:finish", args=[s.pk]),
            {"step_index": 4, "note": "x" * 10_000},
        ),
        422,
        "1000 characters or fewer",
    ),
    "new check-in on a finished session": (
        "completed",
        lambda s: _check_in(s.pk, step_index=0, repetition=0, comfort="5"),
        409,
        "",
    ),
    "finish replayed on a finished session with another note": (
        "completed",
        lambda s: (reverse("sessions:finish", args=[s.pk]), {"step_index": 4, "note": "Other"}),
        409,
        "",
    ),
    "stop reason for a session that was never stopped": (
        "lean",
        lambda s: (reverse("sessions:stop_reason", args=[s.pk]), {"reason": "pain"}),
        409,
        "",
    ),
    "unknown stop reason on a session that was never stopped": (
        "lean",
        lambda s: (reverse("sessions:stop_reason", args=[s.pk]), {"reason": "bored"}),
        409,
        "nothing was changed",
    ),
    "unknown stop reason on a stopped session": (
        "stopped",
        lambda s: (reverse("sessions:stop_reason", args=[s.pk]), {"reason": "bored"}),
        422,
        "Choose one of the reasons shown, or Skip.",
    ),
    "another account's session": (
        "foreign",
        lambda s: _check_in(s.pk, comfort="7"),
        404,
        "Page not found",
    ),
    "a partner that does not exist": (
        "lean",
        lambda s: (reverse("sessions:start", args=[987654]), {"changed": "no"}),
        404,
        "Page not found",
    ),
    "tampered screening answer": (
        "lean",
        lambda s: (
            reverse("screening:urgent-signs", args=[s.partner_id]),
            {"attempt": _shown_attempt(), "item": "maybe"},
        ),
        400,
        "",
    ),
    "screening answer for an unknown question": (
        "lean",
        lambda s: (
            reverse("screening:urgent-signs", args=[s.partner_id]),
            {"attempt": _shown_attempt(), "item": "999999"},
        ),
        400,
        "",
    ),
}


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_with_a_message_and_writes_nothing(
    request, client_logged_in, case, htmx
):
    state, build, status, message = CASES[case]
    if state == "foreign":
        other = PartnerFactory()
        ScreeningFactory(partner=other)
        session = _walk_to_lean_check_in(session_start(partner=other))
    else:
        session = request.getfixturevalue(
            {
                "lean": "lean_session",
                "finish": "finish_session",
                "completed": "completed_session",
                "stopped": "stopped_session",
            }[state]
        )
    url, data = build(session)
    before = _snapshot()
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_logged_in.post(url, data, headers=headers)
    assert response.status_code == status, response.content[:300]
    body = response.content.decode()
    # "Release slowly" belongs to a stop just made, never to a refused request.
    assert "Release slowly — do not let go suddenly." not in body
    if not (htmx and status == 400):  # htmx: 400 is a whole error page, not swapped in
        assert message in body
        assert len(body.strip()) > 0
    assert _snapshot() == before
