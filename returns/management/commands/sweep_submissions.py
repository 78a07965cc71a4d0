from django.core.management.base import BaseCommand

from returns.services import submissions_sweep


class Command(BaseCommand):
    help = (
        "End upload checks that were interrupted (at once where their process has died), "
        "expire returns never confirmed, remove the values found in rejected files after "
        "a day, delete uploaded files no check will read, out-of-date figures and the "
        "public rate limit's counts of ended windows."
    )

    def handle(self, *args, **options):
        report = submissions_sweep()
        if options["verbosity"] > 0:
            self.stdout.write(str(report).capitalize())
