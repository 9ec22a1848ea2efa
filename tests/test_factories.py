"""The test factories: one for every model, each row valid, the traits as the app reads them."""

import inspect
import re

import factory
import pytest
from django.apps import apps
from django.db.models import JSONField
from django.urls import reverse

from sessions.models import SessionState, StopReason
from tests import factories
from tests.factories import GuidedSessionFactory, PartnerFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ("decompress", "screening", "guided")


def _factories_by_model() -> dict:
    found = {}
    for _name, member in inspect.getmembers(factories, inspect.isclass):
        if issubclass(member, factory.django.DjangoModelFactory) and member._meta.model:
            found[member._meta.model] = member
    return found


def test_every_model_of_ours_has_a_factory_that_makes_a_valid_row():
    by_model = _factories_by_model()
    models = [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]
    assert models
    missing = [model.__name__ for model in models if model not in by_model]
    assert not missing, f"no factory in tests/factories.py for {missing}"
    for model in models:
        row = by_model[model]()
        # An empty JSON list is a value here (a share with no notes chosen), not a blank.
        row.clean_fields(exclude=[f.name for f in model._meta.fields if isinstance(f, JSONField)])
        row.validate_constraints()
        assert model.objects.filter(pk=row.pk).exists()


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_completed_session_with_its_leans_reads_as_history_shows_it(client_logged_in, user):
    partner = PartnerFactory(account=user, name="Robin")
    session = GuidedSessionFactory(partner=partner, completed=True)
    assert session.state == SessionState.COMPLETED
    assert (session.baseline_comfort, session.after_comfort, session.relief) == (5, 7, 2)
    assert sorted(session.check_ins.values_list("repetition", "comfort")) == [
        (0, 5),
        (1, 6),
        (2, 7),
        (3, 7),
    ]
    page = _text(client_logged_in.get(reverse("history:list")))
    assert "Comfort before → after 5 → 7 (+2)" in page
    assert "Lowest check-in 6" in page
    detail = _text(client_logged_in.get(reverse("history:detail", args=[session.pk])))
    for comfort in (5, 6, 7):
        assert f"comfort {comfort} of 10" in detail


def test_a_stopped_session_reads_as_stopped_for_discomfort(client_logged_in, user):
    partner = PartnerFactory(account=user, name="Robin")
    session = GuidedSessionFactory(partner=partner, stopped=True)
    assert (session.state, session.stop_reason) == (SessionState.STOPPED, StopReason.DISCOMFORT)
    assert session.check_ins.count() == 0  # stopped before any rating
    assert "Stopped · Discomfort" in _text(client_logged_in.get(reverse("history:list")))
