"""The default routine, installed by a data migration (and by tests).

Seated back decompression, five steps: 1 get into position (the receiver sits on the
floor, upright, legs crossed; the helper in a stable chair without wheels behind them, one
leg on each side of their hips); 2 agree a stop signal and take the starting comfort
rating; 3 connect the arms (linked hands or arms hooked under, secure, never tugging);
4 the gentle lean (lean-in 3 s, hold 5 s, release 3 s), `repetitions` times, each followed
by a comfort check-in (the last one is the after-session comfort); 5 finish: an optional
note and the everyday habits that help the back over months. Each step names its picture
(`sessions.illustrations`), and step 2 is where the stop signal is agreed
(`agrees_stop_signal`, which a default or active routine needs before its first lean).

The wording is ours, written from the article's facts; staff can tune it in admin. Step
text lives in the database (not in gettext catalogues) because admin edits must win.
"""

DEFAULT_ROUTINE_NAME = "Seated back decompression"

DEFAULT_ROUTINE = {
    "name": DEFAULT_ROUTINE_NAME,
    "description": (
        "A light, partner-assisted stretch for the back: the person receiving it sits on "
        "the floor, the helper sits in a chair behind them and leans back a little to lift "
        "through the arms. Gentle, short holds, and a comfort check after every one."
    ),
    "repetitions": 3,
}

DEFAULT_STEPS = [
    {
        "title": "Get into position",
        "kind": "prepare",
        "instruction": (
            "Receiver: sit on the floor, tall and relaxed, with your legs crossed in a way "
            "that feels easy.\n\n"
            "Helper: sit in a steady chair without wheels, right behind them, with one leg "
            "on each side of their hips. Keep your own back upright and your feet flat."
        ),
        "cue": "Get into position.",
        "illustration": "position",
    },
    {
        "title": "Agree a stop signal, then rate comfort",
        "kind": "check_in",
        "instruction": (
            'Agree how the receiver will say stop — a word such as "stop" or a tap on the '
            "helper's knee. The helper stops the moment they hear or feel it.\n\n"
            "Receiver: how comfortable is your back right now? This is your starting "
            "rating; we compare every later rating with it."
        ),
        "cue": "Agree your stop signal.",
        "illustration": "stop-signal",
        "agrees_stop_signal": True,
    },
    {
        "title": "Connect your arms",
        "kind": "prepare",
        "instruction": (
            "Helper: reach forward and link hands with the receiver, or slide your arms "
            "under theirs for a secure hold.\n\n"
            "Hold firmly but softly. Never tug or jerk; all the movement in the next step "
            "comes from you leaning back slowly."
        ),
        "cue": "Link your arms.",
        "illustration": "grip-hands",
    },
    {
        "title": "Gentle lean",
        "kind": "lean",
        "instruction": (
            "Helper: lean back slowly while keeping the grip, so the receiver feels a light "
            "lift through the arms and a lengthening along the spine.\n\n"
            "Hold the lift while the receiver breathes, then come forward again gradually. "
            "Light and relieving, never forceful. Receiver: say your stop signal at any "
            "pain, tingling or numbness."
        ),
        "cue": "Lean back slowly.",
        "illustration": "hands",
        "lean_in_seconds": 3,
        "hold_seconds": 5,
        "release_seconds": 3,
    },
    {
        "title": "Finish",
        "kind": "finish",
        "instruction": (
            "Let go gently and sit quietly for a moment. If you like, write a note for next "
            "time.\n\n"
            "This stretch gives short-term relief. What helps the back over months is "
            "everyday care: good posture when sitting and standing, a few minutes of "
            "stretching each day, strength exercise, drinking enough water and easing "
            "stress."
        ),
        "cue": "Well done. Let go gently.",
        "illustration": "rest",
    },
]


def seed_default_routine(routine_model=None, step_model=None) -> None:
    """Create the default routine and its steps once; later calls change nothing."""
    if routine_model is None or step_model is None:
        from sessions.models import Routine, Step

        routine_model = routine_model or Routine
        step_model = step_model or Step

    if routine_model.objects.filter(is_default=True).exists():
        return
    routine = routine_model.objects.create(is_default=True, **DEFAULT_ROUTINE)
    # An older migration's Step has no illustration or stop-signal field yet: give it only
    # the fields it has (migration 0007 fills in the rest).
    fields = {field.name for field in step_model._meta.get_fields()}
    for position, step in enumerate(DEFAULT_STEPS, start=1):
        values = {key: value for key, value in step.items() if key in fields}
        step_model.objects.create(routine=routine, position=position, **values)


