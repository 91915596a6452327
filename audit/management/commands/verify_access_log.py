"""Check the access log's hash chain: OK, or the first row that was changed or removed."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from audit import chain

PROBLEMS = {
    "altered": lambda id_: _("Regel %(id)s is gewijzigd nadat hij is geschreven.") % {"id": id_},
    "broken": lambda id_: (
        _(
            "De keten is verbroken vóór regel %(id)s: een eerdere regel is verwijderd of "
            "herschreven."
        )
        % {"id": id_}
    ),
    "truncated": lambda id_: (
        _("Na regel %(id)s ontbreken regels: het logboek is aan het eind ingekort.")
        % {"id": id_ or "-"}
    ),
}


class Command(BaseCommand):
    help = "Controleert de hashketen van het toegangslogboek. Exitstatus 1 bij een afwijking."

    def handle(self, *args, **options):
        verdict = chain.verify()
        if verdict.ok:
            self.stdout.write(
                _("OK: %(count)s regels, keten intact (laatste hash %(hash)s).")
                % {"count": verdict.checked, "hash": verdict.last_hash}
            )
            return
        self.stderr.write(PROBLEMS[verdict.problem](verdict.entry_id))
        raise SystemExit(1)
