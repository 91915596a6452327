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
from directory.conf import DEFAULT_MAX_LEFT_PERCENT
from directory.parsing import UnreadableFile
from directory.plans import plan_for_file
from directory.plans.base import join_and, leavers_text

REJECTED_ROWS = 2
LEAVERS_NAMED = 50  # a refused full export names this many who would have left


class ImportCommand(BaseCommand):
    kind = None  # set by each command
    supports_full = True
    creates_units = False  # the student import may create the units its export describes

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
        if self.creates_units:
            parser.add_argument(
                "--create-units",
                action="store_true",
                help="Create the faculties, institutes and programmes the export names but the "
                "directory lacks, one by one with their history, in the same transaction. "
                "Without it, rows that need them are rejected and the command names them.",
            )
        parser.add_argument(
            "--max-left",
            type=int,
            default=DEFAULT_MAX_LEFT_PERCENT,
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
        create_units = options.get("create_units", False)
        plan = self._plan(data, full, create_units)
        self._report(path.name, plan)
        self._report_units(options["file"], plan, create_units)
        if full:
            self._check_leavers(plan, options["max_left"])
        if options["dry_run"]:
            self.stdout.write(_("Proefdraai (--dry-run): er is niets opgeslagen."))
        elif plan.has_changes:
            self._apply(data, path, plan, full, create_units, options["max_left"])
        else:
            self.stdout.write(_("Niets te wijzigen."))
        if plan.rejected or plan.conflicts:
            raise CommandError(
                _("%(count)s rijen afgewezen of in conflict; zie hierboven.")
                % {"count": len(plan.rejected) + sum(len(c.lines) for c in plan.conflicts)},
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

    def _plan(self, data, full, create_units):
        try:
            return plan_for_file(
                data,
                kind=self.kind,
                full_export=full,
                create_units=create_units,
                progress=self._progress,
            )
        except UnreadableFile as error:
            raise CommandError(str(error)) from None

    def _report(self, name, plan):
        counts = plan.counts()
        self.stdout.write(
            _("%(file)s: %(rows)s rijen gelezen") % {"file": name, "rows": counts["rows"]}
        )
        for key, label in (
            ("new_units", _("nieuwe eenheden")),
            ("new", _("nieuw")),
            ("changed", _("gewijzigd")),
            ("left", _("vertrokken")),
            ("unchanged", _("ongewijzigd")),
            ("duplicates", _("dubbel (genegeerd)")),
            ("conflicts", _("conflicten")),
            ("rejected", _("afgewezen")),
        ):
            if key != "new_units" or counts[key]:
                self.stdout.write(f"  {label}: {counts[key]}")
        if plan.ignored_columns:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Let op: deze kolommen lezen we niet: %(columns)s. Wat erin staat, "
                        "controleren we niet en slaan we niet op."
                    )
                    % {"columns": ", ".join(plan.ignored_columns)}
                )
            )
        if plan.all_rejected:
            self._report_reasons(plan)
        for rejection in plan.rejected:
            self.stdout.write(
                _("regel %(line)s (%(key)s): %(reason)s")
                % {"line": rejection.line, "key": rejection.key or "—", "reason": rejection.message}
            )
        for conflict in plan.conflicts:
            self.stdout.write(
                _("regels %(lines)s (%(key)s): %(reason)s")
                % {"lines": conflict.lines_text, "key": conflict.key, "reason": conflict.message}
            )
        for duplicate in plan.duplicates:
            self.stdout.write(
                _("regel %(copies)s is gelijk aan regel %(line)s (%(key)s); één keer verwerkt")
                % {
                    "copies": join_and(duplicate.copies),
                    "line": duplicate.line,
                    "key": duplicate.key,
                }
            )

    def _report_reasons(self, plan):
        self.stdout.write(
            self.style.ERROR(
                _("Alle %(rows)s rijen zijn afgewezen; er gaat niets in. Waarom:")
                % {"rows": plan.rows}
            )
        )
        for reason, count in plan.reasons():
            self.stdout.write(f"  {reason}: " + _("%(count)s rijen") % {"count": count})

    def _report_units(self, file, plan, create_units):
        """Which units a student export needs and how to get them, in one line."""
        if plan.new_units:
            codes = join_and([e.key for e in plan.new_units], limit=10)
            self.stdout.write(
                _("Nieuwe eenheden, aangemaakt vóór de studenten: %(codes)s.") % {"codes": codes}
            )
        if not plan.missing_units:
            return
        codes = ", ".join(code for code, _name in plan.missing_units)
        self.stdout.write(
            _(
                "Deze eenheden ontbreken: %(codes)s. Maak ze mee aan met --create-units, of "
                "importeer eerst de eenheden: python manage.py import_units %(file)s"
            )
            % {"codes": codes, "file": file}
            if self.creates_units and not create_units and plan.can_describe_units
            else _(
                "Deze eenheden ontbreken: %(codes)s. Importeer eerst de eenheden: python "
                "manage.py import_units <bestand met faculteitscode;faculteit;opleidingscode;"
                "opleidingsnaam>"
            )
            % {"codes": codes}
        )

    def _check_leavers(self, plan, max_left):
        if plan.too_many_leaving(max_left):
            named = ", ".join(f"{e.label} ({e.key})" for e in plan.left[:LEAVERS_NAMED])
            others = len(plan.left) - LEAVERS_NAMED
            if others > 0:
                named += " " + _("en %(count)s anderen") % {"count": others}
            self.stdout.write(_("Wie er zou vertrekken: %(names)s") % {"names": named})
            raise CommandError(
                _(
                    "%(leavers)s, meer dan %(max)s%%. Er is niets opgeslagen. Klopt het "
                    "bestand, gebruik dan --max-left."
                )
                % {"leavers": leavers_text(plan), "max": max_left}
            )

    def _apply(self, data, path, plan, full, create_units, max_left):
        try:
            _run, applied = services.apply_file(
                data=data,
                file_name=str(path),
                kind=self.kind,
                full_export=full,
                create_units=create_units,
                max_left=max_left,
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
