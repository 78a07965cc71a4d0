"""The public API's rate-limit counts' table (settings.CACHES["rate_limits"],
api/views/published.py), made by migrate so that every way of setting up a database has it."""

from django.core.management import call_command
from django.db import migrations

TABLE = "reach_rate_limit_cache"


def make_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.connection.ops.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(make_table, drop_table, elidable=False)]
