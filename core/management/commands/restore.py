"""manage.py restore FILE: load a backup into an empty, migrated database (core/backup.py)."""

from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Load a backup made by `backup` into a new database (run `migrate` on it first). "
        "Refuses a database that holds anything, and a damaged file; loads all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file to restore")

    def handle(self, *args, file: Path, **options):
        report = self.stdout.write if options["verbosity"] > 1 else None
        try:
            done = restore(file, report)
        except BackupError as error:
            raise CommandError(str(error)) from None
        ContentType.objects.clear_cache()
        if options["verbosity"]:
            self.stdout.write(
                f"Restored {done['rows']:,} rows from {file} in {done['seconds']:.1f} s."
            )
