"""The default screening questions, worded as a checklist, in plain words.

The questionnaire shows them a page at a time under "Do any of these apply?", so each item
is a statement to tick, not a question to answer; its help text stays visible under it.

Called by the data migration 0003 (with the historical model), by 0004 (which rewords the
earlier question-style defaults that staff have not edited) and by the browser tests'
`seeded` fixture (with no argument: the real model). Idempotent: each default question has
a stable slug, and a question that already exists is left exactly as staff edited it.

The questions themselves: `screening.default_questions` (the first ones, with their
sources) and `screening.added_questions`. The rule each severity stands for:

- emergency: a red flag. The stretch is off and the person is told to seek urgent medical
  care now, before anything else.
- block: the stretch is not for this person (the article's three, plus the conditions
  where a pull through the arms onto the spine can do harm). A physiotherapist or doctor
  and the long-term back care habits are offered instead.
- caution: allowed only once a doctor or physiotherapist has cleared the stretch, which
  the person confirms with a tick that is recorded; without it, a caution item blocks.
- rest: not today. A yes rests the partner until the next day (the rest's own rule,
  `sessions.rest`), and nothing more.
- Helper items (`applies_to=helper`) carry a severity like any other: the helper leans
  back under load, so a helper's back injury or a chair that can roll or tip blocks.

New defaults are appended to the list, never inserted: a fresh install and an upgraded one
then give them the same positions, after the items they follow on their page. A data
migration calls `seed_questions` again to add them; a cleared screening taken before they
were added must answer them before the next session (`screening.guard`).
"""

from .added_questions import ADDED_DEFAULTS
from .default_questions import FIRST_DEFAULTS

DEFAULT_QUESTIONS = [*FIRST_DEFAULTS, *ADDED_DEFAULTS]


def seed_questions(question_model=None) -> None:
    if question_model is None:
        from .models import Question as question_model

    for position, (slug, applies_to, severity, text, help_text, reason) in enumerate(
        DEFAULT_QUESTIONS, start=1
    ):
        question_model.objects.get_or_create(
            slug=slug,
            defaults={
                "applies_to": applies_to,
                "severity": severity,
                "text": text,
                "help_text": help_text,
                "reason": reason,
                "position": position * 10,
                "active": True,
            },
        )
