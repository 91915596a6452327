"""Every write of the programme app: targets with their history, and periodic reports (the PDF
in private storage, the board told in its inbox — a link, never a figure or a name)."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import notice_kinds as accounts_kinds
from accounts.notifications import notify_user
from accounts.services import get_system_user
from core.errors import ActionRefused
from core.history import recorded_as, save_with_history
from programme import permissions
from programme.models import PeriodicReport, Target
from programme.periods import ReportPeriod


class Reason:
    """History reasons: stored in Dutch, shown in the reader's language."""

    TARGET_SET = gettext_noop("Doel ingesteld")
    TARGET_CHANGED = gettext_noop("Doel gewijzigd")
    TARGET_REMOVED = gettext_noop("Doel verwijderd")
    REPORT_GENERATED = gettext_noop("Rapportage gemaakt op verzoek")
    REPORT_SCHEDULED = gettext_noop("Rapportage van het kwartaal automatisch gemaakt")


class ProgrammeActionRefused(ActionRefused):
    """A programme action this person may not take; the message says why."""


def set_targets(values, *, acting_user):
    """Set, change or remove the target of each metric in `values` ({metric: Decimal or None});
    one history row per target that changed. Returns how many changed."""
    if not permissions.can_manage_programme(acting_user):
        raise ProgrammeActionRefused(_("Alleen de coördinator stelt doelen in."))
    changed = 0
    with transaction.atomic():
        current = {t.metric: t for t in Target.objects.select_for_update()}
        for metric, value in values.items():
            target = current.get(metric)
            if value is None and target is not None:
                with recorded_as(target, acting_user=acting_user, reason=Reason.TARGET_REMOVED):
                    target.delete()
            elif value is not None and target is None:
                target = Target(metric=metric, value=value)
                save_with_history(target, acting_user=acting_user, reason=Reason.TARGET_SET)
            elif value is not None and target.value != value:
                target.value = value
                save_with_history(target, acting_user=acting_user, reason=Reason.TARGET_CHANGED)
            else:
                continue
            changed += 1
    return changed


def generate_report(period, *, acting_user):
    """The coordinator makes a report of `period` now; it joins the list of reports."""
    if not permissions.can_manage_programme(acting_user):
        raise ProgrammeActionRefused(_("Alleen de coördinator maakt een rapportage."))
    return _store_report(period, acting_user=acting_user, scheduled=False)


def produce_quarterly_report(*, today=None):
    """The scheduled job: the report of the last full quarter, once, then every board member is
    told there is something to read. Safe to run twice; returns the report or None."""
    period = ReportPeriod.current(today).previous
    if PeriodicReport.objects.filter(period_code=period.code, scheduled=True).exists():
        return None
    system = get_system_user()
    # Scheduled reports are written in the institution's language, like its other documents.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            report = _store_report(period, acting_user=system, scheduled=True, today=today)
        except IntegrityError:  # another run made it at the same moment
            return None
    return report


def _store_report(period, *, acting_user, scheduled, today=None):
    from programme.pdf import report_pdf
    from programme.sections import build_dashboard

    content = report_pdf(build_dashboard(period, today=today))
    reason = Reason.REPORT_SCHEDULED if scheduled else Reason.REPORT_GENERATED
    with transaction.atomic():
        report = PeriodicReport(
            period_code=period.code,
            kind=period.kind,
            first=period.first,
            last=period.last_day,
            scheduled=scheduled,
            created_by=acting_user,
        )
        report.file.save(f"programma-{period.code}.pdf", ContentFile(content), save=False)
        try:
            with transaction.atomic():
                save_with_history(report, acting_user=acting_user, reason=reason)
        except IntegrityError:
            report.file.delete(save=False)
            raise
        path = reverse("programme:report_list")
        for member in permissions.report_recipients():
            notify_user(member, path=path, kind=accounts_kinds.ATTENTION)
    return report
