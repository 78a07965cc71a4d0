"""The public rate limit is counted in publication's RateCount table now
(publication/limits.py): the cache table it used is dropped."""

from django.core.management import call_command
from django.db import migrations

TABLE = "reach_rate_limit_cache"


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.connection.ops.quote_name(TABLE)}")


def make_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("api", "0002_rate_limit_cache")]

    operations = [migrations.RunPython(drop_table, make_table, elidable=False)]
