"""An account's email address: optional, confirmed by a mailed link, used only for resets.

The address is the account's ``User.email``. It counts as confirmed only while it equals
``AccountEmail.confirmed_address``: adding or changing it makes it unconfirmed until the
link mailed to the new address is used. The link carries a signed, timestamped token that
names the account and (by a hash) the address (django.core.signing with its own salt); it works for
CONFIRM_LINK_MAX_AGE and only while that address is still the account's.

Changing the address asks for the current password, checked through ``authenticate()`` like
a log-in, so django-axes counts a wrong one toward the same lockout.
"""

import hashlib
import logging
from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import password_confirmed
from .forms import PlainLabels
from .models import AccountEmail
from .throttle import confirmation_mail_allowed

logger = logging.getLogger(__name__)

CONFIRM_SALT = "decompress.email_address.confirm"
CONFIRM_LINK_MAX_AGE = timedelta(days=3)


def normalize(address: str) -> str:
    return BaseUserManager.normalize_email(address.strip())


def is_confirmed(account: AbstractBaseUser) -> bool:
    address = getattr(account, "email", "")
    if not address:
        return False
    return AccountEmail.objects.filter(account=account, confirmed_address=address.lower()).exists()


@transaction.atomic
def set_address(*, account: AbstractBaseUser, address: str) -> None:
    """A new, changed or removed ("") address: unconfirmed until its link is used."""
    account.email = address
    account.save(update_fields=["email"])
    AccountEmail.objects.filter(account=account).delete()


def _address_digest(address: str) -> str:
    # The token names the address by a hash: links end up in access logs.
    return hashlib.sha256(address.lower().encode()).hexdigest()[:24]


def confirmation_token(account: AbstractBaseUser) -> str:
    return signing.dumps([account.pk, _address_digest(account.email)], salt=CONFIRM_SALT)


def read_token(token: str) -> tuple[AbstractBaseUser, str] | None:
    """The account and address a valid, unexpired token names, while it is still theirs."""
    try:
        pk, digest = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_LINK_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    account = get_user_model()._default_manager.filter(pk=pk, is_active=True).first()
    if account is None or not account.email or _address_digest(account.email) != digest:
        return None
    return account, account.email


def confirm(*, account: AbstractBaseUser, address: str) -> None:
    AccountEmail.objects.update_or_create(
        account=account,
        defaults={"confirmed_address": address.lower(), "confirmed_at": timezone.now()},
    )


def send_confirmation(request: HttpRequest, account: AbstractBaseUser) -> bool:
    """Mail the confirmation link to the account's address; False if none went out."""
    if not account.email or not confirmation_mail_allowed(account.pk):
        return False
    link = request.build_absolute_uri(
        reverse("account_email_confirm", args=[confirmation_token(account)])
    )
    context = {"username": account.get_username(), "link": link, "days": 3}
    subject = "".join(render_to_string("registration/email_confirm_subject.txt").splitlines())
    body = render_to_string("registration/email_confirm_email.txt", context)
    try:
        send_mail(subject, body, None, [account.email])
    except Exception:
        logger.exception("Could not send the confirmation email of account %s", account.pk)
        return False
    return True


class EmailChangeForm(PlainLabels, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Only used to send you a link if you forget your password. Leave it empty to remove it."
        ),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if not request.user.email:
            self.fields["email"].help_text = _(
                "Only used to send you a link if you forget your password."
            )

    def clean_email(self) -> str:
        return normalize(self.cleaned_data["email"])

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not password_confirmed(request=self.request, password=password):
            raise forms.ValidationError(
                _("That password is not right. Nothing was changed."), code="password_incorrect"
            )
        return password
