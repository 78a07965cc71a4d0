"""manage.py prune_audit: delete audit records older than the retention period
(core/audit.py `audit_prune`, docs/audit.md)."""

from django.core.management.base import BaseCommand

from core.audit import audit_prune
from core.audit import day_words as _day


class Command(BaseCommand):
    help = (
        "Delete audit records older than the retention period, a batch at a time, and "
        "record how many were deleted. Safe to run on a schedule and twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say how many records would be deleted, and their dates, without deleting",
        )

    def handle(self, *args, dry_run: bool, **options):
        done = audit_prune(dry_run=dry_run)
        if not options["verbosity"]:
            return
        records = f"{done.count:,} audit record{'' if done.count == 1 else 's'}"
        if dry_run and done.count:
            self.stdout.write(
                f"Would delete {records} older than {_day(done.cutoff)}, dated "
                f"{_day(done.oldest)} to {_day(done.newest)}. Nothing was deleted."
            )
        elif dry_run:
            self.stdout.write(f"No audit records are older than {_day(done.cutoff)}.")
        else:
            self.stdout.write(
                f"Deleted {records} older than {_day(done.cutoff)}"
                f" in {done.batches} batch{'' if done.batches == 1 else 'es'}."
            )
