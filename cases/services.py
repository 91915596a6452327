"""Every write on a case: who acted, what changed, why — with its history row and side effects."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.notifications import notify_user
from accounts.work import forget_counts
from cases import notice_kinds, permissions
from cases.models import Attachment, Case, CaseReferenceCounter, Rung, TimelineEntry
from cases.uploads import check_upload
from core.errors import ActionRefused
from core.history import recorded_as, save_with_history
from core.locking import lock_for_edit, save_version

# What a person sees who sent a form about a case that someone else changed meanwhile.
CASE_CHANGED = gettext_lazy(
    "Iemand anders heeft deze casus net gewijzigd. Bekijk de nieuwe stand en probeer het "
    "opnieuw; je invoer staat nog in het formulier."
)


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    REPORTED = gettext_noop("Zorg gemeld")
    TAKEN = gettext_noop("Melding opgepakt")
    TIMELINE = gettext_noop("Tijdlijn aangevuld")
    ATTACHED = gettext_noop("Bijlage toegevoegd")
    LINKED = gettext_noop("Student gekoppeld")


class CaseActionRefused(ActionRefused):
    """The user may see the case but not do this to it; the message says why."""


def _next_reference(year):
    counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"ZW-{year}-{counter.last_number:04d}"


def lock_case(case, expected_version=None):
    """The case's row, locked for this transaction; a conflict when it changed since the form
    was opened on `expected_version`."""
    return lock_for_edit(case, expected_version, message=CASE_CHANGED)


def fresh_case(case):
    """The case as it is in the database now (a protected rung cannot be refreshed in place)."""
    return Case.objects.select_related("student__programme", "unit__parent", "handler").get(
        pk=case.pk
    )


def report_concern(
    *,
    reporter,
    student,
    unit,
    categories,
    signals,
    urgency,
    discussed,
    consulted,
    student_description="",
):
    """Record a new concern; it lands in the triage list of the counsellors of its unit."""
    with transaction.atomic():
        case = Case(
            reference=_next_reference(timezone.localdate().year),
            student=student,
            student_description="" if student else student_description,
            unit=student.programme if student else unit,
            reporter=reporter,
            signals_what=signals["what"],
            signals_when=signals["when"],
            signals_where=signals["where"],
            urgency=urgency,
            discussed_with_student=discussed,
            consulted_colleague=consulted,
        )
        save_with_history(case, acting_user=reporter, reason=Reason.REPORTED)
        with recorded_as(case, acting_user=reporter, reason=Reason.REPORTED):
            case.categories.set(categories)
        for counsellor in _triage_pool(case):
            _announce_in_triage(counsellor, case)
    return case


def _announce_in_triage(counsellor, case):
    notify_user(
        counsellor,
        path=_triage_path(),
        kind=notice_kinds.TRIAGE,
        subject=case.reference,
        task=triage_task(case),
    )


def triage_task(case):
    """The key of the triage pool's task to take this report on (done when someone does)."""
    return f"triage:{case.pk}"


def report_status(case):
    """The status a reporter sees of their own report, and nothing more."""
    if case.rung == Rung.CLOSED:
        return "closed"
    return "handled" if case.handler_id else "received"


def tell_reporter(case, *, before):
    """The reporter sees only their report's status: when it changed, they hear of it."""
    if report_status(case) == before:
        return
    notify_user(
        case.reporter,
        path=reverse("cases:my_reports"),
        kind=notice_kinds.REPORT_STATUS,
        subject=case.reference,
    )


def mark_report_statuses_seen(user):
    """The reporter looked at their reports: the status changes they were told of are seen."""
    # Inbox items are the person's own reminders, not audited records: a plain update.
    now = timezone.now()
    seen = user.inbox.filter(kind=notice_kinds.REPORT_STATUS, done_at__isnull=True).update(
        done_at=now, read_at=now
    )
    if seen:
        forget_counts(user.pk)


def _triage_path():
    return reverse("cases:list") + "?lijst=triage"


def _triage_pool(case):
    """The counsellors of the case's programme or of the faculty it belongs to."""
    return permissions.eligible_handlers(case)


