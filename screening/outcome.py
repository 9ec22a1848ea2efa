"""The screening rules: what a set of answers means, and how a completed screening is kept."""

from collections.abc import Mapping

from django.db import transaction

from decompress.models import Partner, RestReason
from decompress.rest import rest_begin

from .models import Outcome, Question, Screening, Severity
from .signals import stretch_withdrawn


def screening_evaluate(*, answers: Mapping[Question, bool], caution_confirmed: bool) -> Outcome:
    """Decide the outcome: emergency beats block, block beats caution.

    A caution answer passes only when a doctor or physiotherapist has cleared the stretch;
    without that confirmation it blocks like any other contraindication.
    """
    severities = {question.severity for question, yes in answers.items() if yes}
    if Severity.EMERGENCY in severities:
        return Outcome.EMERGENCY
    if Severity.BLOCK in severities:
        return Outcome.BLOCKED
    if Severity.CAUTION in severities and not caution_confirmed:
        return Outcome.BLOCKED
    return Outcome.CLEARED


def screening_record(
    *, partner: Partner, answers: Mapping[Question, bool], caution_confirmed: bool
) -> Screening:
    """Keep one completed questionnaire. Every attempt is kept, a retake never overwrites.

    Only the yes answers are stored, as a snapshot of the question as it read then; the
    confirmation is stored only when it mattered (a caution question was answered yes).
    """
    if not answers:
        raise ValueError("A screening needs answers to the active questions.")
    yes = sorted(
        (question for question, answer in answers.items() if answer),
        key=lambda q: (q.applies_to != "receiver", q.position, q.pk),
    )
    caution_yes = any(q.severity == Severity.CAUTION for q in yes)
    confirmed = caution_confirmed and caution_yes
    with transaction.atomic():
        screening = Screening.objects.create(
            partner=partner,
            outcome=screening_evaluate(answers=answers, caution_confirmed=confirmed),
            caution_confirmed=confirmed,
            answered_yes=[
                {
                    "question": q.pk,
                    "text": q.text,
                    "severity": q.severity,
                    "applies_to": q.applies_to,
                    "reason": q.reason,
                }
                for q in yes
            ],
        )
        if screening.outcome != Outcome.CLEARED:
            # Answered again in the middle of a session, the answers now say no: the
            # session stops on both phones (`signals.stretch_withdrawn`).
            stretch_withdrawn.send(sender=Screening, partner=partner, screening=screening)
        if any(q.severity == Severity.REST for q in yes):
            # Not today: the partner rests until the next day, like after a pain stop.
            rest_begin(partner=partner, reason=RestReason.RECENT_PAIN, at=screening.created_at)
        return screening
