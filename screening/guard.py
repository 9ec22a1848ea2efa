"""The single gate in front of every session entry point."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from decompress.models import Partner

from .models import Outcome, Screening


def screening_valid_until(*, screening: Screening) -> datetime:
    return screening.created_at + timedelta(days=settings.SCREENING_VALID_DAYS)


def screening_latest(*, partner: Partner) -> Screening | None:
    return Screening.objects.filter(partner=partner).order_by("-created_at", "-pk").first()


def screening_current(*, partner: Partner) -> Screening | None:
    """The partner's valid cleared screening, or None.

    Only the newest screening counts: a later blocked or emergency result cancels an
    earlier clearance, and a clearance expires after SCREENING_VALID_DAYS.
    """
    latest = screening_latest(partner=partner)
    if latest is None or latest.outcome != Outcome.CLEARED:
        return None
    if screening_valid_until(screening=latest) <= timezone.now():
        return None
    return latest
