"""The home page and the partners' pages: add, rename, remove, the reminder."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from decompress.forms import PartnerForm
from decompress.home import partners_for_home
from decompress.models import Partner, Reminder
from decompress.partners import partner_create, partner_delete, partner_rename
from decompress.reminders import (
    ReminderForm,
    feed_active,
    reminder_set,
    reminder_summary,
)
from decompress.timezones import account_time_zone


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "decompress/welcome.html")
    cards = partners_for_home(account=request.user)
    if not cards:
        return redirect("partner_add")
    return render(request, "decompress/home.html", {"cards": cards})


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None, account=request.user)
    if request.method == "POST" and form.is_valid():
        partner = partner_create(
            account=request.user, name=form.cleaned_data["name"], rests=form.rests_to_share
        )
        messages.success(request, _("%(name)s was added.") % {"name": partner.name})
        return redirect("home")
    first = not Partner.objects.filter(account=request.user).exists()
    status = 422 if request.method == "POST" else 200
    return render(
        request, "decompress/partner_form.html", {"form": form, "first": first}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    form = PartnerForm(request.POST or None, instance=partner, account=request.user)
    if request.method == "POST" and form.is_valid():
        partner_rename(partner=partner, name=form.cleaned_data["name"], rests=form.rests_to_share)
        messages.success(request, _("Renamed to %(name)s.") % {"name": partner.name})
        return redirect("home")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "decompress/partner_form.html", {"form": form, "partner": partner}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_delete_view(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    if request.method == "POST":
        name = partner.name
        partner_delete(partner=partner)
        messages.success(request, _("%(name)s and their history were removed.") % {"name": name})
        return redirect("home")
    return render(request, "decompress/partner_confirm_delete.html", {"partner": partner})


@login_required
@require_http_methods(["GET", "POST"])
def partner_reminder(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    reminder = Reminder.objects.filter(partner=partner).first()
    if request.method == "POST" and request.POST.get("action") == "remove":
        Reminder.objects.filter(partner=partner).delete()
        messages.success(request, _("The reminder for %(name)s was removed.") % {
            "name": partner.name
        })  # fmt: skip
        return redirect("partner_reminder", partner_id=partner.pk)
    initial = {"weekdays": reminder.weekdays, "time": reminder.time} if reminder else None
    form = ReminderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reminder_set(partner=partner, weekdays=form.cleaned_data["weekdays"],
                     at=form.cleaned_data["time"])  # fmt: skip
        messages.success(request, _("Reminder saved. Add it to your calendar below."))
        return redirect("partner_reminder", partner_id=partner.pk)
    context = {
        "partner": partner,
        "form": form,
        "reminder": reminder,
        "summary": reminder_summary(reminder) if reminder else "",
        "zone": (account_time_zone(request.user) or settings.TIME_ZONE).replace("_", " "),
        "feed": feed_active(request.user),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "decompress/reminder.html", context, status=status)
