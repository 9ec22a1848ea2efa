from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The database cache (the default without REDIS_URL) needs its table; every install
    # runs migrate, so the cache is ready wherever the database is. A no-op with Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("decompress", "0002_rate_limit_counter")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
