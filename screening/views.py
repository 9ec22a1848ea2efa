from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from decompress.models import Partner

from .forms import ScreeningForm
from .guard import screening_current, screening_latest, screening_valid_until
from .models import Question, Screening, Severity
from .rules import screening_record


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HtmxHttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    questions = list(Question.objects.filter(active=True).order_by("position", "pk"))
    if not questions:
        # No questions means no screening at all: never let that read as "cleared".
        return render(request, "screening/questionnaire.html", {"partner": partner}, status=503)

    form = ScreeningForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST":
        if form.is_tampered():
            return _refuse_tampered(request, partner)
        if form.is_valid():
            screening = screening_record(
                partner=partner,
                answers=form.answers(),
                caution_confirmed=form.cleaned_data["caution_confirmed"],
            )
            url = reverse("screening:result", args=[screening.pk])
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)

    current = screening_current(partner=partner)
    context = {
        "partner": partner,
        "form": form,
        "current": current,
        "current_valid_until": current and screening_valid_until(screening=current),
    }
    template = "screening/questionnaire.html"
    if request.htmx and form.is_bound:
        template += "#form"
    return render(request, template, context, status=422 if form.is_bound else 200)


def _refuse_tampered(request: HtmxHttpRequest, partner: Partner) -> HttpResponse:
    """A post this form could not have sent, or one made stale by an admin edit: save nothing."""
    url = reverse("screening:questionnaire", args=[partner.pk])
    if request.htmx:
        # htmx does not swap 4xx answers; send the browser to a fresh questionnaire instead.
        messages.error(
            request, _("The questions changed while you were answering. Nothing was saved.")
        )
        response = HttpResponseClientRedirect(url)
        response.status_code = 400
        return response
    return render(request, "screening/refused.html", {"partner": partner}, status=400)


@never_cache
@login_required
@require_GET
def result(request: HttpRequest, screening_id: int) -> HttpResponse:
    screening = get_object_or_404(
        Screening.objects.select_related("partner"),
        pk=screening_id,
        partner__account=request.user,
    )
    partner = screening.partner
    latest = screening_latest(partner=partner)
    current = screening_current(partner=partner)
    answers = screening.answered_yes
    context = {
        "screening": screening,
        "partner": partner,
        "is_latest": latest is not None and latest.pk == screening.pk,
        "is_current": current is not None and current.pk == screening.pk,
        "valid_until": screening_valid_until(screening=screening),
        "emergency_answers": [a for a in answers if a["severity"] == Severity.EMERGENCY],
        "block_answers": [a for a in answers if a["severity"] == Severity.BLOCK],
        "caution_answers": [a for a in answers if a["severity"] == Severity.CAUTION],
    }
    return render(request, "screening/result.html", context)


@require_GET
def back_care(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/back_care.html")
