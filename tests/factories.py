"""A factory for every model, each making a valid row with the fewest choices; traits for
the states tests ask for most (a completed or stopped session, one with its leans rated).

`tests/support/builders.py` builds whole histories (many sessions at set times) on top.
"""

import copy
from datetime import time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from decompress.models import (
    AccountEmail,
    AccountSettings,
    CalendarFeed,
    Partner,
    RateLimitCounter,
    Reminder,
    ReportShare,
    ReportView,
    Rest,
)
from decompress.rest import name_key, rest_until
from decompress.tokens import token_hash
from screening.models import AppliesTo, Outcome, Question, Screening, Severity
from sessions.invites import INVITE_HOURS, SessionInvite
from sessions.models import (
    CheckIn,
    GuidedSession,
    Routine,
    SessionState,
    Step,
    StepKind,
    StopReason,
)

PASSWORD = "a-long-Passphrase-42"

# A session's snapshot of the default routine's five steps, as `sessions.engine` takes it.
STEPS = [
    {
        "title": "Positioning",
        "instruction": "Sit on the floor, upright, legs crossed.\n\nThe helper sits behind.",
        "cue": "Sit tall.",
        "kind": "prepare",
        "lean_in_seconds": 3,
        "hold_seconds": 5,
        "release_seconds": 3,
    },
    {
        "title": "Stop signal and starting comfort",
        "instruction": "Agree on a stop signal. How comfortable is your back right now?",
        "cue": "Agree on a stop signal.",
        "kind": "check_in",
        "lean_in_seconds": 3,
        "hold_seconds": 5,
        "release_seconds": 3,
    },
    {
        "title": "Arm connection",
        "instruction": "Interlock hands, or hook under the arms. Secure, never yanking.",
        "cue": "Hold on gently.",
        "kind": "prepare",
        "lean_in_seconds": 3,
        "hold_seconds": 5,
        "release_seconds": 3,
    },
    {
        "title": "Gentle lean",
        "instruction": "The helper leans back slowly, holds, and comes back.",
        "cue": "Lean back slowly.",
        "kind": "lean",
        "lean_in_seconds": 3,
        "hold_seconds": 5,
        "release_seconds": 3,
    },
    {
        "title": "Finish",
        "instruction": "How comfortable is your back now?",
        "cue": "Well done.",
        "kind": "finish",
        "lean_in_seconds": 3,
        "hold_seconds": 5,
        "release_seconds": 3,
    },
]
BASELINE_STEP, LEAN_STEP, FINISH_STEP = 1, 3, 4


# `with_leans`: (lean, comfort) after each of the three leans; 5 before them.
LEANS_RATED = ((1, 6), (2, 7), (3, 7))


