"""How a guided-session page answers: the panel and what it shows, and the one path of
every step write. Shared by the account holder's pages (`sessions.views.owner`,
`sessions.views.live`) and the joined phone's (`sessions.views.joined`).

htmx requests get the step panel only; plain requests get the whole page. A write the
session cannot accept — an ended session, a step it is not on, a forged or
repeated-with-other-values request (`sessions.actions`) — answers 409 with the current
panel and a short message inside it; nothing is written. A form the current step can
accept but whose values are wrong (a rating of 11, a note too long) answers 422 with the
errors in the panel.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from decompress import scale
from decompress.models import Partner
from decompress.rest import partner_rest
from screening.guard import screening_latest
from screening.models import Outcome
from sessions import actions
from sessions.comfort import AUTOMATIC_STOP_REASONS
from sessions.engine import (
    SessionClosed,
    StaleStep,
    session_last_lean_comfort,
    session_record_check_in,
    session_screening_valid,
    session_worse_after,
)
from sessions.forms import (
    CheckInForm,
    FinishForm,
    StopReasonForm,
)
from sessions.idle import session_abandon_if_idle
from sessions.invites import invites_open
from sessions.lean_timer import lean_timer_state
from sessions.models import GuidedSession, SessionState, StopReason
from sessions.panels import (
    session_panel,
    session_ratings,
    session_script_config,
)
from sessions.rest import RESTING_REASONS
from sessions.stages import Stage
from sessions.stop_keys import stop_key_for
from sessions.stopping import session_report_pain, session_stop_reason_record

from .seat import Seat


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def to_screening(request: HttpRequest, partner: Partner) -> HttpResponse:
    messages.info(
        request,
        _("A valid safety screening comes first: please answer the questions again."),
    )
    return redirect_to(request, reverse("screening:questionnaire", args=[partner.pk]))


def session_for(request: HttpRequest, session_id: int) -> GuidedSession:
    session = get_object_or_404(
        GuidedSession.objects.select_related("partner"),
        pk=session_id,
        partner__account=request.user,
    )
    return session_abandon_if_idle(session=session)


def screening_gate(request: HttpRequest, session: GuidedSession) -> HttpResponse | None:
    """No bypass: a session in progress continues only while its partner has a valid
    cleared screening; without one, every session URL but STOP sends the person to the
    questionnaire. STOP never goes through this gate."""
    if session.state == SessionState.ACTIVE and not session_screening_valid(session=session):
        return to_screening(request, session.partner)
    return None


def history_url(session: GuidedSession) -> str:
    try:
        return reverse("history:detail", args=[session.pk])
    except NoReverseMatch:
        return reverse("history:list")


def panel_context(session: GuidedSession, seat: Seat, **extra) -> dict:
    panel = session_panel(session=session)
    context = {
        "session": session,
        "partner": session.partner,
        "panel": panel,
        "seat": seat,
        "urls": seat.urls,
        "timer": lean_timer_state(session) if panel.kind == Stage.LEAN else None,
        # The account holder's phone says whether the receiver's phone follows.
        "sharing": None if seat.joined or not panel.in_progress else invites_open(session=session),
        "step": panel.step,
        "ratings": scale.ratings(),
        "recorded": session_ratings(session=session),
        "history_url": history_url(session),
        "rest": partner_rest(partner=session.partner)
        if panel.kind == Stage.STOPPED
        and (session.stop_reason in RESTING_REASONS or session.pain_reported_at)
        else None,
        "stopped_by_rule": session.stop_reason in AUTOMATIC_STOP_REASONS,
    }
    if panel.kind == Stage.STOPPED and session.stop_reason == StopReason.SCREENING_CHANGED:
        # Stopped because the answers changed: say where they point, urgent care first.
        latest = screening_latest(partner=session.partner)
        context["screening_result"] = latest
        context["urgent"] = latest is not None and latest.outcome == Outcome.EMERGENCY
    context["sharing_joined"] = any(invite.joined_at for invite in context["sharing"] or ())
    if panel.kind == Stage.FINISH and "finish_form" not in extra:
        context["finish_form"] = FinishForm(initial={"step_index": session.position})
    if panel.kind == Stage.FINISH:
        # Not asked again: the finish panel says which rating counts as "after".
        context["after_comfort"] = session_last_lean_comfort(session=session)
    if panel.kind == Stage.STOPPED and "reason_form" not in extra:
        context["reason_form"] = StopReasonForm()
    if not panel.in_progress:
        context["duration"] = session.duration_display
        context["relief"] = session.relief
        context["worse_after"] = session_worse_after(session=session)
    context.update(extra)
    return context


def render_panel(
    request: HttpRequest,
    session: GuidedSession,
    seat: Seat,
    *,
    status: int = 200,
    **extra,
) -> HttpResponse:
    if request.htmx:
        template = "sessions/run.html#step"
    else:
        template = "sessions/run.html"
        extra["config"] = session_script_config(session=session)
    if seat.leads:
        extra["stop_key"] = stop_key_for(request, session)
    return render(request, template, panel_context(session, seat, **extra), status=status)


def after_write(request: HttpRequest, session: GuidedSession, seat: Seat) -> HttpResponse:
    # A stop rule ends the session like STOP does: release first.
    stopped_by_rule = session.stop_reason in AUTOMATIC_STOP_REASONS
    if request.htmx:
        return render_panel(request, session, seat, release_prompt=stopped_by_rule)
    if seat.joined and session.state != SessionState.ACTIVE:
        # The joined phone's link answers 410 once the session has ended: how it ended
        # is shown here, in answer to the write that ended it.
        return render_panel(request, session, seat, release_prompt=stopped_by_rule)
    return redirect(seat.page_url)


def check_in_answer(request: HttpRequest, session: GuidedSession, seat: Seat) -> HttpResponse:
    """A comfort rating, or a report of pain, from either phone. Pain is like STOP: taken
    before any other check, whatever step it names, with no screening gate."""
    if CheckInForm.reports_pain(request.POST):
        session = session_report_pain(session=session)
        return after_write(request, session, seat)
    return session_write(
        request,
        session,
        CheckInForm(request.POST),
        action=actions.CHECK_IN,
        form_name="check_in_form",
        write=lambda session, data: session_record_check_in(
            session=session,
            step_index=data["step_index"],
            repetition=data["repetition"],
            comfort=data["comfort"],
        ),
        seat=seat,
    )


def stop_reason_answer(request: HttpRequest, session: GuidedSession, seat: Seat) -> HttpResponse:
    """Either phone's answer to "why did you stop?" (`sessions.stopping`)."""
    form = StopReasonForm(request.POST)
    if session.state != SessionState.STOPPED:
        # Forged, or from a page older than the session's end: nothing to answer.
        return conflict(request, session, seat)
    if not form.is_valid():
        return render_panel(request, session, seat, status=422, reason_form=form)
    try:
        session = session_stop_reason_record(
            session=session, reason=form.cleaned_data["reason"], joined=seat.joined
        )
    except SessionClosed:
        return conflict(request, session, seat)
    return after_write(request, session, seat)


