"""Deleting an account: the password confirmation and the deletion itself.

Screenings and sessions are health data, so deleting the account deletes all of it:
account → partners (CASCADE) → screenings and sessions (CASCADE) → check-ins (CASCADE).
A session's screening is RESTRICT, which Django allows here because the session goes in
the same delete.

The password is checked through `django.contrib.auth.authenticate`, like a log-in, so
django-axes counts every wrong guess toward the same lockout (AXES_FAILURE_LIMIT wrong
passwords for one username from one address): a stolen, logged-in browser cannot be used
to guess the password here without limit.
"""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .forms import PlainLabels


def password_confirmed(*, request: HttpRequest, password: str) -> bool:
    """Is this the logged-in account's password? Checked like a log-in, so a wrong one
    counts toward the same lock-out (see above)."""
    account = request.user
    confirmed = authenticate(request=request, username=account.get_username(), password=password)
    return confirmed is not None and confirmed.pk == account.pk


class AccountDeleteForm(PlainLabels, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not password_confirmed(request=self.request, password=password):
            raise forms.ValidationError(
                _("That password is not right. Nothing was deleted."), code="password_incorrect"
            )
        return password


@transaction.atomic
def account_delete(*, account: AbstractBaseUser) -> None:
    """Deletes the account with its partners, screenings, sessions and check-ins."""
    from axes.models import AccessLog

    # Login records name the account too; the security lockouts (AccessAttempt) stay.
    AccessLog.objects.filter(username=account.get_username()).delete()
    account.delete()
