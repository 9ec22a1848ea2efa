"""The home page's partner cards: each partner with their screening verdict, session in
progress and rest. The shell composes them from the apps; no app imports this module."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch

from decompress.models import Partner, Rest
from decompress.rest import partners_rest
from screening.guard import ScreeningStatus, ScreeningVerdict, screening_statuses
from sessions.idle import session_abandon_idle
from sessions.models import GuidedSession


@dataclass(frozen=True)
class PartnerCard:
    """What the home page shows for one partner."""

    partner: Partner
    screening: ScreeningVerdict
    active_session: GuidedSession | None
    rest: Rest | None = None

    @property
    def can_resume(self) -> bool:
        """A session in progress that the screening gate would let continue."""
        return self.active_session is not None and (
            self.screening.allows_session
            or self.screening.status == ScreeningStatus.NEW_QUESTIONS  # answered when it began
        )


def partners_for_home(*, account: AbstractBaseUser) -> list[PartnerCard]:
    """The account's partners with their screening verdict and session in progress.

    Idle sessions are marked abandoned first (the home page's one call to it, see
    `sessions.models`). Four queries whatever the number of partners.
    """
    session_abandon_idle(account=account)
    partners = list(
        Partner.objects.filter(account=account).prefetch_related(
            Prefetch(
                "guided_sessions",
                queryset=GuidedSession.objects.active().order_by("-started_at", "-pk"),
                to_attr="active_sessions",
            )
        )
    )
    verdicts = screening_statuses(partners=partners)
    rests = partners_rest(partners=partners)
    return [
        PartnerCard(
            partner=partner,
            screening=verdicts[partner.pk],
            active_session=partner.active_sessions[0] if partner.active_sessions else None,
            rest=rests[partner.pk],
        )
        for partner in partners
    ]
