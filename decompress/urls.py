from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from sessions.history import report_views

from . import installable, password_reset
from .forms import LoginForm
from .views import accounts, calendar, healthz, partners

handler400 = "decompress.errors.bad_request"
handler403 = "decompress.errors.permission_denied"
handler500 = "decompress.errors.server_error"


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Browsers and the admin ask for /favicon.ico whatever the page links to.
    return HttpResponsePermanentRedirect(static("img/icon.svg"))


urlpatterns = [
    path("", partners.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("manifest.webmanifest", installable.manifest, name="manifest"),
    path("sw.js", installable.service_worker, name="service_worker"),
    path("offline/", installable.offline, name="offline"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/", accounts.account, name="account"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/delete/", accounts.account_delete_view, name="account_delete"),
    path("accounts/time-zone/", accounts.account_time_zone_view, name="account_time_zone"),
    path("accounts/email/", accounts.account_email, name="account_email"),
    path("accounts/email/resend/", accounts.account_email_resend, name="account_email_resend"),
    path(
        "accounts/email/confirm/<str:token>/",
        accounts.account_email_confirm,
        name="account_email_confirm",
    ),
    path(
        "accounts/password/reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/reset/<str:uidb64>/<str:token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("partners/add/", partners.partner_add, name="partner_add"),
    path("partners/<int:partner_id>/edit/", partners.partner_edit, name="partner_edit"),
    path("partners/<int:partner_id>/delete/", partners.partner_delete_view, name="partner_delete"),
    path("partners/<int:partner_id>/reminder/", partners.partner_reminder, name="partner_reminder"),
    path(
        "partners/<int:partner_id>/reminder.ics",
        calendar.partner_reminder_ics,
        name="partner_reminder_ics",
    ),
    path("accounts/calendar/", calendar.calendar_feed, name="calendar_feed"),
    path("calendar/<str:token>.ics", calendar.calendar_feed_ics, name="calendar_feed_ics"),
    path("report/<str:token>/", report_views.report_shared, name="report_shared"),
    path("screening/", include("screening.urls")),
    path("session/", include("sessions.urls")),
    # The receiver's phone, by invitation: short, so the link is easy to read out or type.
    path("j/", include("sessions.joined_urls")),
    path("history/", include("sessions.history.urls")),
    path("admin/", admin.site.urls),
]
