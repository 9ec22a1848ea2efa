"""The single gate in front of every session entry point, and the status it derives.

The rule: only a partner's newest screening counts. It lets a session start or continue
when its outcome is `cleared` and it is younger than SCREENING_VALID_DAYS (settings;
default 30). A later blocked or emergency result cancels an earlier clearance; an expired
clearance needs the questions again. Every session URL re-checks this before it writes
(STOP excepted: stopping is never refused). Pages that only show a partner's status — the
home page — read the same verdict through `screening_statuses`, so they never offer a
session this gate would refuse.

New questions: a clearance taken before an active question was added (`Question.added_at`:
a new default, or one staff added) does not start another session until the new questions
are answered (`NEW_QUESTIONS`); a session already running carries on
(`screening_continues`), its answers were complete when it started.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decompress.models import Partner

from .models import Outcome, Question, Screening


class ScreeningStatus(models.TextChoices):
    """Where a partner stands with the safety screening, from their newest screening."""

    NONE = "none", _("Not done yet")
    CLEARED = "cleared", _("Cleared")
    EXPIRED = "expired", _("Expired")
    NEW_QUESTIONS = "new_questions", _("New questions to answer")
    BLOCKED = "blocked", _("Not advised")
    EMERGENCY = "emergency", _("Seek medical care")


@dataclass(frozen=True)
class ScreeningVerdict:
    status: ScreeningStatus
    screening: Screening | None

    @property
    def allows_session(self) -> bool:
        """True only when a session may start or continue."""
        return self.status == ScreeningStatus.CLEARED

    @property
    def valid_until(self) -> datetime | None:
        if self.screening is None or self.status != ScreeningStatus.CLEARED:
            return None
        return screening_valid_until(screening=self.screening)


def screening_valid_until(*, screening: Screening) -> datetime:
    return screening.created_at + timedelta(days=settings.SCREENING_VALID_DAYS)


def questions_added_last() -> datetime | None:
    """When the newest active question joined the set."""
    return Question.objects.filter(active=True).aggregate(Max("added_at"))["added_at__max"]


def screening_verdict(
    *,
    latest: Screening | None,
    now: datetime | None = None,
    questions_added: datetime | None = None,
) -> ScreeningVerdict:
    """The rule above, applied to a partner's newest screening (or None); with
    `questions_added` (`questions_added_last`), a clearance older than it has new questions
    to answer."""
    if latest is None:
        return ScreeningVerdict(ScreeningStatus.NONE, None)
    if latest.outcome == Outcome.EMERGENCY:
        return ScreeningVerdict(ScreeningStatus.EMERGENCY, latest)
    if latest.outcome != Outcome.CLEARED:
        return ScreeningVerdict(ScreeningStatus.BLOCKED, latest)
    if screening_valid_until(screening=latest) <= (now or timezone.now()):
        return ScreeningVerdict(ScreeningStatus.EXPIRED, latest)
    if questions_added is not None and latest.created_at < questions_added:
        return ScreeningVerdict(ScreeningStatus.NEW_QUESTIONS, latest)
    return ScreeningVerdict(ScreeningStatus.CLEARED, latest)


def screening_latest(*, partner: Partner) -> Screening | None:
    return Screening.objects.filter(partner=partner).order_by("-created_at", "-pk").first()


def screening_current(*, partner: Partner) -> Screening | None:
    """The partner's valid cleared screening with every question answered, or None: the
    gate in front of a new session."""
    verdict = screening_verdict(
        latest=screening_latest(partner=partner), questions_added=questions_added_last()
    )
    return verdict.screening if verdict.allows_session else None


def screening_continues(*, partner: Partner) -> Screening | None:
    """The partner's valid cleared screening, or None: the gate a running session passes
    on every write (questions added since it started do not stop it)."""
    verdict = screening_verdict(latest=screening_latest(partner=partner))
    return verdict.screening if verdict.allows_session else None


def screening_statuses(
    *, partners: Iterable[Partner], now: datetime | None = None
) -> dict[int, ScreeningVerdict]:
    """Each partner's verdict by partner id, in one query however many partners there are."""
    partners = list(partners)
    newest_first = Screening.objects.order_by("-created_at", "-pk")
    prefetch_related_objects(
        partners, Prefetch("screenings", queryset=newest_first[:1], to_attr="newest_screenings")
    )
    added = questions_added_last() if partners else None
    return {
        partner.pk: screening_verdict(
            latest=next(iter(partner.newest_screenings), None),  # type: ignore[attr-defined]
            now=now,
            questions_added=added,
        )
        for partner in partners
    }
