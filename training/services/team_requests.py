"""Team-training requests, their intake and the tailor-made session linked to them."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications import notify_user, notify_users
from accounts.roles import RoleCode
from core.errors import InvalidChange
from core.history import save_with_history
from core.locking import lock_for_edit, save_version
from training import notice_kinds, permissions
from training.models import (
    Intake,
    SessionStatus,
    TeamRequest,
)
from training.services.base import (
    INTAKE_FIELDS,
    TEAM_REQUEST_FIELDS,
    Reason,
    TrainingActionRefused,
    apply_fields,
)


def _coordinators():
    return User.objects.filter(
        is_active=True, is_system=False, groups__role__code=RoleCode.TRAINING_COORDINATOR
    ).distinct()


def _request_path(team_request):
    return reverse("training:team_request_detail", args=[team_request.pk])


def request_team_training(*, data, acting_user):
    """A staff member asks a training for their team; the coordinators hear of it."""
    TrainingActionRefused.unless(permissions.can_request_team_training(acting_user))
    team_request = TeamRequest(requester=acting_user)
    apply_fields(team_request, data, TEAM_REQUEST_FIELDS)
    with transaction.atomic():
        save_with_history(team_request, acting_user=acting_user, reason=Reason.TEAM_REQUESTED)
        notify_users(
            _coordinators(),
            path=_request_path(team_request),
            kind=notice_kinds.TEAM_REQUEST,
            subject=team_request.team_name[:80],
        )
    return team_request


def assign_intake(team_request, *, trainer, reason, acting_user, expected_version=None):
    """The coordinator asks a trainer to hold the intake (or takes it back: trainer=None)."""
    TrainingActionRefused.unless(permissions.can_manage_team_requests(acting_user))
    if trainer is not None and not (
        permissions.is_staff_member(trainer) and trainer.has_role(RoleCode.TRAINER)
    ):
        raise InvalidChange(_("Kies een trainer."), field="trainer")
    with transaction.atomic():
        team_request = lock_for_edit(team_request, expected_version)
        team_request.intake_by = trainer
        save_version(team_request, acting_user=acting_user, reason=reason)
        if trainer is not None:
            notify_user(
                trainer,
                path=_request_path(team_request),
                kind=notice_kinds.TEAM_REQUEST,
                subject=team_request.team_name[:80],
            )
    return team_request


def record_intake(team_request, *, data, acting_user):
    """Write down what the intake found (no personal data); the requester hears of it."""
    with transaction.atomic():
        team_request = lock_for_edit(team_request)
        TrainingActionRefused.unless(permissions.can_record_intake(acting_user, team_request))
        intake = Intake.objects.filter(request=team_request).first() or Intake(request=team_request)
        apply_fields(intake, data, INTAKE_FIELDS)
        intake.held_by = acting_user
        save_with_history(intake, acting_user=acting_user, reason=Reason.INTAKE)
        if team_request.status == TeamRequest.Status.SUBMITTED:
            team_request.status = TeamRequest.Status.INTAKE_HELD
            save_version(team_request, acting_user=acting_user, reason=Reason.INTAKE)
        notify_user(
            team_request.requester,
            path=_request_path(team_request),
            kind=notice_kinds.TEAM_REQUEST_UPDATE,
            subject=team_request.team_name[:80],
        )
    return intake


def mark_request_scheduled(team_request, session, *, acting_user, reason):
    """Mark the request scheduled with `session` and tell the requester (caller's transaction)."""
    team_request = TeamRequest.objects.select_for_update().get(pk=team_request.pk)
    if not hasattr(team_request, "intake"):
        raise InvalidChange(_("Houd eerst de intake; daarna plan je de sessie op maat."))
    team_request.status = TeamRequest.Status.SCHEDULED
    save_version(team_request, acting_user=acting_user, reason=reason)
    notify_user(
        team_request.requester,
        path=_request_path(team_request),
        kind=notice_kinds.TEAM_REQUEST_UPDATE,
        subject=team_request.team_name[:80],
    )


def link_session(team_request, *, session, reason, acting_user):
    """Link a tailor-made session to the team request it was planned for."""
    with transaction.atomic():
        team_request = lock_for_edit(team_request)
        TrainingActionRefused.unless(permissions.can_record_intake(acting_user, team_request))
        session = lock_for_edit(session)
        if session.is_cancelled or session.status == SessionStatus.HELD:
            raise InvalidChange(_("Kies een sessie die nog moet plaatsvinden."), field="session")
        if session.team_request_id not in (None, team_request.pk):
            raise InvalidChange(_("Deze sessie hoort al bij een andere aanvraag."), field="session")
        mark_request_scheduled(team_request, session, acting_user=acting_user, reason=reason)
        session.team_request = team_request
        save_version(session, acting_user=acting_user, reason=reason)
    return session