def conflict(request: HttpRequest, session: GuidedSession, seat: Seat) -> HttpResponse:
    """A write the session cannot accept: nothing is written; the panel where the session
    really is, with the message in it (htmx swaps 409 in, see templates/base.html)."""
    session.refresh_from_db()
    return render_panel(request, session, seat, status=409, conflict=True)


def session_write(
    request: HttpRequest,
    session: GuidedSession,
    form,
    *,
    action: str,
    form_name: str | None,
    write: Callable[[GuidedSession, dict], GuidedSession],
    seat: Seat,
) -> HttpResponse:
    """The one path of every step write (advance, check-in, finish, the lean's timer; a
    joined phone's rating): the screening gate, the form (a wrong value on
    the current step is 422 in its form; anything else is a stale or forged tap, 409), one
    engine call, the next panel."""
    if seat.joined:
        # The joined phone cannot answer the questionnaire: it is told to wait (409).
        if session.state == SessionState.ACTIVE and not session_screening_valid(session=session):
            return conflict(request, session, seat)
    elif (refused := screening_gate(request, session)) is not None:
        return refused
    if not form.is_valid():
        if form_name is None or not _answers_this_step(session, form, action):
            return conflict(request, session, seat)
        return render_panel(request, session, seat, status=422, **{form_name: form})
    try:
        session = write(session, form.cleaned_data)
    except (SessionClosed, StaleStep):
        return conflict(request, session, seat)
    return after_write(request, session, seat)


def _answers_this_step(session: GuidedSession, form, kind: str) -> bool:
    """The form names the step the session shows for this kind of action (or is its exact
    repeat), so a wrong value in it is the person's to correct (422), not a stale tap (409)."""
    if "step_index" in form.errors or "repetition" in form.errors:
        return False
    step = form.cleaned_data["step_index"]
    repetition = form.cleaned_data.get("repetition", 0)
    return actions.expects(session, kind, step, repetition)
