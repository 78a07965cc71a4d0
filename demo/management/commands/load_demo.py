from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.build import demo_build
from demo.plan import DEFAULT_SEED, SIZES
from organisations.models import Provider

DEFAULT_MANIFEST = Path(settings.BASE_DIR) / "var" / "demo-manifest.json"


class Command(BaseCommand):
    help = (
        "Build the demo data set: providers, demo sign-ins and six periods of returns for "
        "every area, with planted disparities listed in a manifest. Sizes: "
        + "; ".join(f"{name}: {size.description}" for name, size in SIZES.items())
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="default")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any provider exists (so `make run` keeps what is stored).",
        )
        parser.add_argument(
            "--manifest",
            type=Path,
            default=DEFAULT_MANIFEST,
            help=f"Where to write the manifest of planted disparities (default {DEFAULT_MANIFEST}).",
        )
        parser.add_argument(
            "--records-dir",
            type=Path,
            help="Also write every return's records as CSV files in the data standard here.",
        )

    def handle(self, *args, size, seed, if_empty, manifest, records_dir, **options):
        if not settings.DEMO_SIGN_INS:
            raise CommandError(
                "Demo data is refused here: its accounts have a published password and "
                "second factor, and demo sign-ins are off (DEMO_SIGN_INS, off behind HTTPS). "
                "Use a separate, non-production database for the demo."
            )
        if Provider.objects.exists():
            if if_empty:
                if options["verbosity"] > 1:
                    self.stdout.write("Providers already exist: demo data not loaded.")
                return
            raise CommandError(
                "The database already has providers. The demo data set is built only into an "
                "empty database (use --if-empty to skip quietly)."
            )
        if options["verbosity"] > 0:
            self.stdout.write(f"Building the {size} demo data set (seed {seed})…")
        progress = self.stdout.write if options["verbosity"] > 1 else None
        try:
            report = demo_build(
                size=size,
                seed=seed,
                manifest_path=manifest,
                records_dir=records_dir,
                progress=progress,
            )
        except ValueError as error:  # e.g. no reference data loaded yet
            raise CommandError(str(error)) from error
        # The assurance cycle at different stages in a few areas (needs load_standards).
        from django.test.utils import override_settings

        from demo.assurance import demo_assurance

        # Demo people are not real: the cycle's notification emails go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            cycle = demo_assurance()
        # What the public directory shows of each service beyond its returns' needs: the
        # languages of its area, where, how and when to get in touch, what happens next.
        from demo.directory import demo_directory
        from demo.plan import demo_plan

        demo_directory(demo_plan(size=size, seed=seed))
        # The guidance's case studies in the good-practice library, attributed to it.
        from demo.case_studies import demo_case_studies

        demo_case_studies()
        # A transparency report published for each submitted self-assessment.
        from demo.publication import demo_publication

        reports = demo_publication()
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(str(report)))
            if cycle:
                self.stdout.write(f"Quality Standards cycle under way in: {', '.join(cycle)}")
            else:
                self.stdout.write(
                    "No Quality Standards cycle: run `manage.py load_standards` first."
                )
            if reports:
                self.stdout.write(f"Transparency reports published for: {', '.join(reports)}")
            self.stdout.write(f"Manifest of planted disparities: {report.manifest}")
            if records_dir:
                self.stdout.write(f"{report.files} record files written under {records_dir}")
