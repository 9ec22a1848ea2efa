"""Partners: the domain functions that write them (the home page's cards: `decompress.home`)."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import Partner, Rest
from .rest import rest_share


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