def make_handler(case, handler):
    """On a locked case: `handler` handles it from now on and joins its team; whoever handled it
    before leaves the team unless they are a member. The caller saves the case (the ladder
    does, in `escalation.services`, because taking a report on is its first step)."""
    previous = case.handler
    case.handler = handler
    permissions.grant_team_access(case, handler)
    if previous and previous != handler and not case.members.filter(pk=previous.pk).exists():
        permissions.revoke_team_access(case, previous)


def check_certificate_rule(handler, *, own=False):
    """When the institution enforces it, only a counsellor with a valid action-perspective
    certificate can handle a case (the rule itself lives in the training app)."""
    from training.permissions import handler_certificate_refused

    if not handler_certificate_refused(handler):
        return
    if own:
        raise CaseActionRefused(
            _(
                "Je hebt geen geldig certificaat Handelingsperspectief. Volg eerst die training; "
                "daarna kun je casussen behandelen."
            )
        )
    raise CaseActionRefused(
        _(
            "%(name)s heeft geen geldig certificaat Handelingsperspectief en kan daarom geen "
            "behandelaar worden."
        )
        % {"name": handler}
    )


def change_team(case, *, members, reason, acting_user, expected_version=None):
    """Set the case team (besides the handler); everyone leaving loses access at once."""
    with transaction.atomic():
        case = lock_case(case, expected_version)
        CaseActionRefused.unless(
            permissions.can_manage_case(acting_user, case),
            _("Je mag het casusteam van deze casus niet wijzigen."),
        )
        refused = [m for m in members if not permissions.can_join_team(m)]
        if refused:
            raise CaseActionRefused(
                _("Deze mensen hebben geen rol in het zorgvuldig proces: %(names)s")
                % {"names": ", ".join(str(m) for m in refused)}
            )
        before = set(case.members.all())
        with recorded_as(case, acting_user=acting_user, reason=reason):
            case.members.set(members)
        for user in before - set(members):
            if user.pk != case.handler_id:
                permissions.revoke_team_access(case, user)
        for user in set(members) - before:
            permissions.grant_team_access(case, user)
        save_version(case, acting_user=acting_user, reason=reason)
    return case


def link_student(case, *, student, acting_user, expected_version=None):
    """Name the student of a report filed without a student number; the case follows their unit."""
    with transaction.atomic():
        case = lock_case(case, expected_version)
        CaseActionRefused.unless(
            permissions.can_link_student(acting_user, case),
            _("Je mag de student van deze casus niet vastleggen."),
        )
        CaseActionRefused.unless(
            case.student_id is None, _("Deze casus is al aan een student gekoppeld.")
        )
        moved = case.unit_id != student.programme_id
        case.student = student
        case.unit = student.programme
        save_version(case, acting_user=acting_user, reason=Reason.LINKED)
        if moved and case.handler_id is None:
            for counsellor in _triage_pool(case):
                _announce_in_triage(counsellor, case)
    return case


def add_timeline_entry(case, *, kind, occurred_on, summary, outcome, consent_given, acting_user):
    """Record a conversation, consultation, note, consent step or referral in the case."""
    with transaction.atomic():
        case = lock_case(case)
        CaseActionRefused.unless(
            permissions.can_change_case(acting_user, case),
            _("Alleen het casusteam legt iets vast in deze casus."),
        )
        entry = TimelineEntry(
            case=case,
            kind=kind,
            occurred_on=occurred_on,
            summary=summary,
            outcome=outcome,
            consent_given=consent_given,
            author=acting_user,
        )
        save_with_history(entry, acting_user=acting_user, reason=Reason.TIMELINE)
    return entry


def add_attachment(case, *, upload, description, acting_user):
    """Store a checked file with the case; a refused file leaves nothing behind."""
    content_type = check_upload(upload)
    attachment = Attachment(
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        description=description,
        uploaded_by=acting_user,
    )
    try:
        with transaction.atomic():
            case = lock_case(case)
            CaseActionRefused.unless(
                permissions.can_change_case(acting_user, case),
                _("Alleen het casusteam voegt bijlagen toe."),
            )
            attachment.case = case
            attachment.file = upload
            save_with_history(attachment, acting_user=acting_user, reason=Reason.ATTACHED)
    except BaseException:
        # The database rolled back; the file written to disk must go too.
        if attachment.file and attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
