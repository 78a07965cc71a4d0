"""The figures cache's table (settings.CACHES["figures"], monitoring/cache.py), made by
migrate so that every way of setting up a database has it."""

from django.core.management import call_command
from django.db import migrations


def make_table(apps, schema_editor):
    call_command("createcachetable", "reach_figures_cache", database=schema_editor.connection.alias)


def drop_table(apps, schema_editor):
    schema_editor.execute(
        f"DROP TABLE IF EXISTS {schema_editor.connection.ops.quote_name('reach_figures_cache')}"
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_version_margins")]

    operations = [migrations.RunPython(make_table, drop_table, elidable=False)]
