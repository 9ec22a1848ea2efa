"""Partners: the domain functions that write them, and the home page's partner cards."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Prefetch

from screening.guard import ScreeningStatus, ScreeningVerdict, screening_statuses
from sessions.engine import session_abandon_idle
from sessions.models import GuidedSession

from .models import Partner, Rest
from .rest import partners_rest, rest_share


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


@transaction.atomic
def partner_create(*, account: AbstractBaseUser, name: str, rests: Iterable[Rest] = ()) -> Partner:
    """A new partner; `rests`: those of the person they are (`decompress.rest.rest_share`)."""
    partner = Partner.objects.create(account=account, name=name)
    for rest in rests:
        rest_share(rest=rest, partner=partner)
    return partner


@transaction.atomic
def partner_rename(*, partner: Partner, name: str, rests: Iterable[Rest] = ()) -> Partner:
    partner.name = name
    partner.save(update_fields=["name"])
    for rest in rests:
        rest_share(rest=rest, partner=partner)
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner) -> None:
    """Removes the partner with their screenings, sessions and check-ins."""
    partner.delete()
