"""Guided-session pages of the account holder. Every view: ownership in the query,
screening re-checked, one domain call (`sessions.views.respond` has the shared path). STOP and
reported pain are never refused and skip the screening gate.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sessions import actions
from sessions.engine import (
    session_advance,
    session_finish,
)
from sessions.forms import (
    CheckInForm,
    FinishForm,
    ReleaseForm,
)
from sessions.models import StopReason
from sessions.stop_keys import logged_in_with_csrf, session_by_stop_key
from sessions.stopping import session_stop

from .respond import (
    check_in_answer,
    render_panel,
    screening_gate,
    session_for,
    session_write,
    stop_reason_answer,
)
from .seat import Seat


@login_required
@require_GET
def run(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_for(request, session_id)
    if (refused := screening_gate(request, session)) is not None:
        return refused
    return render_panel(request, session, Seat.owner(session))


@login_required
@require_POST
def advance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_for(request, session_id)
    return session_write(
        request,
        session,
        ReleaseForm(request.POST),
        action=actions.ADVANCE,
        form_name=None,  # no step named: forged, never a real button
        write=lambda session, data: session_advance(session=session, **data),
        seat=Seat.owner(session),
    )


@csrf_exempt  # checked below, unless the stop key opens a pain report
@require_POST
def check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    if CheckInForm.reports_pain(request.POST):
        session = session_by_stop_key(request, session_id)
        if session is not None:
            return check_in_answer(request, session, Seat.owner(session))
    if (refused := logged_in_with_csrf(request)) is not None:
        return refused
    session = session_for(request, session_id)
    return check_in_answer(request, session, Seat.owner(session))


@login_required
@require_POST
def finish(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_for(request, session_id)
    return session_write(
        request,
        session,
        FinishForm(request.POST),
        action=actions.FINISH,
        form_name="finish_form",
        # Only the note: a comfort an old page still sends is not in the form, so ignored.
        write=lambda session, data: session_finish(
            session=session, step_index=data["step_index"], note=data["note"]
        ),
        seat=Seat.owner(session),
    )


@csrf_exempt  # checked below, unless the stop key opens it
@require_POST
def stop(request: HttpRequest, session_id: int) -> HttpResponse:
    # STOP is always allowed: no screening check, no confirmation, never refused, and
    # taken with the page's stop key when the log-in has ended (`sessions.stop_keys`).
    session = session_by_stop_key(request, session_id)
    if session is None:
        if (refused := logged_in_with_csrf(request)) is not None:
            return refused
        session = session_for(request, session_id)
    session = session_stop(session=session)
    return render_panel(request, session, Seat.owner(session), release_prompt=True)


@csrf_exempt  # checked below, unless the stop key opens a "Pain" answer
@require_POST
def stop_reason(request: HttpRequest, session_id: int) -> HttpResponse:
    if request.POST.get("reason") == StopReason.PAIN:
        session = session_by_stop_key(request, session_id)
        if session is not None:
            return stop_reason_answer(request, session, Seat.owner(session))
    if (refused := logged_in_with_csrf(request)) is not None:
        return refused
    session = session_for(request, session_id)
    return stop_reason_answer(request, session, Seat.owner(session))
