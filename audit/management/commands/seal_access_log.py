"""Link the access-log rows written since the last seal into the hash chain, once or on a beat."""

import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit import chain


class Command(BaseCommand):
    help = (
        "Verzegelt de nieuwe regels van het toegangslogboek in de hashketen. Met --every "
        "blijft het draaien (een verzegelaar zonder Celery beat); er werkt er altijd één tegelijk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            metavar="SECONDEN",
            help="blijf verzegelen, elke zoveel seconden (0: één keer)",
        )

    def handle(self, *args, **options):
        every = options["every"]
        if not every:
            self._report(chain.seal(), quiet=False)
            return
        while True:
            try:
                self._report(chain.seal(), quiet=True)
            except DatabaseError as error:  # the database went away: try again next round
                self.stderr.write(_("Verzegelen mislukt: %(error)s") % {"error": error})
                connection.close()
            time.sleep(every)

    def _report(self, sealed, *, quiet):
        if quiet and not sealed:
            return
        if sealed is None:
            self.stdout.write(
                _(
                    "Een andere verzegelaar is bezig; wat die laat liggen, neemt de volgende "
                    "ronde mee."
                )
            )
        else:
            message = ngettext("%(count)s regel verzegeld.", "%(count)s regels verzegeld.", sealed)
            self.stdout.write(message % {"count": sealed})
