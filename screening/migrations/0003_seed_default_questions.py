from django.db import migrations


def seed(apps, schema_editor):
    from screening.seed import seed_questions

    seed_questions(apps.get_model("screening", "Question"))


class Migration(migrations.Migration):

    dependencies = [
        ("screening", "0002_question_slug_reason"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
