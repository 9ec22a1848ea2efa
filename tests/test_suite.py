"""The suite itself: each test starts from a fresh install, whatever ran before it.

Tests run in a random order (pytest-randomly) on several workers (pytest-xdist), where a
worker that has run a browser test (which empties every table when it ends) may go on with
a test that expects the rows the data migrations insert.
"""

import pytest
from django.core.management import call_command

from screening.models import Question
from screening.seed import DEFAULT_QUESTIONS
from sessions.models import Routine
from sessions.seed import DEFAULT_ROUTINE_NAME, GENTLE_ROUTINE_NAME


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_fresh_install_rows_are_back():
    call_command("flush", interactive=False, verbosity=0)  # what a browser test's end does
    assert Routine.objects.get(is_default=True).name == DEFAULT_ROUTINE_NAME
    assert Routine.objects.filter(name=GENTLE_ROUTINE_NAME).exists()
    assert set(Question.objects.values_list("slug", flat=True)) == {
        slug for slug, *_ in DEFAULT_QUESTIONS
    }
