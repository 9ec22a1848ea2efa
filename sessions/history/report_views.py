"""The report pages: the owner's (choose notes, print, share) and the shared, view-only one."""

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from decompress.models import Partner
from decompress.timezones import account_time_zone

from .report import (
    MAX_NOTES,
    SHARE_DAYS,
    partner_report,
    report_note_choices,
    report_share_create,
    report_share_open,
    report_share_revoke,
    report_shares,
)


def _note_ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        if value.isdigit() and int(value) not in ids:
            ids.append(int(value))
    return ids[:MAX_NOTES]


def _owner_page(request: HttpRequest, partner: Partner, note_ids: list[int], **extra):
    context = {
        "partner": partner,
        "report": partner_report(partner=partner, note_session_ids=note_ids),
        "note_choices": report_note_choices(partner=partner),
        "chosen": note_ids,
        "max_notes": MAX_NOTES,
        "share_days": SHARE_DAYS,
        "shares": report_shares(partner=partner),
        "now": timezone.now(),
        **extra,
    }
    return render(request, "sessions/history/report.html", context)


@login_required
@require_GET
def report(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    return _owner_page(request, partner, _note_ids(request.GET.getlist("note")))


@login_required
@require_POST
def report_share(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    note_ids = _note_ids(request.POST.getlist("note"))
    token = report_share_create(partner=partner, note_session_ids=note_ids)
    url = request.build_absolute_uri(reverse("report_shared", args=[token]))
    return _owner_page(request, partner, note_ids, share_url=url)


@login_required
@require_POST
def report_share_stop(request: HttpRequest, partner_id: int, share_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    if report_share_revoke(partner=partner, share_id=share_id):
        messages.success(request, _("That link no longer opens the report."))
    return redirect("history:report", partner_id=partner.pk)


@require_GET
def report_shared(request: HttpRequest, token: str) -> HttpResponse:
    """No log-in: the token is the permission. Shown in the owner's time zone."""
    share = report_share_open(token=token, request=request)
    if share is None:
        raise Http404
    zone = account_time_zone(share.partner.account) or settings.TIME_ZONE
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        report = partner_report(partner=share.partner, note_session_ids=share.note_session_ids)
        return render(
            request, "sessions/history/report_shared.html", {"report": report, "share": share}
        )
