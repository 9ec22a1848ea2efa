from django.db import migrations, models


def forwards(apps, schema_editor):
    """Give the seeded default routine's steps their pictures and mark its stop-signal step.

    Matched by title (the seed's wording) within the routine of the seed's name; a step
    staff have retitled keeps a blank illustration, which shows its kind's default.
    """
    from sessions.seed import DEFAULT_ROUTINE_NAME, DEFAULT_STEPS

    Routine = apps.get_model("guided", "Routine")
    Step = apps.get_model("guided", "Step")
    by_title = {step["title"]: step for step in DEFAULT_STEPS}
    for routine in Routine.objects.filter(name=DEFAULT_ROUTINE_NAME):
        steps = list(Step.objects.filter(routine=routine).order_by("position", "pk"))
        for step in steps:
            seeded = by_title.get(step.title)
            if seeded is None or seeded["kind"] != step.kind:
                continue
            step.illustration = seeded.get("illustration", "")
            step.agrees_stop_signal = seeded.get("agrees_stop_signal", False)
            step.save(update_fields=["illustration", "agrees_stop_signal"])
        if any(step.agrees_stop_signal for step in steps):
            continue
        # Retitled: the check-in before the first lean that speaks of stopping agrees it.
        for step in steps:
            if step.kind == "lean":
                break
            text = f"{step.title} {step.instruction}".lower()
            if step.kind == "check_in" and "stop" in text:
                step.agrees_stop_signal = True
                step.save(update_fields=["agrees_stop_signal"])
                break


class Migration(migrations.Migration):

    dependencies = [
        ("guided", "0006_last_action"),
    ]

    operations = [
        migrations.AddField(
            model_name="step",
            name="illustration",
            field=models.CharField(
                blank=True,
                help_text="Blank shows the default picture for the step's kind.",
                max_length=32,
                verbose_name="illustration",
            ),
        ),
        migrations.AddField(
            model_name="step",
            name="agrees_stop_signal",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "This step is where the partners agree how the receiver says stop. A "
                    "default routine needs one before its first lean."
                ),
                verbose_name="agrees the stop signal",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
