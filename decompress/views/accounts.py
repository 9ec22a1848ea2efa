"""The account's pages: sign-up, password, email, time zone, deleting it all."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from decompress import email_address
from decompress.accounts import AccountDeleteForm, account_delete
from decompress.forms import PasswordChangeForm, SignUpForm
from decompress.models import Partner
from decompress.throttle import signup_allowed
from decompress.timezones import BACKEND as TIME_ZONE_BACKEND
from decompress.timezones import TimeZoneForm, account_time_zone, account_time_zone_set, is_zone
from sessions.models import GuidedSession


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    # Every attempt counts, refused ones too: "that username exists" is what a prober wants.
    if request.method == "POST" and not signup_allowed(request):
        return render(request, "registration/signup_limited.html", status=429)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The browser's zone, filled in by static/js/timezone.js; none without JavaScript.
        if is_zone(guessed := request.POST.get("time_zone", "")):
            account_time_zone_set(account=user, name=guessed)
        login(request, user, backend=TIME_ZONE_BACKEND)
        messages.success(request, _("Welcome. Next: who will receive the stretch?"))
        if user.email:
            _confirmation_sent_message(request, email_address.send_confirmation(request, user))
        return redirect("partner_add")
    status = 422 if request.method == "POST" else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, with a form that checks the old password through authenticate()."""

    form_class = PasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    """The account's own page: password, email, time zone, a copy of the data, deleting it all."""
    zone = account_time_zone(request.user)
    context = {
        "email_confirmed": email_address.is_confirmed(request.user),
        "time_zone": zone,
        "time_zone_label": zone.replace("_", " "),
        "site_zone": settings.TIME_ZONE,
    }
    return render(request, "decompress/account.html", context)


def _confirmation_sent_message(request: HttpRequest, sent: bool) -> None:
    address = request.user.email
    if sent:
        messages.success(
            request,
            _("We sent a link to %(address)s. Open it to confirm the address.")
            % {"address": address},
        )
    else:
        messages.warning(
            request,
            _("No link could be sent to %(address)s just now. Try again in an hour.")
            % {"address": address},
        )


@login_required
@require_http_methods(["GET", "POST"])
def account_time_zone_view(request: HttpRequest) -> HttpResponse:
    chosen = account_time_zone(request.user)
    form = TimeZoneForm(request.POST or None, initial={"time_zone": chosen or settings.TIME_ZONE})
    if request.method == "POST" and form.is_valid():
        account_time_zone_set(account=request.user, name=form.cleaned_data["time_zone"])
        messages.success(request, _("Times are now shown in %(zone)s.") % {
            "zone": form.cleaned_data["time_zone"].replace("_", " ")
        })  # fmt: skip
        return redirect("account")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "guess": not chosen}
    return render(request, "decompress/account_time_zone.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def account_email(request: HttpRequest) -> HttpResponse:
    """Add, change or remove the address; the password is asked for (and counted by axes)."""
    initial = {"email": request.user.email}
    form = email_address.EmailChangeForm(request.POST or None, initial=initial, request=request)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["email"]
        if address.lower() == request.user.email.lower():
            return redirect("account")  # the same address: nothing to do
        email_address.set_address(account=request.user, address=address)
        if address:
            _confirmation_sent_message(
                request, email_address.send_confirmation(request, request.user)
            )
        else:
            messages.success(request, _("Your email address was removed."))
        return redirect("account")
    status = 422 if request.method == "POST" else 200
    return render(request, "decompress/account_email.html", {"form": form}, status=status)


@login_required
@require_POST
def account_email_resend(request: HttpRequest) -> HttpResponse:
    if request.user.email and not email_address.is_confirmed(request.user):
        _confirmation_sent_message(request, email_address.send_confirmation(request, request.user))
    return redirect("account")


@require_http_methods(["GET", "POST"])
def account_email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail: a page with one button, so that a mail scanner fetching the
    link confirms nothing; the POST confirms."""
    found = email_address.read_token(token)
    template = "decompress/account_email_confirm.html"
    if found is None:
        return render(request, template, {"state": "invalid"})
    account, address = found
    context = {"address": address, "username": account.get_username(), "state": "ask"}
    if email_address.is_confirmed(account):
        context["state"] = "done"
    elif request.method == "POST":
        email_address.confirm(account=account, address=address)
        context["state"] = "done"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(account=request.user)
        logout(request)
        messages.success(request, _("Your account and all its data were deleted."))
        return redirect("login")
    partners = list(Partner.objects.filter(account=request.user))
    context = {
        "form": form,
        "partners": partners,
        "partner_names": ", ".join(p.name for p in partners),
        "session_count": GuidedSession.objects.for_account(request.user).count(),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "decompress/account_delete.html", context, status=status)
