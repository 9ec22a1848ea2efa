# How often a shared report was opened, counted on the link.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('decompress', '0009_partner_rest_moved_to_rests'),
    ]

    operations = [
        migrations.AddField(
            model_name='reportshare',
            name='view_count',
            field=models.PositiveIntegerField(default=0),
        ),
    ]
