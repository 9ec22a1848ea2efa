import os

import pytest
from django.test import override_settings

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable
# from browser tests (DESIGN §11).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
def _fresh_counters(request):
    """Redis (REDIS_URL) keeps the cache, axes' and the sign-up counts between tests."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def partner(user):
    from tests.factories import PartnerFactory

    return PartnerFactory(account=user)


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client
