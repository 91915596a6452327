"""Check the access log's hash chain: OK, or the first row that was changed or removed."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    "unchained": lambda id_: (
        _(
            "Regel %(id)s staat niet in de keten en wacht ook niet op verzegeling: hij is buiten "
            "de toepassing om geschreven, of zijn plek in de wachtrij is verwijderd."
        )
        % {"id": id_ or "-"}
    ),
    "rewritten": lambda id_: (
        _(
            "Regel %(id)s heeft niet meer de hash van het anker: het logboek is vanaf daar "
            "herschreven."
        )
        % {"id": id_}
    ),
}


class Command(BaseCommand):
    help = (
        "Controleert de hashketen van het toegangslogboek, en met --anchor ook eerder "
        "vastgelegde ankers. Exitstatus 1 bij een afwijking."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="REGEL:HASH",
            help="een anker uit het applicatielog of het ankerbestand (mag vaker)",
        )

    def handle(self, *args, **options):
        try:
            anchors = [chain.parse_anchor(text) for text in options["anchor"]]
        except ValueError as bad:
            raise CommandError(
                _("Een anker heeft de vorm <regelnummer>:<hash van 64 tekens>, niet %(text)s.")
                % {"text": bad}
            ) from None
        verdict = chain.verify(anchors=anchors)
        if verdict.ok:
            self.stdout.write(
                _("OK: %(count)s regels, keten intact (laatste hash %(hash)s).")
                % {"count": verdict.checked, "hash": verdict.last_hash}
            )
            if verdict.anchor:
                self.stdout.write(_("Anker om te bewaren: %(anchor)s") % {"anchor": verdict.anchor})
            self._report_backlog()
            return
        self.stderr.write(PROBLEMS[verdict.problem](verdict.entry_id))
        raise SystemExit(1)

    def _report_backlog(self):
        waiting = chain.backlog()
        if waiting.count:
            message = ngettext(
                "%(count)s regel wacht nog op verzegeling (%(seconds)s s); die hoort bij de "
                "volgende controle.",
                "%(count)s regels wachten nog op verzegeling (de oudste %(seconds)s s); ze "
                "horen bij de volgende controle.",
                waiting.count,
            )
            self.stdout.write(
                message % {"count": waiting.count, "seconds": round(waiting.oldest_seconds)}
            )
