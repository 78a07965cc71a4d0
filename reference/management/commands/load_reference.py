from django.core.management.base import BaseCommand

from monitoring.cache import reference_loading
from reference.loading import load_all


class Command(BaseCommand):
    help = (
        "Load the reference data (classifications, areas, Census 2021, Crime Survey). Idempotent."
    )

    def handle(self, *args, **options):
        with reference_loading():  # benchmarks may have changed: figures are computed again
            report = load_all()
        self.stdout.write(f"Reference data loaded: {report}")
