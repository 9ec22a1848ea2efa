"""Starting a session: the start page (screening, rest, the "has anything changed?"
check, the routine), and the routines to choose from.
"""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from decompress import scale
from decompress.models import Partner, Rest
from decompress.rest import RestRequired, partner_rest
from screening.guard import (
    ScreeningStatus,
    questions_added_last,
    screening_latest,
    screening_valid_until,
    screening_verdict,
)
from screening.models import Question, Severity
from sessions.engine import (
    NoRoutine,
    ScreeningRequired,
    UnsafeRoutine,
    session_active_for,
    session_start,
)
from sessions.forms import (
    PreSessionForm,
    RoutineChoiceForm,
)
from sessions.models import Routine
from sessions.panels import session_panel, snapshot_pictures
from sessions.routines import routine_plan, routine_preselected, routines_offered
from sessions.steps import step_snapshot

from .respond import to_screening


def _resting(request: HttpRequest, partner: Partner, rest: Rest) -> HttpResponse:
    """The start refused for rest today: the page says why and until when (409 to a POST)."""
    status = 409 if request.method == "POST" else 200
    return render(request, "sessions/rest.html", {"partner": partner, "rest": rest}, status=status)


def _start_session(request: HttpRequest, partner: Partner, routine: Routine | None) -> HttpResponse:
    try:
        # The same gates whatever the routine: screening and rest are checked again.
        session = session_start(partner=partner, routine=routine)
    except ScreeningRequired:
        return to_screening(request, partner)
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
    verdict = screening_verdict(
        latest=screening_latest(partner=partner), questions_added=questions_added_last()
    )
    if verdict.status in (ScreeningStatus.BLOCKED, ScreeningStatus.EMERGENCY):
        # Not advised: the result says why; starting anyway is not offered.
        return redirect("screening:result", screening_id=verdict.screening.pk)
    active = session_active_for(partner=partner)
    if verdict.status == ScreeningStatus.NEW_QUESTIONS and active is None:
        messages.info(
            request,
            _(
                "New safety questions were added since %(name)s last answered them. Please "
                "answer the questions again before the next session."
            )
            % {"name": partner.name},
        )
        return redirect("screening:questionnaire", partner_id=partner.pk)
    resumes = active is not None and verdict.status == ScreeningStatus.NEW_QUESTIONS
    screening = verdict.screening if verdict.allows_session or resumes else None
    if screening is None:
        messages.info(request, _("A safety screening comes first."))
        return redirect("screening:questionnaire", partner_id=partner.pk)
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
        {"routine": routine, "steps": steps, "ratings": scale.ratings()},
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
