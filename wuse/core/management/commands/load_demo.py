from django.core.management.base import BaseCommand, CommandError

from wuse.core.demo import DEMO_PASSWORD, DemoError, load_demo


class Command(BaseCommand):
    help = "Create the demo accounts (every role, Hangzhou units) and demo records. Idempotent."

    def handle(self, *args, **options):
        try:
            accounts = load_demo()
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for a in accounts:
            self.stdout.write(f"  {a.role.label:<36} {a.username:<18} {a.unit}")
