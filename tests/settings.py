"""Settings for the test suite: the project's own settings, with a fast password hasher.

Django's default hasher (PBKDF2, over a million rounds) is slow on purpose; every test
user, every log-in and every password check in the suite paid for it. MD5 is what Django's
testing guide recommends for tests and nowhere else: `tests/test_security.py` checks that
`decompress.settings`, which every server runs, keeps a strong hasher.

Processes a test starts (`manage.py`, gunicorn) inherit DJANGO_SETTINGS_MODULE from
pytest-django, so their accounts are quick to make and to log in to as well.
"""

from decompress.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
