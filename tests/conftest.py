import os
from datetime import UTC, datetime

import pytest
from django.db.models.signals import post_migrate
from django.test import override_settings

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable
# from browser tests (they share the test thread with it).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _seed_again(sender, **kwargs) -> None:
    """A fresh install's questions and routines, again after every flush.

    A test on `transactional_db` or `live_server` ends by emptying every table, the rows the
    data migrations inserted included; Django's flush then sends post_migrate, as migrate
    does. The tests after it, in a random order and on several workers, expect a fresh
    install: this puts its rows back, from the functions the migrations call.
    """
    if sender.label != "guided":  # post_migrate goes to every app: once per flush is enough
        return
    from screening.seed import seed_questions
    from sessions.seed import seed_routines

    seed_questions()
    seed_routines()
    _questions_always_there()


def _questions_always_there() -> None:
    """The fresh install's questions count as there before any screening a test makes, aged
    or not; a test about questions added later adds its own (screening.guard)."""
    from screening.models import Question

    Question.objects.update(added_at=QUESTIONS_ADDED)


QUESTIONS_ADDED = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _questions_always_there()


def pytest_configure(config) -> None:
    post_migrate.connect(_seed_again, dispatch_uid="tests-seed-again")


@pytest.fixture(autouse=True, scope="session")
def _plain_static_storage():
    # Tests render templates without running collectstatic first: hashed names need the
    # manifest, so serve static files by their plain names here.
    override = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        SECURE_SSL_REDIRECT=False,
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def _fresh_counters():
    """With REDIS_URL, Redis keeps the cache and the sign-up counts between tests.

    Without it they are database rows, which each test's transaction or flush removes.
    """
    from django.conf import settings

    from decompress import redis_guard

    redis_guard.reset()  # a test that made Redis fail leaves no open breaker behind
    if settings.REDIS_URL:
        from django.core.cache import cache

        cache.clear()  # FLUSHDB of the REDIS_URL database only
    return


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def partner(user):
    from tests.factories import PartnerFactory

    return PartnerFactory(account=user)


@pytest.fixture
def running(partner):
    """A session in progress for `partner`, screened and cleared."""
    from sessions.engine import session_start
    from tests.factories import ScreeningFactory

    ScreeningFactory(partner=partner)
    return session_start(partner=partner)


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def owned(user):
    """Ids of one of each object the account owns, keyed by URL parameter name."""
    from decompress.models import ReportShare
    from sessions.engine import session_start
    from sessions.history.report import report_share_create
    from tests.factories import PartnerFactory, ScreeningFactory

    partner = PartnerFactory(account=user, name="Robin")
    screening = ScreeningFactory(partner=partner)
    session = session_start(partner=partner)
    report_share_create(partner=partner, note_session_ids=[])
    return {
        "partner_id": partner.pk,
        "screening_id": screening.pk,
        "session_id": session.pk,
        "routine_id": session.routine_id,
        "share_id": ReportShare.objects.get(partner=partner).pk,
    }
