"""Retention: legal holds, and deleting a case with everything that hangs off it.

Deleting is what retention is for, so this module removes audited rows and their history rows on
purpose — the one place in the product that does. The tombstone and the access log are what
remain. Deletion order matters: ladder steps, escalation requests and disclosures point at the
frameworks, acute reports and care-meeting decisions with PROTECT, so they go first.

PostgreSQL triggers: the signed weighing frameworks refuse UPDATE only (escalation migration
0002), and deletion never updates them (nothing points at them with SET_NULL), so no trigger has
to be lifted. The access log refuses UPDATE and DELETE; retention writes neither (see Tombstone).
"""

import logging

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import InboxItem
from cases.models import Attachment, Case, Student
from core.errors import ActionRefused, InvalidChange
from core.history import save_with_history
from core.storage import private_storage
from escalation.models import Disclosure, EscalationRequest, RungTransition
from overleg.models import AgendaItem, Meeting
from retention import policy
from retention.models import LegalHold, Tombstone
from retention.permissions import can_manage_legal_holds

log = logging.getLogger(__name__)


class RetentionRefused(ActionRefused):
    """The action is not allowed, or not any more (a hold already lifted); nothing changed."""


def _reference_refused(message):
    # About what was typed in the reference field: the form shows it there.
    return InvalidChange(message, field="reference")


# --- Legal holds ---------------------------------------------------------------------------


def set_legal_hold(*, reference, reason, acting_user):
    """Keep a case whatever its retention date, with the reason why."""
    RetentionRefused.unless(
        can_manage_legal_holds(acting_user), _("Je mag geen bewaarplicht instellen.")
    )
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(reference__iexact=reference).first()
        if case is None:
            raise _reference_refused(_("Er is geen casus met dit kenmerk."))
        if case.legal_holds.filter(lifted_at__isnull=True).exists():
            raise _reference_refused(_("Voor deze casus geldt al een bewaarplicht."))
        hold = LegalHold(case=case, reason=reason, set_by=acting_user)
        return save_with_history(hold, acting_user=acting_user, reason=reason)


def lift_legal_hold(hold, *, reason, acting_user):
    """End a legal hold; the case follows its retention date again."""
    RetentionRefused.unless(
        can_manage_legal_holds(acting_user), _("Je mag geen bewaarplicht opheffen.")
    )
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        RetentionRefused.unless(hold.is_active, _("Deze bewaarplicht is al opgeheven."))
        hold.lifted_at = timezone.now()
        hold.lifted_by = acting_user
        hold.lift_reason = reason
        return save_with_history(hold, acting_user=acting_user, reason=reason)


# --- Applying retention --------------------------------------------------------------------


def apply_retention(*, today=None, dry_run=False):
    """Delete every case past its retention date that is not on hold. Returns (retention,
    tombstone) per case due — held ones included, with no tombstone; none at all in a dry run."""
    due = policy.due_by(today or timezone.localdate())
    if dry_run:
        return [(retention, None) for retention in due]
    return [(r, None if r.on_hold else delete_case(r, today=today)) for r in due]


def delete_case(retention, *, today=None):
    """Delete one case with everything hanging off it and leave its tombstone, in one
    transaction; the attachment files go once it has committed."""
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=retention.case.pk).first()
        if case is None:  # deleted by a run at the same time
            return None
        # Checked again under the lock: the case may have been reopened or put on hold.
        current = policy.retention_of(case)
        if current is None or current.on_hold or current.date > (today or timezone.localdate()):
            return None
        files = list(Attachment.objects.filter(case=case).values_list("file", flat=True))
        tombstone = Tombstone.objects.create(
            case_id=case.pk,
            reference=case.reference,
            reported_at=case.created_at,
            closed_at=current.closed_at,
            retention_date=current.date,
            rule=current.rule[:200],
        )
        student_id = case.student_id
        _delete_case_rows(case)
        if student_id and not Case.objects.filter(student_id=student_id).exists():
            # Only the student's own history: other cases' history may name them too.
            Student.objects.filter(pk=student_id).delete()
            _delete_history({Student: [student_id]}, pointing=False)
        transaction.on_commit(lambda: _remove_files(files))
    return tombstone


def _delete_case_rows(case):
    # Collected before anything goes, from the history too: rows removed earlier still have
    # history rows that point at them.
    item_ids = _ids_ever(AgendaItem, case=case.pk)
    meeting_ids = _ids_ever(Meeting, case=case.pk)  # ad-hoc meetings about this case only
    disclosure_ids = list(Disclosure.objects.filter(case=case).values_list("pk", flat=True))
    _delete_inbox_links(case, disclosure_ids, meeting_ids)
    # PROTECT first: these point at frameworks, decisions and acute reports of the case.
    Disclosure.objects.filter(case=case).delete()
    RungTransition.objects.filter(case=case).delete()
    EscalationRequest.objects.filter(case=case).delete()
    AgendaItem.objects.filter(case=case).delete()
    Meeting.objects.filter(pk__in=meeting_ids).delete()
    # The rest cascades: frameworks, decisions, acute reports, timeline, attachments, guardian
    # rows, meeting grants and identity reveals, legal holds, incident links, team and categories.
    Case.objects.filter(pk=case.pk).delete()
    # Deleting wrote "-" history rows; now every history row of the case and its children goes.
    _delete_history({Case: [case.pk], Meeting: meeting_ids, AgendaItem: item_ids})


def _ids_ever(model, **filters):
    history = model.history.model
    return list(history.objects.filter(**filters).values_list("id", flat=True).distinct())


HISTORY_KEYS = {"history_id", "m2m_history_id"}  # simple-history's own and its m2m tables


def _history_models():
    """Historical models, including those of audited many-to-many fields."""
    return [m for m in apps.get_models() if HISTORY_KEYS & {f.name for f in m._meta.fields}]


def _delete_history(targets, *, pointing=True):
    """Delete the history rows of the target objects and (with `pointing`) every history row
    that points at one of them: children, many-to-many links, links from incidents."""
    targets = {model: ids for model, ids in targets.items() if ids}
    for history in _history_models():
        condition = Q()
        instance_type = getattr(history, "instance_type", None)
        if instance_type in targets:
            condition |= Q(id__in=targets[instance_type])
        for field in history._meta.concrete_fields if pointing else ():
            if field.is_relation and field.related_model in targets:
                condition |= Q(**{f"{field.attname}__in": targets[field.related_model]})
        if condition:
            history.objects.filter(condition).delete()


def _delete_inbox_links(case, disclosure_ids, meeting_ids):
    """Inbox links to pages that will not exist any more."""
    paths = Q(path__contains=f"/{case.reference}/")
    for pk in disclosure_ids:
        paths |= Q(path__startswith=reverse("escalation:disclosure", args=[pk]))
    for pk in meeting_ids:
        paths |= Q(path__startswith=reverse("overleg:meeting_detail", args=[pk]))
    InboxItem.objects.filter(paths).delete()


def _remove_files(names):
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        # Logged, never fatal: the case is gone, a stray file is found by name. A bucket that
        # cannot be reached raises the S3 client's own errors, not OSError.
        except Exception:
            log.exception("Could not remove the attachment file %s", name)
