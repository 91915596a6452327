from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from retention.services import apply_retention


class Command(BaseCommand):
    help = (
        "Delete every closed case past its retention date (not on legal hold) with everything "
        "hanging off it, leaving a tombstone. --dry-run lists what would go and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only list what would go")

    def handle(self, *args, dry_run=False, **options):
        results = apply_retention(dry_run=dry_run)
        for retention, tombstone in results:
            self.stdout.write(self._line(retention, tombstone, dry_run))
        gone = sum(1 for _r, tombstone in results if tombstone)
        held = sum(1 for r, _t in results if r.on_hold)
        if dry_run:
            summary = _(
                "Proefdraai: %(count)s casussen zouden verwijderd worden, %(held)s niet "
                "vanwege bewaarplicht; er is niets veranderd."
            )
            count = len(results) - held
        else:
            summary = _("%(count)s casussen verwijderd, %(held)s niet vanwege bewaarplicht.")
            count = gone
        self.stdout.write(summary % {"count": count, "held": held})

    @staticmethod
    def _line(retention, tombstone, dry_run):
        closed = timezone.localdate(retention.closed_at)
        if retention.on_hold:
            what = _("bewaarplicht: blijft bewaard")
        elif dry_run:
            what = _("zou verwijderd worden")
        elif tombstone:
            what = _("verwijderd")
        else:
            what = _("overgeslagen (intussen veranderd)")
        return _(
            "%(reference)s  gesloten %(closed)s  bewaren tot %(date)s  (%(rule)s)  %(what)s"
        ) % {
            "reference": retention.case.reference,
            "closed": closed.isoformat(),
            "date": retention.date.isoformat(),
            "rule": retention.rule,
            "what": what,
        }
