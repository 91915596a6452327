"""Enrolment and the waitlist. Each write locks the session row first, so seats are counted
by one person at a time: never overbooked, and the waitlist is served in order of arrival."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify_user
from core.history import save_with_history
from training import notice_kinds, permissions
from training.models import (
    Enrolment,
    Session,
    SessionStatus,
)
from training.services.base import (
    Reason,
    Status,
    TrainingActionRefused,
    session_path,
    session_subject,
)


def _enrolled_count(session):
    return session.enrolments.filter(status=Status.ENROLLED).count()


def _check_may_enrol(session, participant, now):
    if not session.is_bookable:
        raise TrainingActionRefused(_("Voor deze sessie kun je je niet (meer) inschrijven."))
    if now > session.enrolment_deadline:
        raise TrainingActionRefused(_("De inschrijving voor deze sessie is gesloten."))
    taken = session.enrolments.filter(
        participant=participant, status__in=[Status.ENROLLED, Status.WAITLISTED]
    )
    if taken.exists():
        raise TrainingActionRefused(_("Je staat al ingeschreven voor deze sessie."))


def enrol(session, *, participant, acting_user, now=None):
    """Take a seat, or a place on the waitlist when the session is full."""
    now = now or timezone.now()
    TrainingActionRefused.unless(
        permissions.can_enrol(participant)
        and (participant == acting_user or permissions.is_coordinator(acting_user))
    )
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        _check_may_enrol(session, participant, now)
        has_seat = _enrolled_count(session) < session.capacity
        enrolment = Enrolment(
            session=session,
            participant=participant,
            status=Status.ENROLLED if has_seat else Status.WAITLISTED,
        )
        save_with_history(
            enrolment,
            acting_user=acting_user,
            reason=Reason.ENROLLED if has_seat else Reason.WAITLISTED,
        )
        if has_seat and _enrolled_count(session) >= session.capacity:
            session.fill_up()
            save_with_history(session, acting_user=acting_user, reason=Reason.SESSION_FULL)
        kind = notice_kinds.TRAINING_ENROLLED if has_seat else notice_kinds.TRAINING_WAITLISTED
        notify_user(
            participant, path=session_path(session), kind=kind, subject=session_subject(session)
        )
    return enrolment


def _promote_next(session, *, acting_user, now):
    """Give the free seat to whoever has waited longest, and tell them."""
    waiting = (
        session.enrolments.select_for_update()
        .filter(status=Status.WAITLISTED)
        .order_by("pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = Status.ENROLLED
    waiting.promoted_at = now
    save_with_history(waiting, acting_user=acting_user, reason=Reason.PROMOTED)
    notify_user(
        waiting.participant,
        path=session_path(session),
        kind=notice_kinds.TRAINING_PROMOTED,
        subject=session_subject(session),
    )
    return waiting


def fill_free_seats(session, *, acting_user, now=None):
    """After a seat came free: promote from the waitlist, and keep open/full in step."""
    now = now or timezone.now()
    promoted = []
    while _enrolled_count(session) < session.capacity:
        enrolment = _promote_next(session, acting_user=acting_user, now=now)
        if enrolment is None:
            break
        promoted.append(enrolment)
    has_room = _enrolled_count(session) < session.capacity
    if session.status == SessionStatus.FULL and has_room:
        session.free_a_seat()
        save_with_history(session, acting_user=acting_user, reason=Reason.SEAT_FREED)
    elif session.status == SessionStatus.OPEN and not has_room:
        session.fill_up()
        save_with_history(session, acting_user=acting_user, reason=Reason.SESSION_FULL)
    return promoted


def cancel_enrolment(enrolment, *, acting_user, now=None):
    """Give up a seat or a waitlist place; the first on the waitlist gets the seat."""
    now = now or timezone.now()
    TrainingActionRefused.unless(
        enrolment.participant_id == acting_user.pk or permissions.is_coordinator(acting_user)
    )
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=enrolment.session_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status == Status.CANCELLED:
            raise TrainingActionRefused(_("Je bent al uitgeschreven voor deze sessie."))
        if not session.is_bookable and session.status != SessionStatus.PLANNED:
            raise TrainingActionRefused(_("Deze sessie is al gehouden of geannuleerd."))
        if now >= session.starts_at:
            raise TrainingActionRefused(_("De sessie is al begonnen; uitschrijven kan niet meer."))
        had_seat = enrolment.status == Status.ENROLLED
        enrolment.status = Status.CANCELLED
        enrolment.cancelled_at = now
        save_with_history(enrolment, acting_user=acting_user, reason=Reason.CANCELLED_ENROLMENT)
        if had_seat:
            fill_free_seats(session, acting_user=acting_user, now=now)
    return enrolment
