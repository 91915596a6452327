"""Every write on a case: who acted, what changed, why — with its history row and side effects."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from guardian.shortcuts import assign_perm, remove_perm

from accounts.notifications import notify_user
from accounts.roles import RoleCode
from cases import notice_kinds, permissions
from cases.models import Attachment, Case, CaseReferenceCounter, Rung, TimelineEntry
from cases.uploads import check_upload
from core.history import recorded_as, save_with_history

TEAM_PERMISSIONS = ("view_case", "change_case")


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    REPORTED = gettext_noop("Zorg gemeld")
    TAKEN = gettext_noop("Melding opgepakt")
    TIMELINE = gettext_noop("Tijdlijn aangevuld")
    ATTACHED = gettext_noop("Bijlage toegevoegd")
    LINKED = gettext_noop("Student gekoppeld")


class CaseActionRefused(PermissionDenied):
    """The user may see the case but not do this to it; the message says why."""


class CaseConflict(Exception):
    """Someone else changed the case since this user opened it."""


def _next_reference(year):
    counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"ZW-{year}-{counter.last_number:04d}"


def _lock(case, expected_version=None):
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise CaseConflict(
            _(
                "Iemand anders heeft deze casus net gewijzigd. Bekijk de nieuwe stand en probeer "
                "het opnieuw; je invoer staat nog in het formulier."
            )
        )
    return locked


def fresh_case(case):
    """The case as it is in the database now (a protected rung cannot be refreshed in place)."""
    return Case.objects.select_related("student__programme", "unit__parent", "handler").get(
        pk=case.pk
    )


def _save_case(case, *, acting_user, reason):
    case.version += 1
    save_with_history(case, acting_user=acting_user, reason=reason)


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
            notify_user(counsellor, path="/casussen/?lijst=triage", kind=notice_kinds.TRIAGE)
    return case


def _triage_pool(case):
    """The counsellors of the case's programme or of the faculty it belongs to."""
    return permissions.eligible_handlers(case)


def _grant_team(case, user):
    for codename in TEAM_PERMISSIONS:
        assign_perm(codename, user, case)


def _revoke_team(case, user):
    for codename in TEAM_PERMISSIONS:
        remove_perm(codename, user, case)


def _start_handling(case, handler, *, acting_user, reason):
    """Make `handler` the handler; a report still at the signal rung moves to support."""
    case.handler = handler
    taking_on = case.rung == Rung.SIGNAL
    if taking_on:
        case.take_on()
        days = datetime.timedelta(days=settings.ZW_FIRST_REVIEW_DAYS)
        case.next_review = timezone.localdate() + days
    _save_case(case, acting_user=acting_user, reason=reason)
    _grant_team(case, handler)
    if taking_on:
        _record_take_on(case, handler, acting_user=acting_user, reason=reason)


def _record_take_on(case, handler, *, acting_user, reason):
    # The ladder's transition rows live in the escalation app, which builds on this one.
    from escalation.models import RungTransition

    role = RoleCode.DEAN if handler != acting_user else RoleCode.COUNSELLOR
    row = RungTransition(
        case=case,
        kind=RungTransition.Kind.TAKE_ON,
        from_rung=Rung.SIGNAL,
        to_rung=Rung.SUPPORT,
        actor=acting_user,
        role_held=role,
        on_rung_since=case.created_at,  # taking on is a case's first step
        reason=reason,
    )
    save_with_history(row, acting_user=acting_user, reason=reason)


def _check_certificate_rule(handler, *, own=False):
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


def take_case(case, *, acting_user):
    """A counsellor of the unit takes an untaken report and becomes its handler."""
    with transaction.atomic():
        case = _lock(case)
        if case.handler_id is not None:
            raise CaseActionRefused(_("Deze melding is al opgepakt door een collega."))
        if not permissions.can_take_case(acting_user, case):
            raise CaseActionRefused(_("Je kunt alleen meldingen van je eigen eenheden oppakken."))
        _check_certificate_rule(acting_user, own=True)
        _start_handling(case, acting_user, acting_user=acting_user, reason=Reason.TAKEN)
    return case


def assign_handler(case, *, handler, reason, acting_user, expected_version=None):
    """A dean (or the current handler) names who handles the case."""
    with transaction.atomic():
        case = _lock(case, expected_version)
        if not permissions.can_manage_case(acting_user, case):
            raise CaseActionRefused(_("Je mag de behandelaar van deze casus niet wijzigen."))
        if not permissions.can_handle(handler, case):
            raise CaseActionRefused(
                _("Alleen een studentbegeleider van de eenheid van de casus kan behandelaar zijn.")
            )
        _check_certificate_rule(handler)
        previous = case.handler
        _start_handling(case, handler, acting_user=acting_user, reason=reason)
        if previous and previous != handler and not case.members.filter(pk=previous.pk).exists():
            _revoke_team(case, previous)
        notify_user(handler, path=f"/casussen/{case.reference}/", kind=notice_kinds.ASSIGNED)
    return case


def change_team(case, *, members, reason, acting_user, expected_version=None):
    """Set the case team (besides the handler); everyone leaving loses access at once."""
    with transaction.atomic():
        case = _lock(case, expected_version)
        if not permissions.can_manage_case(acting_user, case):
            raise CaseActionRefused(_("Je mag het casusteam van deze casus niet wijzigen."))
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
                _revoke_team(case, user)
        for user in set(members) - before:
            _grant_team(case, user)
        _save_case(case, acting_user=acting_user, reason=reason)
    return case


def link_student(case, *, student, acting_user, expected_version=None):
    """Name the student of a report filed without a student number; the case follows their unit."""
    with transaction.atomic():
        case = _lock(case, expected_version)
        if not permissions.can_link_student(acting_user, case):
            raise CaseActionRefused(_("Je mag de student van deze casus niet vastleggen."))
        if case.student_id is not None:
            raise CaseActionRefused(_("Deze casus is al aan een student gekoppeld."))
        moved = case.unit_id != student.programme_id
        case.student = student
        case.unit = student.programme
        _save_case(case, acting_user=acting_user, reason=Reason.LINKED)
        if moved and case.handler_id is None:
            for counsellor in _triage_pool(case):
                notify_user(counsellor, path="/casussen/?lijst=triage", kind=notice_kinds.TRIAGE)
    return case


def add_timeline_entry(case, *, kind, occurred_on, summary, outcome, consent_given, acting_user):
    """Record a conversation, consultation, note, consent step or referral in the case."""
    with transaction.atomic():
        case = _lock(case)
        if not permissions.can_change_case(acting_user, case):
            raise CaseActionRefused(_("Alleen het casusteam legt iets vast in deze casus."))
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
            case = _lock(case)
            if not permissions.can_change_case(acting_user, case):
                raise CaseActionRefused(_("Alleen het casusteam voegt bijlagen toe."))
            attachment.case = case
            attachment.file = upload
            save_with_history(attachment, acting_user=acting_user, reason=Reason.ATTACHED)
    except BaseException:
        # The database rolled back; the file written to disk must go too.
        if attachment.file and attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
