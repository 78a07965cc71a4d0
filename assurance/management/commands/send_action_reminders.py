import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from assurance.services import action_reminders_send


class Command(BaseCommand):
    help = (
        "Email both sides about actions of agreed plans due within 7 days or overdue. "
        "Run daily; each action is emailed at most once a day (ActionReminder records it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        sent = action_reminders_send(today=today or timezone.localdate())
        if options["verbosity"] >= 1:
            self.stdout.write(f"Action reminders sent: {len(sent)}")
