"""History pages: validate, call one selector or service, render.

Templates live in `templates/sessions/history/`; htmx requests get the partial named in
the template (`#history-rows`, `#note`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from decompress.models import Partner
from sessions.models import GuidedSession

from .charts import trend_chart, trend_summary, week_chart
from .exports import export_csv_stream, export_filename, export_json_stream
from .forms import HistoryFilterForm, NoteForm
from .rows import history_rows
from .selectors import (
    history_session,
    history_sessions,
    partner_trend_points,
    partner_weekly_counts,
)
from .services import session_delete, session_note_set
from .timeline import session_timeline

PAGE_SIZE = 25


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _first_shown(value: str | None, default: int) -> int:
    try:
        return min(max(int(value or default), 1), default)
    except ValueError:
        return default


@login_required
@require_GET
def session_list(request: HtmxHttpRequest) -> HttpResponse:
    form = HistoryFilterForm(request.GET or None, account=request.user)
    partner, outcome = None, ""
    if form.is_bound and form.is_valid():
        partner, outcome = form.cleaned_data["partner"], form.cleaned_data["outcome"]
    sessions = history_sessions(account=request.user, partner=partner, outcome=outcome)
    # Page through ids alone, then load just the rows shown: otherwise the database
    # computes every row's annotations before sorting the whole history.
    page = Paginator(sessions.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    filters = {
        key: value
        for key, value in (("partner", partner.pk if partner else ""), ("outcome", outcome))
        if value
    }
    context = {
        "form": form,
        "page": page,
        "rows": history_rows(sessions.filter(pk__in=list(page.object_list))),
        "filtered": bool(filters),
        "query": urlencode(filters),
        # The first row on screen: after "load older sessions" the page keeps earlier rows.
        "first_shown": _first_shown(request.GET.get("first"), page.start_index()),
    }
    template = "sessions/history/list.html"
    if request.htmx:
        template += "#history-rows"
    return render(request, template, context)


def _detail_context(session: GuidedSession, note_form: NoteForm) -> dict:
    return {
        "session": session,
        "timeline": session_timeline(session=session),
        "note_form": note_form,
    }


@login_required
@require_GET
def session_detail(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(history_session(account=request.user, session_id=session_id))
    form = NoteForm(initial={"note": session.note})
    return render(request, "sessions/history/detail.html", _detail_context(session, form))


@login_required
@require_POST
def session_note(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(history_session(account=request.user, session_id=session_id))
    form = NoteForm(request.POST)
    if form.is_valid():
        session_note_set(session=session, note=form.cleaned_data["note"])
        if not request.htmx:
            messages.success(request, _("Note saved."))
            return redirect("history:detail", session_id=session.pk)
        form = NoteForm(initial={"note": session.note})
        context = {**_detail_context(session, form), "note_saved": True}
        return render(request, "sessions/history/detail.html#note", context)
    template = "sessions/history/detail.html"
    if request.htmx:
        template += "#note"
    return render(request, template, _detail_context(session, form), status=422)


@login_required
@require_http_methods(["GET", "POST"])
def session_delete_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(
        history_session(account=request.user, session_id=session_id).defer("steps")
    )
    if request.method == "POST":
        session_delete(session=session)
        messages.success(request, _("The session was deleted."))
        return redirect("history:list")
    return render(request, "sessions/history/confirm_delete.html", {"session": session})


@login_required
@require_GET
def trends_index(request: HttpRequest) -> HttpResponse:
    partners = list(Partner.objects.filter(account=request.user))
    if len(partners) == 1:
        return redirect("history:trends", partner_id=partners[0].pk)
    return render(request, "sessions/history/trends_index.html", {"partners": partners})


@login_required
@require_GET
def trends(request: HttpRequest, partner_id: int) -> HttpResponse:
    partners = list(Partner.objects.filter(account=request.user))
    partner = next((p for p in partners if p.pk == partner_id), None)
    if partner is None:
        raise Http404
    points = partner_trend_points(partner=partner)
    context = {
        "partner": partner,
        "partners": partners,
        "chart": trend_chart(points=points),
        "weeks": week_chart(weeks=partner_weekly_counts(partner=partner)),
        "summary": trend_summary(points=points),
    }
    return render(request, "sessions/history/trends.html", context)


EXPORTS = {
    "csv": (export_csv_stream, "text/csv; charset=utf-8"),
    "json": (export_json_stream, "application/json; charset=utf-8"),
}


@login_required
@require_GET
def export(request: HttpRequest, extension: str) -> StreamingHttpResponse:
    """Everything the account owns, as a download (`extension`: a key of EXPORTS)."""
    stream, content_type = EXPORTS[extension]
    response = StreamingHttpResponse(stream(account=request.user), content_type=content_type)
    filename = export_filename(extension=extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
