"""A new installation's first functional administrators and privacy officer (README, "Who may
grant what"): after them, every grant of a role is a request a second person decides."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import RoleCode
from accounts.services import RoleRefused, appoint_first_administrators


class Command(BaseCommand):
    help = gettext_lazy(
        "Benoemt de eerste functioneel beheerders en functionaris gegevensbescherming van een "
        "nieuwe installatie (minstens twee personen); daarna keurt voor elke rol een tweede "
        "persoon goed."
    )

    def add_arguments(self, parser):
        for flag, text in (
            ("--functional-admin", gettext_lazy("een functioneel beheerder (herhaalbaar)")),
            ("--privacy-officer", gettext_lazy("een functionaris gegevensbescherming")),
        ):
            parser.add_argument(
                flag,
                nargs=2,
                action="append",
                default=[],
                metavar=("USERNAME", "EMAIL"),
                help=text,
            )

    def handle(self, *args, functional_admin, privacy_officer, **options):
        people = [(name, email, RoleCode.FUNCTIONAL_ADMIN) for name, email in functional_admin]
        people += [(name, email, RoleCode.PRIVACY_OFFICER) for name, email in privacy_officer]
        try:
            appointed = appoint_first_administrators(people)
        except RoleRefused as refusal:
            raise CommandError(str(refusal)) from None
        for user, code, created in appointed:
            how = _("nieuw account") if created else _("bestaand account")
            self.stdout.write(
                _("%(name)s (%(how)s): %(role)s")
                % {"name": user.username, "how": how, "role": RoleCode(code).label}
            )
        if any(not user.has_usable_password() for user, _code, _created in appointed):
            self.stdout.write(
                _(
                    "Wie nog geen wachtwoord heeft, krijgt per e-mail een link om het zelf in te "
                    "stellen."
                )
            )
