# The key the session page carries for STOP and pain whatever the log-in (sessions.stop_keys).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('guided', '0015_rests_from_kept_and_recent_stops'),
    ]

    operations = [
        migrations.AddField(
            model_name='guidedsession',
            name='stop_key_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
