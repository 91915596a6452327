"""Keeping the register of subject-access requests: registering one as it comes in, extending
its deadline once, recording its answer. Each with its history row and reason."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.dates import add_months
from core.errors import ActionRefused, InvalidChange
from core.history import save_with_history
from core.locking import lock_for_edit, save_version
from subject_access.models import SubjectAccessRequest
from subject_access.permissions import can_answer_subject_access

# The law's terms (art. 12(3) GDPR): a month from receipt, at most two more for a complex one.
MONTHS_TO_ANSWER = 1
MONTHS_EXTENDED = 3


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    REGISTERED = gettext_noop("Inzageverzoek ontvangen en vastgelegd")
    EXTENDED = gettext_noop("Termijn van het inzageverzoek verlengd")
    ANSWERED = gettext_noop("Inzageverzoek beantwoord")


class SubjectAccessRefused(ActionRefused):
    """Only the privacy officer keeps the register; the message says why a step is refused."""


def register_request(*, received_on, how, student, acting_user, today):
    """A request came in: it gets its deadline, a month after it was received."""
    SubjectAccessRefused.unless(can_answer_subject_access(acting_user))
    if received_on > today:
        raise InvalidChange(_("Een verzoek is niet in de toekomst ontvangen."), field="received_on")
    request = SubjectAccessRequest(
        received_on=received_on,
        how=how,
        student=student,
        due_on=add_months(received_on, MONTHS_TO_ANSWER),
        registered_by=acting_user,
    )
    with transaction.atomic():
        return save_with_history(request, acting_user=acting_user, reason=Reason.REGISTERED)


def extend_deadline(request, *, reason, acting_user):
    """A complex request: two months more, once, with the reason the student is told."""
    SubjectAccessRefused.unless(can_answer_subject_access(acting_user))
    with transaction.atomic():
        request = lock_for_edit(request)
        SubjectAccessRefused.unless(
            request.is_open and not request.extension_reason,
            _("De termijn is al verlengd of het verzoek is beantwoord."),
        )
        request.due_on = add_months(request.received_on, MONTHS_EXTENDED)
        request.extension_reason = reason
        return save_version(request, acting_user=acting_user, reason=Reason.EXTENDED)


def record_answer(request, *, answered_on, note, acting_user, today):
    """The request was answered (the export sent to the student): it leaves the work queue."""
    SubjectAccessRefused.unless(can_answer_subject_access(acting_user))
    if answered_on > today or answered_on < request.received_on:
        raise InvalidChange(
            _("Kies een datum tussen de ontvangst van het verzoek en vandaag."), field="answered_on"
        )
    with transaction.atomic():
        request = lock_for_edit(request)
        SubjectAccessRefused.unless(request.is_open, _("Dit verzoek is al beantwoord."))
        request.answered_on = answered_on
        request.answer_note = note
        request.answered_by = acting_user
        return save_version(request, acting_user=acting_user, reason=Reason.ANSWERED)
