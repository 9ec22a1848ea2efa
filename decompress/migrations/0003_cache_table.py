from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The database cache (the default without REDIS_URL) needs its table; every install runs
    # migrate, so it is ready wherever the database is. Made with Redis too, so that a later
    # switch away from Redis finds it.
    call_command(
        "createcachetable",
        settings.DATABASE_CACHE_TABLE,
        database=schema_editor.connection.alias,
        verbosity=0,
    )


class Migration(migrations.Migration):
    dependencies = [("decompress", "0002_rate_limit_counter")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
