from django.core.management.base import BaseCommand

from reminders.engine import run_reminder_pass, send_digests


class Command(BaseCommand):
    help = "Run one reminder pass synchronously (the same code the beat schedule runs); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="Also send the daily digests now.")

    def handle(self, *args, digest=False, **options):
        outcome = run_reminder_pass()
        self.stdout.write(
            f"Reminders: {outcome.sent} sent, {outcome.skipped} skipped, "
            f"{len(outcome.retry_ids)} to retry, {outcome.failed} failed."
        )
        if digest:
            digests = send_digests()
            self.stdout.write(f"Digests: {digests.sent} reminders sent in digests, {digests.skipped} skipped.")
