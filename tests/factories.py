import factory
from django.contrib.auth import get_user_model

from decompress.models import Partner
from screening.models import AppliesTo, Outcome, Question, Screening, Severity
from sessions.models import CheckIn, GuidedSession, Routine, SessionState, Step, StepKind

PASSWORD = "a-long-Passphrase-42"


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
    class Meta:
        model = GuidedSession

    partner = factory.SubFactory(PartnerFactory)
    routine = factory.SubFactory(RoutineFactory)
    screening = factory.SubFactory(ScreeningFactory, partner=factory.SelfAttribute("..partner"))
    state = SessionState.ACTIVE
    steps = factory.LazyFunction(list)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    session = factory.SubFactory(GuidedSessionFactory)
    step_index = 1
    repetition = 0
    comfort = 7
