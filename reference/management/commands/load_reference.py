from django.core.management.base import BaseCommand

from monitoring.cache import figures_changed
from reference.loading import load_all


class Command(BaseCommand):
    help = (
        "Load the reference data (classifications, areas, Census 2021, Crime Survey). Idempotent."
    )

    def handle(self, *args, **options):
        report = load_all()
        figures_changed()  # benchmarks may have changed: figures are computed again
        self.stdout.write(f"Reference data loaded: {report}")
