from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import User
from accounts.services import ensure_roles, get_system_user
from cases.models import Case
from core.errors import ActionRefused, EditConflict
from demo.cases import TEACHERS, seed_cases
from demo.history import HISTORY_PROBLEMS, HISTORY_USERNAMES, seed_history
from demo.incidents import seed_incidents
from demo.ladder import seed_escalation
from demo.meetings import seed_meetings
from demo.network import seed_network
from demo.people import ACCOUNTS, DEMO_PASSWORD, seed_accounts
from demo.programme import add_default_targets
from demo.training import seed_training


def _loaded(*, history):
    """Whether the demo is there already: its accounts, its cases, and its year of use."""
    usernames = {row[0] for row in ACCOUNTS + TEACHERS}
    accounts = User.objects.filter(username__in=usernames).count() == len(usernames)
    cases = Case.objects.filter(reporter__username__in=usernames).exists()
    replayed = User.objects.filter(username__in=HISTORY_USERNAMES).exists()
    return accounts and cases and (replayed or not history)


def _no_email():
    return override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")


class Command(BaseCommand):
    help = (
        "Load the demo data: units, one account per role, the knowledge base and partners, demo "
        "cases and their steps on the escalation ladder, courses and training sessions, care "
        "meetings and incident analyses; with --history also a year of replayed use. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            action="store_true",
            help="Also replay a year of use (about 180 cases, care meetings, training), so the "
            "trends and the programme dashboard show figures. `make run` asks for it.",
        )
        parser.add_argument(
            "--unless-loaded",
            action="store_true",
            help="Do nothing when the demo (and with --history its year of use) is there "
            "already, so that a second `make run` starts at once.",
        )

    def handle(self, *args, **options):
        if not settings.ZW_LOCAL_DEMO:
            # Accounts with the password "demo" must never appear in a production database.
            raise CommandError("seed_demo only runs with DJANGO_DEBUG=1 (the local demo).")
        if options["unless_loaded"] and _loaded(history=options["history"]):
            self.stdout.write(f"Demo data already loaded: {Case.objects.count()} cases.")
            return
        # The stories' notifications belong to the demo's past: their e-mails are not sent (they
        # would bury the one line that says the demo is ready under thousands of lines).
        with _no_email(), transaction.atomic():
            system_user = get_system_user()
            ensure_roles()
            seed_accounts(acting_user=system_user)
            seed_network(acting_user=system_user)
            created = seed_cases(acting_user=system_user)
            escalated = self._seed_escalation(acting_user=system_user)
            sessions = seed_training(acting_user=system_user)
            incidents = seed_incidents(acting_user=system_user)
            meetings = self._seed_meetings(acting_user=system_user)
            add_default_targets()
        history = self._seed_history(acting_user=system_user) if options["history"] else 0
        usernames = ", ".join(username for username, *_rest in ACCOUNTS + TEACHERS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Case.objects.count()} cases ({created} new), "
                f"{escalated} of them newly moved on the escalation ladder; "
                f"{sessions} new training sessions; {meetings} care meetings and {incidents} "
                f"incidents; {history} cases replayed from a year of history. "
                f"Accounts ({DEMO_PASSWORD!r}): {usernames}"
            )
        )

    def _seed_escalation(self, *, acting_user):
        """All of the escalation demo or none of it: in a database where someone already worked
        on the demo cases a step may no longer be allowed; then the rest of the demo still loads."""
        try:
            with transaction.atomic():
                return seed_escalation(acting_user=acting_user)
        except (LookupError, ActionRefused, EditConflict) as problem:
            self.stderr.write(
                self.style.WARNING(
                    f"Escalation demo not loaded: the demo cases were changed ({problem}). "
                    "Start from an empty database to load it."
                )
            )
            return 0

    def _seed_history(self, *, acting_user):
        """After the demo stories, outside their transaction (its own e-mails stay unsent);
        like the escalation demo, all of it or none."""
        try:
            return seed_history(acting_user=acting_user)
        except HISTORY_PROBLEMS as problem:
            self.stderr.write(
                self.style.WARNING(
                    f"Demo history not loaded: {problem}. Start from an empty database to load it."
                )
            )
            return 0

    def _seed_meetings(self, *, acting_user):
        """The care-meeting demo builds on the escalation demo's cases; like it, all or none."""
        try:
            with transaction.atomic():
                return seed_meetings(acting_user=acting_user)
        except PermissionDenied as problem:
            self.stderr.write(
                self.style.WARNING(
                    f"Care-meeting demo not loaded: the demo cases were changed ({problem}). "
                    "Start from an empty database to load it."
                )
            )
            return 0
