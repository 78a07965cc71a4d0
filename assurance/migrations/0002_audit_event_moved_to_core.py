"""The audit trail now lives in core; its records were copied there first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assurance", "0001_quality_standards_cycle"),
        ("core", "0002_copy_audit_events_from_assurance"),
    ]

    operations = [migrations.DeleteModel(name="AuditEvent")]
