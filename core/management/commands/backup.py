"""manage.py backup FILE: the whole database in one file (core/backup.py, docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write everything Reach holds to one backup file, to restore with `restore`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file to write, e.g. reach.backup")

    def handle(self, *args, file: Path, **options):
        if file.is_dir():
            raise CommandError(f"{file} is a folder: give the name of the backup file to write.")
        if not file.parent.is_dir():
            raise CommandError(f"There is no folder {file.parent} to write the backup in.")
        report = self.stdout.write if options["verbosity"] > 1 else None
        try:
            done = backup(file, report)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            self.stdout.write(
                f"Backed up {done['rows']:,} rows of {done['tables']} tables to {file} "
                f"({file.stat().st_size / 1024**2:.1f} MB) in {done['seconds']:.1f} s."
            )
