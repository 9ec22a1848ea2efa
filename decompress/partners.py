"""Domain functions for partners."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import Partner


@transaction.atomic
def partner_create(*, account: AbstractBaseUser, name: str) -> Partner:
    return Partner.objects.create(account=account, name=name)


@transaction.atomic
def partner_rename(*, partner: Partner, name: str) -> Partner:
    partner.name = name
    partner.save(update_fields=["name"])
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner) -> None:
    """Removes the partner with their screenings, sessions and check-ins."""
    partner.delete()
