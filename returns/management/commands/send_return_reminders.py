from django.core.management.base import BaseCommand

from returns.services.reminders import return_reminders_send


class Command(BaseCommand):
    help = (
        "Email providers whose return is due within a week, or overdue (once each; schedule "
        "it daily beside sweep_submissions and send_action_reminders)."
    )

    def handle(self, *args, **options):
        sent = return_reminders_send()
        if options["verbosity"] > 0:
            self.stdout.write(f"Return reminders sent: {sent}")
