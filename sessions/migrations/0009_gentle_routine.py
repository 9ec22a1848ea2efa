from django.db import migrations, models


def forwards(apps, schema_editor):
    from sessions.seed import seed_gentle_routine

    seed_gentle_routine(apps.get_model("guided", "Routine"), apps.get_model("guided", "Step"))


def one_default(apps, schema_editor):
    """Before the constraint: if staff had ticked several defaults, the oldest keeps it."""
    Routine = apps.get_model("guided", "Routine")
    first = Routine.objects.filter(is_default=True).order_by("pk").first()
    if first is not None:
        Routine.objects.filter(is_default=True).exclude(pk=first.pk).update(is_default=False)


class Migration(migrations.Migration):
    """Several routines can be offered at the start (`Routine.is_active`), exactly one of
    them the default; then the gentler routine is installed next to the default one."""

    dependencies = [
        ("guided", "0007_step_illustration"),
    ]

    operations = [
        migrations.AddField(
            model_name="routine",
            name="is_active",
            field=models.BooleanField(
                default=True,
                help_text="Partners can choose it when they start a session.",
                verbose_name="offered at the start",
            ),
        ),
        migrations.AlterField(
            model_name="routine",
            name="is_default",
            field=models.BooleanField(
                default=False,
                help_text="Preselected at the start for a partner with no session yet. Only one.",
                verbose_name="default routine",
            ),
        ),
        migrations.RunPython(one_default, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="routine",
            constraint=models.UniqueConstraint(
                condition=models.Q(is_default=True),
                fields=("is_default",),
                name="one_default_routine",
            ),
        ),
        migrations.AddConstraint(
            model_name="routine",
            constraint=models.CheckConstraint(
                condition=models.Q(is_default=False) | models.Q(is_active=True),
                name="default_routine_is_active",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
