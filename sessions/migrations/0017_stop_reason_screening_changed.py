# "The safety answers changed": a stop reason of its own (sessions.stopping).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('guided', '0016_session_stop_key'),
    ]

    operations = [
        migrations.AlterField(
            model_name='guidedsession',
            name='other_answer',
            field=models.CharField(blank=True, choices=[('pain', 'Pain'), ('discomfort', 'Discomfort'), ('other', 'Other'), ('none', 'No reason given'), ('low_comfort', 'Comfort 3 or lower'), ('below_baseline', 'Comfort below the starting rating'), ('pain_reported', 'Pain, tingling or numbness reported'), ('screening_changed', 'The safety answers changed')], max_length=20, verbose_name="the other phone's answer"),
        ),
        migrations.AlterField(
            model_name='guidedsession',
            name='stop_reason',
            field=models.CharField(blank=True, choices=[('pain', 'Pain'), ('discomfort', 'Discomfort'), ('other', 'Other'), ('none', 'No reason given'), ('low_comfort', 'Comfort 3 or lower'), ('below_baseline', 'Comfort below the starting rating'), ('pain_reported', 'Pain, tingling or numbness reported'), ('screening_changed', 'The safety answers changed')], max_length=20, verbose_name='stop reason'),
        ),
        migrations.AlterField(
            model_name='rest',
            name='reason',
            field=models.CharField(choices=[('pain', 'Pain'), ('discomfort', 'Discomfort'), ('other', 'Other'), ('none', 'No reason given'), ('low_comfort', 'Comfort 3 or lower'), ('below_baseline', 'Comfort below the starting rating'), ('pain_reported', 'Pain, tingling or numbness reported'), ('screening_changed', 'The safety answers changed')], max_length=20, verbose_name='reason'),
        ),
    ]
