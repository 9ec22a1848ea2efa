"""The screening's closed sets, for templates to compare with (never their values spelled
out): `{% if screening.outcome == Outcome.BLOCKED %}`."""

from django.http import HttpRequest

from .guard import ScreeningStatus
from .models import AppliesTo, Outcome, Severity


def screening_choices(request: HttpRequest | None = None) -> dict:
    return {
        "AppliesTo": AppliesTo,
        "Outcome": Outcome,
        "ScreeningStatus": ScreeningStatus,
        "Severity": Severity,
    }
