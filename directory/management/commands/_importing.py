"""What the three import commands share: read, plan, report, and apply in one transaction.

Exit status: 0 when every row was accepted; 1 when nothing was applied (unreadable file, or a
full export that would mark too many as left); 2 when rows were rejected — the good rows are
then applied all together (or, with --dry-run, only shown), and every rejected row is listed.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.services import get_system_user
from directory import services
from directory.parsing import UnreadableFile
from directory.plans import plan_for_file

REJECTED_ROWS = 2


class ImportCommand(BaseCommand):
    kind = None  # set by each command
    supports_full = True

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV export (UTF-8, ';' or ',' separated)")
        if self.supports_full:
            parser.add_argument(
                "--full",
                action="store_true",
                help="The file is a full export: whoever is missing from it is marked as left "
                "(students unenrolled, staff deactivated with their sessions ended, units "
                "made inactive). Nobody is ever deleted.",
            )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only show the plan and the rejected rows; save nothing.",
        )
        parser.add_argument(
            "--max-left",
            type=int,
            default=10,
            metavar="PERCENT",
            help="With --full: refuse (apply nothing) when more than this share of the active "
            "records would be marked as left, e.g. after a truncated export. Default 10; 100 "
            "turns the check off.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Kan %(file)s niet lezen: %(error)s") % {"file": path, "error": error}
            ) from None
        full = options.get("full", False)
        plan = self._plan(data, full)
        self._report(path.name, plan)
        if full:
            self._check_leavers(plan, options["max_left"])
        if options["dry_run"]:
            self.stdout.write(_("Proefdraai (--dry-run): er is niets opgeslagen."))
        elif plan.has_changes:
            self._apply(data, path, plan, full)
        else:
            self.stdout.write(_("Niets te wijzigen."))
        if plan.rejected:
            raise CommandError(
                _("%(count)s rijen afgewezen; zie hierboven.") % {"count": len(plan.rejected)},
                returncode=REJECTED_ROWS,
            )

    def _progress(self, stage, done, total=None):
        if stage == "read":
            self.stderr.write(_("%(done)s rijen gelezen…") % {"done": done})
        else:
            self.stderr.write(
                _("%(done)s van %(total)s opgeslagen…") % {"done": done, "total": total}
            )
        sys.stderr.flush()

    def _plan(self, data, full):
        try:
            return plan_for_file(data, kind=self.kind, full_export=full, progress=self._progress)
        except UnreadableFile as error:
            raise CommandError(str(error)) from None

    def _report(self, name, plan):
        counts = plan.counts()
        self.stdout.write(
            _("%(file)s: %(rows)s rijen gelezen") % {"file": name, "rows": counts["rows"]}
        )
        for key, label in (
            ("new", _("nieuw")),
            ("changed", _("gewijzigd")),
            ("left", _("vertrokken")),
            ("unchanged", _("ongewijzigd")),
            ("rejected", _("afgewezen")),
        ):
            self.stdout.write(f"  {label}: {counts[key]}")
        if plan.ignored_columns:
            self.stdout.write(
                _("Niet gebruikte kolommen: %(columns)s")
                % {"columns": ", ".join(plan.ignored_columns)}
            )
        for rejection in plan.rejected:
            self.stdout.write(
                _("regel %(line)s (%(key)s): %(reason)s")
                % {"line": rejection.line, "key": rejection.key or "—", "reason": rejection.message}
            )

    def _check_leavers(self, plan, max_left):
        active = plan.unchanged + len(plan.changed) + len(plan.left)
        if plan.left and len(plan.left) * 100 > max_left * max(active, 1):
            raise CommandError(
                _(
                    "Deze volledige export zou %(left)s van %(active)s markeren als vertrokken, "
                    "meer dan %(max)s%%. Er is niets opgeslagen. Klopt het bestand, gebruik "
                    "dan --max-left."
                )
                % {"left": len(plan.left), "active": active, "max": max_left}
            )

    def _apply(self, data, path, plan, full):
        try:
            _run, applied = services.apply_file(
                data=data,
                file_name=str(path),
                kind=self.kind,
                full_export=full,
                expected_digest=plan.digest(),
                acting_user=get_system_user(),
                progress=self._progress,
            )
        except services.ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Verwerkt in één transactie: %(new)s nieuw, %(changed)s gewijzigd, "
                    "%(left)s vertrokken."
                )
                % applied.counts()
            )
        )
