from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import ACCOUNTS, DEMO_PASSWORD, seed_accounts
from accounts.services import ensure_roles, get_system_user
from cases.demo import TEACHERS, seed_cases
from cases.models import Case


class Command(BaseCommand):
    help = "Load the demo data: units, one account per role, and demo cases. Safe to run again."

    def handle(self, *args, **options):
        if not settings.ZW_LOCAL_DEMO:
            # Accounts with the password "demo" must never appear in a production database.
            raise CommandError("seed_demo only runs with DJANGO_DEBUG=1 (the local demo).")
        with transaction.atomic():
            system_user = get_system_user()
            ensure_roles()
            seed_accounts(acting_user=system_user)
            created = seed_cases(acting_user=system_user)
        usernames = ", ".join(username for username, *_rest in ACCOUNTS + TEACHERS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Case.objects.count()} cases ({created} new). "
                f"Accounts ({DEMO_PASSWORD!r}): {usernames}"
            )
        )
