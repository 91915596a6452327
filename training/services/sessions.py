"""Scheduling, changing, opening and cancelling sessions."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications import notify_users
from core.errors import InvalidChange
from core.history import recorded_as, save_with_history
from core.locking import lock_for_edit, save_version
from training import notice_kinds, permissions
from training.models import (
    Session,
    SessionStatus,
)
from training.services.base import (
    SESSION_FIELDS,
    Reason,
    Status,
    TrainingActionRefused,
    apply_fields,
    session_path,
    session_subject,
)
from training.services.enrolment import fill_free_seats
from training.services.team_requests import mark_request_scheduled


def _check_session_data(course, data):
    if data["ends_at"] <= data["starts_at"]:
        raise InvalidChange(_("De sessie moet eindigen na het begin."), field="ends_at")
    if data["enrolment_deadline"] > data["starts_at"]:
        raise InvalidChange(
            _("Inschrijven moet sluiten op of vóór het begin van de sessie."),
            field="enrolment_deadline",
        )
    if not data.get("location") and not data.get("online_url"):
        raise InvalidChange(
            _("Vul een plaats of een link voor online deelname in."), field="location"
        )
    trainers = list(data["trainers"])
    if not trainers:
        raise InvalidChange(_("Kies minstens één trainer."), field="trainers")
    eligible = set(permissions.eligible_trainers(course).values_list("pk", flat=True))
    unqualified = [t for t in trainers if t.pk not in eligible]
    if unqualified:
        raise InvalidChange(
            _("Niet gecertificeerd als trainer voor deze cursus: %(names)s")
            % {"names": ", ".join(str(t) for t in unqualified)},
            field="trainers",
        )


def schedule_session(course, *, data, open_enrolment, reason, acting_user, team_request=None):
    """Plan a session of a course: only a trainer certified for it, or the coordinator."""
    TrainingActionRefused.unless(
        permissions.can_schedule_session(acting_user, course),
        _("Je bent niet gecertificeerd om sessies van deze cursus te plannen."),
    )
    _check_session_data(course, data)
    session = Session(course=course, created_by=acting_user, team_request=team_request)
    apply_fields(session, data, SESSION_FIELDS)
    if open_enrolment:
        session.open_enrolment()
    with transaction.atomic():
        save_with_history(session, acting_user=acting_user, reason=reason)
        with recorded_as(session, acting_user=acting_user, reason=reason):
            session.trainers.set(data["trainers"])
        if team_request is not None:
            mark_request_scheduled(team_request, session, acting_user=acting_user, reason=reason)
    return session


def update_session(session, *, data, reason, acting_user, expected_version=None):
    """Change time, place, trainers or seats; more seats take people off the waitlist."""
    with transaction.atomic():
        session = lock_for_edit(session, expected_version)
        TrainingActionRefused.unless(permissions.can_edit_session(acting_user, session))
        _check_session_data(session.course, data)
        enrolled = session.enrolments.filter(status=Status.ENROLLED).count()
        if data["capacity"] < enrolled:
            raise InvalidChange(
                _("Er zijn al %(count)d mensen ingeschreven; kies minstens zoveel plaatsen.")
                % {"count": enrolled},
                field="capacity",
            )
        apply_fields(session, data, SESSION_FIELDS)
        save_version(session, acting_user=acting_user, reason=reason)
        with recorded_as(session, acting_user=acting_user, reason=reason):
            session.trainers.set(data["trainers"])
        fill_free_seats(session, acting_user=acting_user)
    return session


def open_session(session, *, acting_user):
    """Open a planned session for enrolment."""
    with transaction.atomic():
        session = lock_for_edit(session)
        TrainingActionRefused.unless(permissions.can_edit_session(acting_user, session))
        TrainingActionRefused.unless(
            session.status == SessionStatus.PLANNED,
            _("De inschrijving van deze sessie is al open of gesloten."),
        )
        session.open_enrolment()
        save_version(session, acting_user=acting_user, reason=Reason.ENROLMENT_OPENED)
    return session


def cancel_session(session, *, reason, acting_user):
    """Call a session off; everyone enrolled or waiting is told."""
    with transaction.atomic():
        session = lock_for_edit(session)
        TrainingActionRefused.unless(
            permissions.can_edit_session(acting_user, session),
            _("Deze sessie kan niet meer worden geannuleerd."),
        )
        session.cancel()
        session.cancel_reason = reason
        save_version(session, acting_user=acting_user, reason=reason)
        waiting = session.enrolments.filter(status__in=[Status.ENROLLED, Status.WAITLISTED])
        people = User.objects.filter(pk__in=waiting.values("participant_id"))
        notify_users(
            people,
            path=session_path(session),
            kind=notice_kinds.TRAINING_CANCELLED,
            subject=session_subject(session),
        )
    return session
