"""The questions asked of guided sessions: whose, in progress, idle, ended."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from .choices import SessionState
from .durations import abandon_cutoff


class GuidedSessionQuerySet(models.QuerySet):
    def for_account(self, account: AbstractBaseUser) -> "GuidedSessionQuerySet":
        """Ownership is part of the query: another account's sessions are never in it."""
        return self.filter(partner__account=account)

    def active(self) -> "GuidedSessionQuerySet":
        return self.filter(state=SessionState.ACTIVE)

    def idle(self, now: datetime | None = None) -> "GuidedSessionQuerySet":
        """In progress, but untouched for SESSION_ABANDON_MINUTES: due to be abandoned."""
        return self.active().filter(last_activity_at__lt=abandon_cutoff(now))

    def ended(self) -> "GuidedSessionQuerySet":
        return self.exclude(state=SessionState.ACTIVE)
