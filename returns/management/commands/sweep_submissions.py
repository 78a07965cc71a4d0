from django.core.management.base import BaseCommand

from returns.submissions import submissions_sweep


class Command(BaseCommand):
    help = "End upload checks that were interrupted and delete uploaded files no check will read."

    def handle(self, *args, **options):
        ended, deleted = submissions_sweep()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Interrupted checks ended: {ended}; uploaded files deleted: {deleted}"
            )
