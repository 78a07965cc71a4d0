from pathlib import Path

from django.core.management.base import BaseCommand

from demo.plan import DEFAULT_SEED, SIZES, demo_plan
from demo.records import write_records


class Command(BaseCommand):
    help = (
        "Write the demo data set's referrals as record-level CSV files in the data standard "
        "(one a return: OUT/<period>/<area>/<provider>.csv), for testing uploads. Reads the "
        "reference data; writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, size, seed, out, **options):
        plan = demo_plan(size=size, seed=seed)
        written = write_records(plan, out)
        if options["verbosity"] > 0:
            self.stdout.write(f"{written} record files written under {out}")
