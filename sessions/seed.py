"""The default routine (DESIGN §4). Called by a data migration and by tests."""


def seed_default_routine(routine_model=None, step_model=None) -> None:
    # Placeholder until the guided-session issue writes the routine.
    return None
