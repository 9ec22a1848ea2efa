"""Rest today: after pain or a stop rule, no new session for that person until the next day.

The rule, which the start of a session, the home page's partner card, the partner form and
the aftercare text all state alike:

- Some stops rest the partner (which ones, `sessions.rest.RESTING_REASONS`): the reason
  "Pain" given after STOP, pain, tingling or numbness reported, or an automatic stop rule.
  So does the screening's "pain, tingling or numbness after a stretch in the last 24 hours"
  (`RestReason.RECENT_PAIN`). A STOP for another reason does not: stopping is always the
  right call and must never be discouraged by a penalty.
- The rest lasts until the next calendar day *and* at least `REST_HOURS` hours after it
  began, whichever is later: a stop at 23:30 does not allow a new session at 00:05. "The
  next day" is the local day in the zone active when the rest begins (the account's); the
  end is computed then and stored (`Rest.until`), so a later change of time zone never
  moves it.
- A rest belongs to the account's person, not to a row: it outlives the session that
  caused it and the partner too (deleting the partner keeps it on the account, by the
  partner's name folded, `name_key`); a partner added again under that name rests until
  the same end. A new or renamed partner whose name is like a resting one's (`alike_key`)
  must say whether they are a different person (`rests_alike`, the partner form).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Partner, Rest, RestReason

REST_HOURS = 12


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


def rest_until(*, began_at: datetime) -> datetime:
    """The later of the next local midnight and `REST_HOURS` after the rest began."""
    local = timezone.localtime(began_at)
    next_midnight = datetime.combine(local.date() + timedelta(days=1), time.min, local.tzinfo)
    return max(next_midnight, began_at + timedelta(hours=REST_HOURS))


def rest_begin(
    *, partner: Partner, reason: RestReason | str, at: datetime, session_id: int | None = None
) -> Rest:
    """The rest that begins at `at` for the partner; `session_id`: the stop that began it."""
    return _rest_create(
        partner, reason=reason, started_at=at, until=rest_until(began_at=at), session_id=session_id
    )


def rest_share(*, rest: Rest, partner: Partner) -> Rest:
    """The same person under another partner row: the rest applies to it, to the same end."""
    return _rest_create(
        partner,
        reason=rest.reason,
        started_at=rest.started_at,
        until=rest.until,
        session_id=rest.session_id,
    )


def _rest_create(
    partner: Partner,
    *,
    reason: str,
    started_at: datetime,
    until: datetime,
    session_id: int | None,
) -> Rest:
    return Rest.objects.create(
        account_id=partner.account_id,
        partner=partner,
        name=partner.name,
        name_key=name_key(partner.name),
        session_id=session_id,
        reason=reason,
        started_at=started_at,
        until=until,
    )


def _in_force(account_ids: Iterable[int], now: datetime) -> QuerySet[Rest]:
    return Rest.objects.filter(account_id__in=account_ids, until__gt=now)


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
