from django.core.management.base import BaseCommand, CommandError

from assurance.standards import StandardsFileError, load_standards


class Command(BaseCommand):
    help = (
        "Load the Quality Standards (assurance/data/standards_*.json). Idempotent: an "
        "edition already loaded is checked and left alone; a new edition adds rows."
    )

    def handle(self, *args, **options):
        try:
            report = load_standards()
        except StandardsFileError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"Quality Standards: {report}")