# The gentler choice: the same safety steps in the same order, a shorter hold and two
# leans instead of three, for a first time or a day the back feels tender. Installed by
# migration 0009 next to the default routine, which it never touches.
GENTLE_ROUTINE_NAME = "Gentle seated decompression"

GENTLE_ROUTINE = {
    "name": GENTLE_ROUTINE_NAME,
    "description": (
        "The same stretch, softer: a shorter hold and two leans instead of three. A good "
        "first try, or a choice for a day when the back feels tender."
    ),
    "repetitions": 2,
}

GENTLE_STEPS = [
    {
        "title": "Get into position",
        "kind": "prepare",
        "illustration": "position",
        "instruction": (
            "Receiver: sit on the floor, tall and relaxed, with your legs crossed in a way "
            "that feels easy.\n\n"
            "Helper: sit in a steady chair without wheels, right behind them, with one leg "
            "on each side of their hips. Keep your own back upright and your feet flat."
        ),
        "cue": "Get into position.",
    },
    {
        "title": "Agree a stop signal, then rate comfort",
        "kind": "check_in",
        "illustration": "stop-signal",
        "instruction": (
            'Agree how the receiver will say stop — a word such as "stop" or a tap on the '
            "helper's knee. The helper stops the moment they hear or feel it.\n\n"
            "Receiver: how comfortable is your back right now? This is your starting "
            "rating; we compare every later rating with it."
        ),
        "cue": "Agree your stop signal.",
        "agrees_stop_signal": True,
    },
    {
        "title": "Connect your arms",
        "kind": "prepare",
        "illustration": "grip-hands",
        "instruction": (
            "Helper: reach forward and link hands with the receiver. Hold softly; there is "
            "no need to grip hard.\n\n"
            "Never tug or jerk. The small lift in the next step comes only from you leaning "
            "back, slowly."
        ),
        "cue": "Link your hands.",
    },
    {
        "title": "Short, gentle lean",
        "kind": "lean",
        "illustration": "hands",
        "instruction": (
            "Helper: lean back just a little, keeping the grip, until the receiver feels a "
            "soft lift through the arms.\n\n"
            "Hold it for a few breaths' worth, then come forward again slowly. Less is fine "
            "today. Receiver: say your stop signal at any pain, tingling or numbness."
        ),
        "cue": "Lean back a little.",
        "lean_in_seconds": 3,
        "hold_seconds": 3,
        "release_seconds": 4,
    },
    {
        "title": "Finish",
        "kind": "finish",
        "illustration": "rest",
        "instruction": (
            "Let go gently and sit quietly for a moment. If you like, write a note for next "
            "time.\n\n"
            "If it felt good, the usual routine with a longer hold may suit another day. "
            "What helps the back over months is everyday care: good posture, a few minutes "
            "of stretching each day, strength exercise, drinking enough water and easing "
            "stress."
        ),
        "cue": "Well done. Let go gently.",
    },
]


def seed_gentle_routine(routine_model=None, step_model=None) -> None:
    """Create the gentler routine (active, not the default) once; later calls change
    nothing, and the default routine is never touched.

    A step key the step model has no field for (a column another change adds, such as
    `illustration`) is left out, so this also runs against older historical models.
    """
    if routine_model is None or step_model is None:
        from sessions.models import Routine, Step

        routine_model = routine_model or Routine
        step_model = step_model or Step

    if routine_model.objects.filter(name=GENTLE_ROUTINE_NAME).exists():
        return
    fields = {field.name for field in step_model._meta.get_fields()}
    routine = routine_model.objects.create(is_default=False, is_active=True, **GENTLE_ROUTINE)
    for position, step in enumerate(GENTLE_STEPS, start=1):
        values = {key: value for key, value in step.items() if key in fields}
        step_model.objects.create(routine=routine, position=position, **values)


def seed_routines() -> None:
    """Every routine a fresh install has: the default and the gentler one."""
    seed_default_routine()
    seed_gentle_routine()
