from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect, push_url
from django_htmx.middleware import HtmxDetails

from decompress.models import Partner
from decompress.rest import partner_rest

from .forms import ScreeningPageForm
from .guard import screening_current, screening_latest, screening_valid_until
from .models import Question, Screening, Severity
from .pages import Attempt, Page, attempt_answer_page, attempt_forget, attempt_open


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _active_questions() -> list[Question]:
    return list(Question.objects.filter(active=True).order_by("position", "pk"))


def _unavailable(request: HttpRequest, partner: Partner) -> HttpResponse:
    # No questions means no screening at all: never let that read as "cleared".
    return render(request, "screening/unavailable.html", {"partner": partner}, status=503)


def page_url(partner: Partner, page: Page) -> str:
    return reverse(f"screening:{page.value}", args=[partner.pk])


def _go(request: HtmxHttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_GET
def questionnaire(request: HttpRequest, partner_id: int) -> HttpResponse:
    """The way in: the first page of this partner's attempt that is still open."""
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    questions = _active_questions()
    if not questions:
        return _unavailable(request, partner)
    attempt, dropped = attempt_open(store=request.session, partner=partner, questions=questions)
    if dropped:
        messages.info(request, _("The questions changed since you started. Please start again."))
    return redirect(page_url(partner, attempt.first_open_page() or attempt.pages[0]))


@login_required
@require_http_methods(["GET", "POST"])
def page(request: HtmxHttpRequest, partner_id: int, page: Page) -> HttpResponse:
    """One page of the questionnaire: "Do any of these apply?"."""
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    questions = _active_questions()
    if not questions:
        return _unavailable(request, partner)
    attempt, dropped = attempt_open(store=request.session, partner=partner, questions=questions)
    if dropped and request.method == "POST":
        return _refuse_tampered(request, partner)
    if dropped:
        messages.info(request, _("The questions changed since you started. Please start again."))
        return redirect(page_url(partner, attempt.pages[0]))
    if page not in attempt.questions:
        return _go(request, page_url(partner, attempt.first_open_page() or attempt.pages[0]))
    if request.method == "POST" and attempt.is_ahead(page):
        messages.info(request, _("Please answer this page first: the pages go in order."))
        return _go(request, page_url(partner, attempt.first_open_page() or attempt.pages[0]))

    form = _page_form(attempt, page, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_tampered():
            return _refuse_tampered(request, partner)
        if form.is_valid():
            screening = attempt_answer_page(
                store=request.session,
                partner=partner,
                attempt=attempt,
                page=page,
                ticked=form.ticked(),
                caution_confirmed=form.cleaned_data["caution_confirmed"],
            )
            if screening is not None:
                return _go(request, reverse("screening:result", args=[screening.pk]))
            # Not the last page (the last one keeps the screening): there is a next one.
            following = attempt.next_page(page) or attempt.pages[-1]
            if not request.htmx:
                return redirect(page_url(partner, following))
            response = _render_page(request, partner, attempt, following, swap=True)
            return push_url(response, page_url(partner, following))

    return _render_page(
        request, partner, attempt, page, form=form, swap=bool(request.htmx and form.is_bound)
    )


def _page_form(attempt: Attempt, page: Page, data=None) -> ScreeningPageForm:
    """The page's form; an answer already given in this attempt shows as given."""
    return ScreeningPageForm(
        data,
        questions=attempt.questions[page],
        fingerprint=attempt.fingerprint,
        initial={
            "item": attempt.answers.get(page, []),
            "caution_confirmed": attempt.caution_confirmed,
        },
    )


def _render_page(
    request: HtmxHttpRequest,
    partner: Partner,
    attempt: Attempt,
    page: Page,
    *,
    form: ScreeningPageForm | None = None,
    swap: bool = False,
) -> HttpResponse:
    if form is None:
        form = _page_form(attempt, page)
    number = attempt.number(page)
    current = screening_current(partner=partner) if number == 1 else None
    previous = attempt.pages[number - 2] if number > 1 else None
    context = {
        "partner": partner,
        "form": form,
        "fingerprint": attempt.fingerprint,
        "action": page_url(partner, page),
        "page": page,
        "Page": Page,
        "number": number,
        "count": len(attempt.pages),
        "steps": [
            {"page": p, "done": p in attempt.answers, "current": p == page} for p in attempt.pages
        ],
        "previous_url": previous and page_url(partner, previous),
        "last": number == len(attempt.pages),
        "swapped": swap,
        "current": current,
        "current_valid_until": current and screening_valid_until(screening=current),
    }
    template = "screening/questionnaire.html"
    if swap:
        template += "#swap"
    return render(request, template, context, status=422 if form.is_bound else 200)


def _refuse_tampered(request: HtmxHttpRequest, partner: Partner) -> HttpResponse:
    """A post this page could not have sent, or one made stale by an admin edit: save
    nothing, and start the attempt again."""
    attempt_forget(store=request.session, partner=partner)
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
        "rest_answers": [a for a in answers if a["severity"] == Severity.REST],
        "rest": partner_rest(partner=partner),
    }
    return render(request, "screening/result.html", context)


@require_GET
def back_care(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/back_care.html")
