from django.db import migrations


def forwards(apps, schema_editor):
    from sessions.seed import seed_default_routine

    seed_default_routine(apps.get_model("guided", "Routine"), apps.get_model("guided", "Step"))


class Migration(migrations.Migration):

    dependencies = [
        ("guided", "0002_step_kind_finish"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
