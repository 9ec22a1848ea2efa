from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from screening.models import Outcome, Screening
from sessions.engine import session_abandon_idle
from sessions.models import GuidedSession, SessionState

from .forms import PartnerForm, PasswordChangeForm, SignUpForm
from .models import Partner
from .partners import partner_create, partner_delete, partner_rename
from .throttle import signup_allowed


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "decompress/welcome.html")
    # Idle sessions are closed lazily, here as anywhere sessions are loaded.
    session_abandon_idle(account=request.user)
    latest = Screening.objects.filter(partner=OuterRef("pk")).order_by("-created_at", "-pk")
    # Constant queries whatever the number of partners: annotations and one prefetch.
    partners = list(
        Partner.objects.filter(account=request.user)
        .annotate(
            screening_outcome=Subquery(latest.values("outcome")[:1]),
            screening_at=Subquery(latest.values("created_at")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "guided_sessions",
                queryset=GuidedSession.objects.filter(state=SessionState.ACTIVE).order_by(
                    "-started_at", "-pk"
                ),
                to_attr="active_sessions",
            )
        )
    )
    if not partners:
        return redirect("partner_add")
    valid_after = timezone.now() - timedelta(days=settings.SCREENING_VALID_DAYS)
    for partner in partners:
        partner.active_session = partner.active_sessions[0] if partner.active_sessions else None
        if partner.screening_outcome is None:
            partner.screening_state = "none"
        elif partner.screening_outcome != Outcome.CLEARED:
            partner.screening_state = partner.screening_outcome
        elif partner.screening_at <= valid_after:
            partner.screening_state = "expired"
        else:
            partner.screening_state = "cleared"
            partner.screening_valid_until = partner.screening_at + timedelta(
                days=settings.SCREENING_VALID_DAYS
            )
    return render(request, "decompress/home.html", {"partners": partners})


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
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Next: who will receive the stretch?"))
        return redirect("partner_add")
    status = 422 if request.method == "POST" else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, with a form that checks the old password through authenticate()."""

    form_class = PasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None, account=request.user)
    if request.method == "POST" and form.is_valid():
        partner = partner_create(account=request.user, name=form.cleaned_data["name"])
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
        partner_rename(partner=partner, name=form.cleaned_data["name"])
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
