"""Remove someone's authenticator-app key and backup codes (a lost phone); they enrol again."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.mfa import reset_second_factor
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Verwijdert de app-sleutel en herstelcodes van een account; het account stelt opnieuw in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_system=False).first()
        if user is None:
            raise CommandError(_("Geen account met gebruikersnaam %(name)s.") % {"name": username})
        reset_second_factor(user)
        self.stdout.write(
            _("%(name)s stelt inloggen in twee stappen opnieuw in bij de volgende keer inloggen.")
            % {"name": username}
        )
