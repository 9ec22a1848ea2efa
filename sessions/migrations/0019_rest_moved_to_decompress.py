# The Rest model moved to the partner base (decompress.Rest, same table "guided_rest"):
# a rest belongs to the account's people, and screening and partners write it too. Only
# Django's state changes here; the table and its rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("guided", "0018_rest_reasons"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="rest", name="rest_account_until_idx"),
                migrations.DeleteModel(name="Rest"),
            ],
            database_operations=[],
        ),
    ]
