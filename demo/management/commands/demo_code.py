from django.core.management.base import BaseCommand, CommandError

from demo.users import demo_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo data only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "email", help="A demo account's email address, e.g. assessor@reach.example"
        )

    def handle(self, *args, email, **options):
        code = demo_code(email)
        if code is None:
            raise CommandError(
                f"{email} is not a demo account with the demo authenticator. Codes of real "
                "accounts come only from their owner's app."
            )
        self.stdout.write(code)
