# A rest begun by the screening's answer has a reason of its own (sessions.choices.RestReason).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('guided', '0017_stop_reason_screening_changed'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rest',
            name='reason',
            field=models.CharField(choices=[('pain', 'Pain'), ('pain_reported', 'Pain, tingling or numbness reported'), ('low_comfort', 'Comfort 3 or lower'), ('below_baseline', 'Comfort below the starting rating'), ('recent_pain', 'Pain, tingling or numbness after a stretch in the last day')], max_length=20, verbose_name='reason'),
        ),
    ]