def _token(n: int) -> str:
    return token_hash(f"test-token-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    account = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Sam {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    text = factory.Sequence(lambda n: f"Safety question {n}?")
    position = factory.Sequence(lambda n: n)
    severity = Severity.BLOCK
    applies_to = AppliesTo.RECEIVER
    # Part of the set for a year: a test about a question added after a screening says so
    # (screening.guard's new-questions rule).
    added_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=365))


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Screening

    partner = factory.SubFactory(PartnerFactory)
    outcome = Outcome.CLEARED
    answered_yes = factory.LazyFunction(list)


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Routine

    name = factory.Sequence(lambda n: f"Routine {n}")
    repetitions = 3


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    routine = factory.SubFactory(RoutineFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Step {n}")
    instruction = "Sit upright and breathe out slowly."
    cue = "Breathe out slowly."
    kind = StepKind.PREPARE


class GuidedSessionFactory(factory.django.DjangoModelFactory):
    """An active session at its first step. Traits:

    - `with_leans`: the default routine's snapshot, rated 5 before and 6, 7, 7 after its three
      leans (check-ins included), waiting at the finish;
    - `completed`: ended, the last lean's rating as the after rating;
    - `stopped`: ended by STOP, for discomfort.
    """

    class Meta:
        model = GuidedSession
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    routine = factory.SubFactory(RoutineFactory)
    screening = factory.SubFactory(ScreeningFactory, partner=factory.SelfAttribute("..partner"))
    state = SessionState.ACTIVE
    steps = factory.LazyFunction(list)

    class Params:
        with_leans = factory.Trait(
            steps=factory.LazyFunction(lambda: copy.deepcopy(STEPS)),
            repetitions=3,
            position=FINISH_STEP,
            repetition=3,
            baseline_comfort=5,
            lowest_comfort=6,
            ratings=factory.PostGeneration(
                lambda session, create, extracted, **kwargs: _store_ratings(
                    session, [(BASELINE_STEP, 0, 5), *((LEAN_STEP, n, c) for n, c in LEANS_RATED)]
                )
            ),
        )
        completed = factory.Trait(
            with_leans=True,
            state=SessionState.COMPLETED,
            after_comfort=7,
            ended_at=factory.LazyFunction(timezone.now),
        )
        stopped = factory.Trait(
            state=SessionState.STOPPED,
            stop_reason=StopReason.DISCOMFORT,
            ended_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def ratings(session, create, extracted, **kwargs):
        """`ratings=[(step index, lean, comfort), …]`: the check-ins to store."""
        _store_ratings(session, extracted or ())


def _store_ratings(session: GuidedSession, ratings) -> None:
    for step_index, repetition, comfort in ratings:
        CheckInFactory(
            session=session, step_index=step_index, repetition=repetition, comfort=comfort
        )


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    session = factory.SubFactory(GuidedSessionFactory)
    step_index = 1
    repetition = 0
    comfort = 7


class RestFactory(factory.django.DjangoModelFactory):
    """A rest in force for a partner, as a pain stop an hour ago began it."""

    class Meta:
        model = Rest

    partner = factory.SubFactory(PartnerFactory)
    account = factory.SelfAttribute("partner.account")
    name = factory.SelfAttribute("partner.name")
    name_key = factory.LazyAttribute(lambda rest: name_key(rest.partner.name))
    reason = StopReason.PAIN_REPORTED
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    until = factory.LazyAttribute(lambda rest: rest_until(began_at=rest.started_at))


class SessionInviteFactory(factory.django.DjangoModelFactory):
    """An open invitation; its token is `test-token-<n>` (`token_hash` of it is stored)."""

    class Meta:
        model = SessionInvite

    session = factory.SubFactory(GuidedSessionFactory)
    token_hash = factory.Sequence(_token)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=INVITE_HOURS))


class AccountSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountSettings
        django_get_or_create = ("account",)

    account = factory.SubFactory(UserFactory)
    time_zone = "Europe/London"


class AccountEmailFactory(factory.django.DjangoModelFactory):
    """A confirmed address: the account's email and the confirmation agree."""

    class Meta:
        model = AccountEmail
        django_get_or_create = ("account",)

    account = factory.SubFactory(
        UserFactory, email=factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    )
    confirmed_address = factory.LazyAttribute(lambda row: row.account.email.lower())
    confirmed_at = factory.LazyFunction(timezone.now)


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    partner = factory.SubFactory(PartnerFactory)
    weekdays = factory.LazyFunction(lambda: [1, 3, 5])
    time = time(19, 30)


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    account = factory.SubFactory(UserFactory)
    token_hash = factory.Sequence(_token)


class ReportShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportShare

    partner = factory.SubFactory(PartnerFactory)
    token_hash = factory.Sequence(_token)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class ReportViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportView

    share = factory.SubFactory(ReportShareFactory)
    browser = "Mozilla/5.0 (X11; Linux x86_64)"


class RateLimitCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RateLimitCounter

    key = factory.Sequence(lambda n: f"signup:client-{n}")
    count = 1
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))
