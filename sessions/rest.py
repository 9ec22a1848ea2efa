"""Rest today: after pain or a stop rule, no new session for that person until the next day.

The rule, which the start of a session, the home page's partner card and the aftercare
text all state alike:

- A session that stops for one of `RESTING_REASONS` — the reason "Pain" given after STOP,
  pain, tingling or numbness reported in a check-in, or an automatic stop rule (comfort 3
  or lower, or below the starting rating) — rests the partner. So does pain, tingling or
  numbness reported after a stop for another reason (`sessions.stopping`): pain always
  rests, whenever it is reported.
- The rest lasts until the next calendar day *and* at least `REST_HOURS` hours after the
  stop, whichever is later: a stop at 23:30 does not allow a new session at 00:05. "The
  next day" is the local day in the zone active when the rest begins (the account's); the
  end is computed then and stored (`Rest.until`), so a later change of time zone never
  moves it.
- A STOP for another reason (discomfort, other, none given) does not rest: stopping is
  always the right call and must never be discouraged by a penalty.
- A rest belongs to the account's person, not to a row: it outlives the session that
  caused it (deleting the session keeps it) and the partner too (deleting the partner
  keeps it on the account, by the partner's name folded, `name_key`); a partner added
  again under that name rests until the same end.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decompress.models import Partner

from .choices import RestReason, StopReason
from .rules import AUTOMATIC_STOP_REASONS

REST_HOURS = 12
RESTING_REASONS = (StopReason.PAIN, *AUTOMATIC_STOP_REASONS)


class Rest(models.Model):
    """One rest: whose, why, from when and until when (computed once, when it began)."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rests"
    )
    # Empty once the partner was deleted: `name_key` still finds a partner added again.
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="rests"
    )
    name = models.CharField(_("name"), max_length=60)  # the partner's, as it was then
    name_key = models.CharField(_("name, folded"), max_length=60)
    # Empty once the session was deleted: the rest stays.
    session = models.ForeignKey(
        "guided.GuidedSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rests",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RestReason.choices)
    started_at = models.DateTimeField(_("from"))
    until = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["-until", "-pk"]
        verbose_name = _("rest")
        verbose_name_plural = _("rests")
        indexes = [models.Index(fields=["account", "-until"], name="rest_account_until_idx")]

    def __str__(self) -> str:
        return f"{self.name} · {self.until:%Y-%m-%d %H:%M}"


class RestRequired(Exception):
    """A resting partner: no new session may start yet."""

    def __init__(self, rest: Rest):
        super().__init__(rest)
        self.rest = rest


def name_key(name: str) -> str:
    """A partner's name as rests match it: case, accents and spacing folded away."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def alike_key(name: str) -> str:
    """A name folded further, to ask whether two partners are one person: without a last
    word or a number added to it ("Alex again", "alex 2", "Alex2" are all "alex")."""
    words = name_key(name).split()
    if len(words) > 1:
        words = words[:-1]
    return re.sub(r"\d+$", "", " ".join(words)).strip() or " ".join(words)


def rest_until(*, ended_at: datetime) -> datetime:
    """The later of the next local midnight and `REST_HOURS` after the stop."""
    local = timezone.localtime(ended_at)
    next_midnight = datetime.combine(local.date() + timedelta(days=1), time.min, local.tzinfo)
    return max(next_midnight, ended_at + timedelta(hours=REST_HOURS))


def _rest_create(
    partner: Partner, *, reason: str, started_at: datetime, until: datetime, session=None
) -> Rest:
    return Rest.objects.create(
        account_id=partner.account_id,
        partner=partner,
        name=partner.name,
        name_key=name_key(partner.name),
        session=session,
        reason=reason,
        started_at=started_at,
        until=until,
    )


def rest_record(*, session, reason: str, at: datetime) -> Rest:
    """The rest a stop (or pain reported at `at`) begins for the session's partner."""
    return _rest_create(
        session.partner,
        reason=reason,
        started_at=at,
        until=rest_until(ended_at=at),
        session=session,
    )


def rest_from_screening(*, partner: Partner, at: datetime) -> Rest:
    """The screening's "pain, tingling or numbness after a stretch in the last 24 hours":
    no session until the next day, as after a stop for pain."""
    return _rest_create(
        partner, reason=RestReason.RECENT_PAIN, started_at=at, until=rest_until(ended_at=at)
    )


def _in_force(account_ids: Iterable[int], now: datetime):
    return Rest.objects.filter(account_id__in=account_ids, until__gt=now).select_related("session")


def _whose(rest: Rest, partner: Partner) -> bool:
    if rest.partner_id is not None:
        return rest.partner_id == partner.pk
    return rest.name_key == name_key(partner.name)


def partner_rest(*, partner: Partner, now: datetime | None = None) -> Rest | None:
    """The partner's rest in force (the one that ends last), or None when a session may
    start."""
    now = now or timezone.now()
    return (
        _in_force([partner.account_id], now)
        .filter(Q(partner=partner) | Q(partner__isnull=True, name_key=name_key(partner.name)))
        .first()
    )


def partners_rest(
    *, partners: Iterable[Partner], now: datetime | None = None
) -> dict[int, Rest | None]:
    """Each partner's rest by partner id, in one query however many partners there are."""
    now = now or timezone.now()
    partners = list(partners)
    rests = list(_in_force({p.account_id for p in partners}, now))  # the latest end first
    return {
        partner.pk: next((rest for rest in rests if _whose(rest, partner)), None)
        for partner in partners
    }


def rests_in_force(*, account_id: int, now: datetime | None = None) -> list[Rest]:
    """The account's rests in force, the latest end first (the partner-form notice)."""
    return list(_in_force([account_id], now or timezone.now()))


def rests_alike(*, rests: Iterable[Rest], name: str, partner: Partner | None) -> list[Rest]:
    """The rests in force of somebody whose name looks like `name` (`alike_key`), for
    `partner` being added (None) or renamed: the question "is this a different person?"
    must be answered. A partner's own rest, and the kept rest of a deleted partner of
    exactly this name (which applies by itself), ask nothing."""
    key, alike = name_key(name), alike_key(name)
    return [
        rest
        for rest in rests
        if alike_key(rest.name) == alike
        and not (partner is not None and rest.partner_id == partner.pk)
        and not (rest.partner_id is None and rest.name_key == key)
    ]


def rest_share(*, rest: Rest, partner: Partner) -> Rest:
    """The same person under another partner row: the rest applies to it, to the same end."""
    return _rest_create(
        partner,
        reason=rest.reason,
        started_at=rest.started_at,
        until=rest.until,
        session=rest.session,
    )
