# The pain kept beside a stop, the other phone's answer, and rests kept on the account.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('decompress', '0008_account_email'),
        ('guided', '0013_session_timer_and_invites'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='guidedsession',
            name='other_answer',
            field=models.CharField(blank=True, choices=[('pain', 'Pain'), ('discomfort', 'Discomfort'), ('other', 'Other'), ('none', 'No reason given'), ('low_comfort', 'Comfort 3 or lower'), ('below_baseline', 'Comfort below the starting rating'), ('pain_reported', 'Pain, tingling or numbness reported')], max_length=20, verbose_name="the other phone's answer"),
        ),
        migrations.AddField(
            model_name='guidedsession',
            name='other_answer_joined',
            field=models.BooleanField(default=False, verbose_name='answered on the joined phone'),
        ),
        migrations.AddField(
            model_name='guidedsession',
            name='pain_reported_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='pain reported'),
        ),
        migrations.CreateModel(
            name='Rest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, verbose_name='name')),
                ('name_key', models.CharField(max_length=60, verbose_name='name, folded')),
                ('reason', models.CharField(choices=[('pain', 'Pain'), ('discomfort', 'Discomfort'), ('other', 'Other'), ('none', 'No reason given'), ('low_comfort', 'Comfort 3 or lower'), ('below_baseline', 'Comfort below the starting rating'), ('pain_reported', 'Pain, tingling or numbness reported')], max_length=20, verbose_name='reason')),
                ('started_at', models.DateTimeField(verbose_name='from')),
                ('until', models.DateTimeField(verbose_name='until')),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rests', to=settings.AUTH_USER_MODEL)),
                ('partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='rests', to='decompress.partner')),
                ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='rests', to='guided.guidedsession')),
            ],
            options={
                'verbose_name': 'rest',
                'verbose_name_plural': 'rests',
                'ordering': ['-until', '-pk'],
                'indexes': [models.Index(fields=['account', '-until'], name='rest_account_until_idx')],
            },
        ),
    ]
