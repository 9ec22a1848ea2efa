"""Guided-session pages. Every view: ownership in the query, screening re-checked, one
domain call. htmx requests get the step panel only; plain requests get the whole page.

A write the session cannot accept — an ended session, a step it is not on, a forged or
repeated-with-other-values request (`sessions.actions`) — answers 409 with the current
panel and a short message inside it; nothing is written. A form the current step can
accept but whose values are wrong (a rating of 11, a note too long) answers 422 with the
errors in the panel. STOP and reported pain are never refused and skip the screening gate.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from decompress.models import Partner
from screening.guard import (
    ScreeningStatus,
    screening_latest,
    screening_valid_until,
    screening_verdict,
)
from screening.models import Question, Severity

from . import actions
from .engine import (
    NoRoutine,
    ScreeningRequired,
    SessionClosed,
    StaleStep,
    UnsafeRoutine,
    session_abandon_if_idle,
    session_active_for,
    session_advance,
    session_finish,
    session_last_lean_comfort,
    session_record_check_in,
    session_screening_valid,
    session_start,
    session_worse_after,
)
from .forms import (
    CheckInForm,
    FinishForm,
    PreSessionForm,
    ReleaseForm,
    RoutineChoiceForm,
    StopReasonForm,
)
from .invites import invites_open
from .lean_time import lean_timer_state
from .models import GuidedSession, Routine, SessionState, StopReason
from .panels import (
    PanelKind,
    session_panel,
    session_ratings,
    session_script_config,
    snapshot_pictures,
    step_snapshot,
)
from .rest import RESTING_REASONS, Rest, RestRequired, partner_rest
from .routines import routine_plan, routine_preselected, routines_offered
from .rules import AUTOMATIC_STOP_REASONS, COMFORT_MAX, COMFORT_MIN
from .stopping import session_report_pain, session_stop, session_stop_reason_record

RATINGS = range(COMFORT_MIN, COMFORT_MAX + 1)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _to_screening(request: HttpRequest, partner: Partner) -> HttpResponse:
    messages.info(
        request,
        _("A valid safety screening comes first: please answer the questions again."),
    )
    return _redirect(request, reverse("screening:questionnaire", args=[partner.pk]))


def _session_for(request: HttpRequest, session_id: int) -> GuidedSession:
    session = get_object_or_404(
        GuidedSession.objects.select_related("partner"),
        pk=session_id,
        partner__account=request.user,
    )
    return session_abandon_if_idle(session=session)


def _screening_gate(request: HttpRequest, session: GuidedSession) -> HttpResponse | None:
    """No bypass: a session in progress continues only while its partner has a valid
    cleared screening; without one, every session URL but STOP sends the person to the
    questionnaire. STOP never goes through this gate."""
    if session.state == SessionState.ACTIVE and not session_screening_valid(session=session):
        return _to_screening(request, session.partner)
    return None


def history_url(session: GuidedSession) -> str:
    try:
        return reverse("history:detail", args=[session.pk])
    except NoReverseMatch:
        return reverse("history:list")


def session_urls(session: GuidedSession, token: str | None = None) -> dict:
    """Where the panel's forms post. The account holder's phone has them all; a joined
    phone (`sessions.joined_views`, by its token) only the ratings, pain, STOP and its own
    refresh — every other form is left out of its panels."""
    if token is not None:
        return {
            name: reverse(f"joined:{name}", args=[token])
            for name in ("check_in", "stop", "state", "live")
        }
    return {
        name: reverse(f"sessions:{name}", args=[session.pk])
        for name in ("advance", "check_in", "finish", "stop", "stop_reason", "lean", "state")
    }


def _context(session: GuidedSession, *, token: str | None = None, **extra) -> dict:
    panel = session_panel(session=session)
    joined = token is not None
    context = {
        "session": session,
        "partner": session.partner,
        "panel": panel,
        "joined": joined,
        "urls": session_urls(session, token),
        "timer": lean_timer_state(session) if panel.kind == PanelKind.LEAN else None,
        # The account holder's phone says whether the receiver's phone follows.
        "sharing": None if joined or not panel.in_progress else invites_open(session=session),
        "step": panel.step,
        "ratings": RATINGS,
        "recorded": session_ratings(session=session),
        "StopReason": StopReason,
        "history_url": history_url(session),
        "rest": partner_rest(partner=session.partner)
        if panel.kind == PanelKind.STOPPED and session.stop_reason in RESTING_REASONS
        else None,
        "stopped_by_rule": session.stop_reason in AUTOMATIC_STOP_REASONS,
    }
    context["sharing_joined"] = any(invite.joined_at for invite in context["sharing"] or ())
    if panel.kind == PanelKind.FINISH and "finish_form" not in extra:
        context["finish_form"] = FinishForm(initial={"step_index": session.position})
    if panel.kind == PanelKind.FINISH:
        # Not asked again: the finish panel says which rating counts as "after".
        context["after_comfort"] = session_last_lean_comfort(session=session)
    if panel.kind == PanelKind.STOPPED and "reason_form" not in extra:
        context["reason_form"] = StopReasonForm()
    if not panel.in_progress:
        context["duration"] = session.duration_display
        context["relief"] = session.relief
        context["worse_after"] = session_worse_after(session=session)
    context.update(extra)
    return context


def _render(
    request: HttpRequest,
    session: GuidedSession,
    *,
    status: int = 200,
    token: str | None = None,
    **extra,
) -> HttpResponse:
    if request.htmx:
        template = "sessions/run.html#step"
    else:
        template = "sessions/run.html"
        extra["config"] = session_script_config(session=session)
    return render(request, template, _context(session, token=token, **extra), status=status)


def _after_write(
    request: HttpRequest, session: GuidedSession, *, token: str | None = None
) -> HttpResponse:
    if request.htmx:
        # A stop rule ends the session like STOP does: release first.
        stopped_by_rule = session.stop_reason in AUTOMATIC_STOP_REASONS
        return _render(request, session, token=token, release_prompt=stopped_by_rule)
    if token is not None:
        return redirect("joined:live", token=token)
    return redirect("sessions:run", session_id=session.pk)


def _conflict(
    request: HttpRequest, session: GuidedSession, *, token: str | None = None
) -> HttpResponse:
    """A write the session cannot accept: nothing is written; the panel where the session
    really is, with the message in it (htmx swaps 409 in, see templates/base.html)."""
    session.refresh_from_db()
    return _render(request, session, status=409, token=token, conflict=True)


def _resting(request: HttpRequest, partner: Partner, rest: Rest) -> HttpResponse:
    """The start refused for rest today: the page says why and until when (409 to a POST)."""
    status = 409 if request.method == "POST" else 200
    return render(request, "sessions/rest.html", {"partner": partner, "rest": rest}, status=status)


def _start_session(request: HttpRequest, partner: Partner, routine: Routine | None) -> HttpResponse:
    try:
        # The same gates whatever the routine: screening and rest are checked again.
        session = session_start(partner=partner, routine=routine)
    except ScreeningRequired:
        return _to_screening(request, partner)
    except RestRequired as refused:
        return _resting(request, partner, refused.rest)
    except UnsafeRoutine:
        messages.error(
            request,
            _(
                "This routine cannot start: it does not agree the stop signal and take a "
                "starting comfort rating before the first lean. Please ask the site's staff."
            ),
        )
        return redirect("home")
    except NoRoutine:
        messages.error(request, _("No routine is set up yet. Please ask the site's staff."))
        return redirect("home")
    return redirect("sessions:run", session_id=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    verdict = screening_verdict(latest=screening_latest(partner=partner))
    if verdict.status in (ScreeningStatus.BLOCKED, ScreeningStatus.EMERGENCY):
        # Not advised: the result says why; starting anyway is not offered.
        return redirect("screening:result", screening_id=verdict.screening.pk)
    screening = verdict.screening if verdict.allows_session else None
    if screening is None:
        messages.info(request, _("A safety screening comes first."))
        return redirect("screening:questionnaire", partner_id=partner.pk)
    active = session_active_for(partner=partner)
    if active is not None and request.method == "POST":
        return redirect("sessions:run", session_id=active.pk)
    if active is None and (rest := partner_rest(partner=partner)) is not None:
        return _resting(request, partner, rest)
    # On the day of the screening the "has anything changed?" check is skipped.
    form = None
    if not screening.taken_today:
        form = PreSessionForm(request.POST if request.method == "POST" else None)
    posted = request.method == "POST"
    # The routine comes with the start, from either form; a POST without one (a page from
    # before the choice existed) starts the preselected routine, as the radio group would.
    routine_form = RoutineChoiceForm(request.POST) if posted and "routine" in request.POST else None
    routine_valid = routine_form is None or routine_form.is_valid()
    if posted and (form is None or form.is_valid()):
        if form is not None and form.cleaned_data["changed"] == "yes":
            messages.info(
                request,
                _("Thank you. Because something changed, please answer the screening again."),
            )
            return redirect("screening:questionnaire", partner_id=partner.pk)
        if routine_valid:
            if routine_form is not None:
                routine = routine_form.cleaned_data["routine"]
            else:
                routine = routine_preselected(partner=partner, offered=list(routines_offered()))
            return _start_session(request, partner, routine)
    red_flags = []
    if form is not None:
        red_flags = list(
            Question.objects.filter(active=True, severity=Severity.EMERGENCY)
            .order_by("position", "pk")
            .values_list("text", flat=True)
        )
    context = {
        "partner": partner,
        "screening": screening,
        "valid_until": screening_valid_until(screening=screening),
        "form": form,
        "active": active,
        "active_panel": session_panel(session=active) if active else None,
        "red_flags": red_flags,
        "routine_chosen": request.POST.get("routine") if routine_form else None,
        "routine_error": "" if routine_valid else routine_form.errors["routine"][0],
    }
    # Back with a POST only when a form (the check, the routine) needs correcting.
    status = 422 if posted else 200
    return render(request, "sessions/start.html", context, status=status)


@login_required
@require_GET
def run(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id)
    if (refused := _screening_gate(request, session)) is not None:
        return refused
    return _render(request, session)


def _session_write(
    request: HttpRequest,
    session: GuidedSession,
    form,
    *,
    action: str,
    form_name: str | None,
    write: Callable[[GuidedSession, dict], GuidedSession],
    token: str | None = None,
) -> HttpResponse:
    """The one path of every step write (advance, check-in, finish, the lean's timer; a
    joined phone's rating with its `token`): the screening gate, the form (a wrong value on
    the current step is 422 in its form; anything else is a stale or forged tap, 409), one
    engine call, the next panel."""
    if token is not None:
        # The joined phone cannot answer the questionnaire: it is told to wait (409).
        if session.state == SessionState.ACTIVE and not session_screening_valid(session=session):
            return _conflict(request, session, token=token)
    elif (refused := _screening_gate(request, session)) is not None:
        return refused
    if not form.is_valid():
        if form_name is None or not _answers_this_step(session, form, action):
            return _conflict(request, session, token=token)
        return _render(request, session, status=422, token=token, **{form_name: form})
    try:
        session = write(session, form.cleaned_data)
    except (SessionClosed, StaleStep):
        return _conflict(request, session, token=token)
    return _after_write(request, session, token=token)


def _answers_this_step(session: GuidedSession, form, kind: str) -> bool:
    """The form names the step the session shows for this kind of action (or is its exact
    repeat), so a wrong value in it is the person's to correct (422), not a stale tap (409)."""
    if "step_index" in form.errors or "repetition" in form.errors:
        return False
    step = form.cleaned_data["step_index"]
    repetition = form.cleaned_data.get("repetition", 0)
    return actions.expects(session, kind, step, repetition)


