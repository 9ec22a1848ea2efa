from django.db import migrations

# The finish step's text as first installed, when the finish asked for a rating again.
OLD = (
    "Let go gently and sit quietly for a moment. Receiver: how comfortable is your "
    "back now?\n\n"
    "This stretch gives short-term relief. What helps the back over months is "
    "everyday care: good posture when sitting and standing, a few minutes of "
    "stretching each day, strength exercise, drinking enough water and easing "
    "stress."
)


def forwards(apps, schema_editor):
    """The last lean's rating is now the after rating, so the finish asks none: the seeded
    text stops asking for one. A text staff have edited is theirs and stays."""
    from sessions.seed import DEFAULT_STEPS

    new = next(step["instruction"] for step in DEFAULT_STEPS if step["kind"] == "finish")
    Step = apps.get_model("guided", "Step")
    Step.objects.filter(kind="finish", instruction=OLD).update(instruction=new)


class Migration(migrations.Migration):
    dependencies = [("guided", "0009_gentle_routine")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
