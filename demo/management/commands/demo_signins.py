from django.core.management.base import BaseCommand

from demo.signins import demo_signins, format_signins


class Command(BaseCommand):
    help = "Print the demo sign-ins for each role (called by `make run` before serving)."

    def handle(self, *args, **options):
        self.stdout.write(format_signins(demo_signins()))
