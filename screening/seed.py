"""The default screening questions (DESIGN §3). Called by a data migration and by tests."""


def seed_questions(question_model=None) -> None:
    # Placeholder until the screening issue writes the question set.
    return None
