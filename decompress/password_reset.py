"""Password reset by email: Django's own views, with three rules of ours.

- The link goes only to a confirmed address (decompress.email_address) that exactly one
  account has confirmed. An address two accounts share gets nothing: the link could only
  reset one of them, and which one would be a guess.
- Every request looks the same: an unknown address, an unconfirmed one, a shared one and a
  request over the rate limit all lead to the same "check your email" page.
- Requests are limited per address and per client address (decompress.throttle); over the
  limit nothing is sent.

A link works once (Django's token changes with the password) and for
PASSWORD_RESET_TIMEOUT; a used or old one shows a page that says so and offers a new one.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from .forms import PASSWORD_RULES, PlainLabels
from .throttle import password_reset_allowed


class ResetRequestForm(PlainLabels, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Your email address")
        self.fields["email"].help_text = _("The address you confirmed for your account.")

    def get_users(self, email: str):
        matches = list(
            get_user_model()
            ._default_manager.filter(
                is_active=True,
                email__iexact=email,
                account_email__confirmed_address=email.strip().lower(),
            )
            .order_by()[:2]
        )
        if len(matches) != 1 or not matches[0].has_usable_password():
            return []
        return matches


class NewPasswordForm(PlainLabels, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_RULES
        self.fields["new_password2"].label = _("The same new password again")
        self.fields["new_password2"].help_text = ""


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: ResetRequestForm) -> HttpResponse:
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
