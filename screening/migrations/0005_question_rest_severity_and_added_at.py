# The "rest" severity, and when each question joined the set (screening.guard).

import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0004_reword_questions_as_checklist'),
    ]

    operations = [
        migrations.AddField(
            model_name='question',
            name='added_at',
            field=models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), editable=False, verbose_name='added'),
        ),
        migrations.AlterField(
            model_name='question',
            name='severity',
            field=models.CharField(choices=[('emergency', 'Emergency — seek urgent care'), ('block', 'Block — not safe'), ('caution', 'Caution — needs professional clearance'), ('rest', 'Rest — no session until the next day')], max_length=10, verbose_name='severity'),
        ),
    ]
