"""Calendar files: a partner's reminder, and the account's subscribable feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from decompress.models import Reminder
from decompress.reminders import (
    account_reminders,
    feed_account,
    feed_active,
    feed_replace,
    feed_revoke,
    reminders_calendar,
)


def _calendar_response(account, reminders, filename: str) -> HttpResponse:
    response = HttpResponse(
        reminders_calendar(account=account, reminders=reminders),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def partner_reminder_ics(request: HttpRequest, partner_id: int) -> HttpResponse:
    reminder = get_object_or_404(
        Reminder.objects.select_related("partner"),
        partner_id=partner_id,
        partner__account=request.user,
    )
    return _calendar_response(request.user, [reminder], "decompress-reminder.ics")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The account's private calendar address: made, replaced or stopped with one tap."""
    token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            feed_revoke(account=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("calendar_feed")
        if action != "replace":
            return render(request, "400.html", status=400)
        token = feed_replace(account=request.user)
    context = {
        "feed": feed_active(request.user),
        "feed_url": request.build_absolute_uri(reverse("calendar_feed_ics", args=[token]))
        if token
        else "",
        "reminders": account_reminders(request.user),
    }
    return render(request, "decompress/calendar_feed.html", context)


@require_safe
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """What a calendar app polls: no log-in, read-only, 404 once revoked."""
    account = feed_account(token)
    if account is None:
        raise Http404
    return _calendar_response(account, account_reminders(account), "decompress.ics")
