# The red flags added to the defaults (screening.seed: appended, staff-edited questions are
# left as they are), as 0003 seeded the first ones.
from django.db import migrations


def seed(apps, schema_editor):
    from screening.seed import seed_questions

    seed_questions(apps.get_model("screening", "Question"))


class Migration(migrations.Migration):
    dependencies = [("screening", "0005_question_rest_severity_and_added_at")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