@login_required
@require_POST
def advance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id)
    return _session_write(
        request,
        session,
        ReleaseForm(request.POST),
        action=actions.ADVANCE,
        form_name=None,  # no step named: forged, never a real button
        write=lambda session, data: session_advance(session=session, **data),
    )


@login_required
@require_POST
def check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id)
    if CheckInForm.reports_pain(request.POST):
        # Like STOP: before any other check, whatever step it names, no screening gate.
        session = session_report_pain(session=session)
        return _after_write(request, session)
    return _session_write(
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
    )


@login_required
@require_POST
def finish(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id)
    return _session_write(
        request,
        session,
        FinishForm(request.POST),
        action=actions.FINISH,
        form_name="finish_form",
        # Only the note: a comfort an old page still sends is not in the form, so ignored.
        write=lambda session, data: session_finish(
            session=session, step_index=data["step_index"], note=data["note"]
        ),
    )


@login_required
@require_POST
def stop(request: HttpRequest, session_id: int) -> HttpResponse:
    # STOP is always allowed: no screening check, no confirmation, never refused.
    session = _session_for(request, session_id)
    session = session_stop(session=session)
    return _render(request, session, release_prompt=True)


@login_required
@require_POST
def stop_reason(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_for(request, session_id)
    form = StopReasonForm(request.POST)
    if not form.is_valid():
        return _render(request, session, status=422, release_prompt=True, reason_form=form)
    try:
        session = session_stop_reason_record(session=session, reason=form.cleaned_data["reason"])
    except SessionClosed:
        return _conflict(request, session)
    return _after_write(request, session)


@staff_member_required
@require_GET
def routine_preview(request: HttpRequest, routine_id: int) -> HttpResponse:
    """ "View as user" from admin: the routine's steps as a session would show them now."""
    routine = get_object_or_404(Routine, pk=routine_id)
    steps = [
        {"step": step, "pictures": snapshot_pictures(step_snapshot(step))}
        for step in routine.steps.order_by("position", "pk")
    ]
    return render(
        request,
        "sessions/routine_preview.html",
        {"routine": routine, "steps": steps, "ratings": RATINGS},
    )


@login_required
@require_GET
def routines(request: HttpRequest, partner_id: int) -> HttpResponse:
    """Every routine offered at the start, step by step, for the partners choosing one.

    Routines are site-wide; the partner in the URL (one of the account's, else 404) is
    only where "Back" leads.
    """
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    offered = [(routine, routine_plan(routine)) for routine in routines_offered()]
    return render(request, "sessions/routines.html", {"partner": partner, "offered": offered})
