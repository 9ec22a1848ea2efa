# The rests kept on partners are Rest rows now (guided 0015 copied them).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('decompress', '0008_account_email'),
        ('guided', '0015_rests_from_kept_and_recent_stops'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='partner',
            name='kept_rest_reason',
        ),
        migrations.RemoveField(
            model_name='partner',
            name='kept_rest_stopped_at',
        ),
    ]
