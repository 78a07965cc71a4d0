"""The audit trail moves from assurance to core: every record is copied, key and all."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = ("id", "area_id", "actor_id", "at", "verb", "target", "summary")


def copy(apps, schema_editor):
    Old = apps.get_model("assurance", "AuditEvent")
    New = apps.get_model("core", "AuditEvent")
    batch = []
    for row in Old.objects.order_by("pk").values(*FIELDS).iterator(chunk_size=2000):
        batch.append(New(**row, channel="system"))
        if len(batch) == 2000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)
    # Rows came with their keys: the next key must follow them (PostgreSQL sequences).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(sql)


def copy_back(apps, schema_editor):
    Old = apps.get_model("assurance", "AuditEvent")
    New = apps.get_model("core", "AuditEvent")
    Old.objects.bulk_create(
        Old(**row) for row in New.objects.order_by("pk").values(*FIELDS).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_audit_event"),
        ("assurance", "0001_quality_standards_cycle"),
    ]

    operations = [migrations.RunPython(copy, copy_back)]
