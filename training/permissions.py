"""Who may do what in training. Deny by default; a page someone may not use is a 404 for them.

- Every active staff member (any role, or none) sees the courses and sessions, enrols, follows
  their own trainings and certificates, and asks a training for their team.
- The training coordinator manages courses, names the first trainers, schedules, edits and
  cancels any session, records attendance, and handles team requests and intakes.
- A trainer schedules sessions of the courses they are qualified for: as one of the first
  trainers, or with a valid train-the-trainer certificate for that course (the cascade). They
  edit, cancel and record attendance of the sessions they train.
- A team request is seen by its requester, the coordinator and the trainer assigned to its
  intake; the intake is held by the coordinator or that trainer.
- A certificate PDF is for its holder and the coordinator.
- The cascade and the coverage per unit are for the coordinator and trainers; deans and the
  board also see the coverage of their institution.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.roles import RoleCode
from training.models import Certificate, CourseKind, SessionStatus, TrainerQualification

CERTIFICATE_RULE_MODES = ("off", "warn", "enforce")


def is_staff_member(user):
    return user.is_authenticated and user.is_active and not getattr(user, "is_system", False)


def is_coordinator(user):
    return is_staff_member(user) and user.has_role(RoleCode.TRAINING_COORDINATOR)


# --- Courses and trainers --------------------------------------------------------------------


def can_view_training(user):
    """The course catalogue, sessions, enrolling and 'my trainings'."""
    return is_staff_member(user)


def can_manage_courses(user):
    return is_coordinator(user)


def valid_certificates(today=None):
    """Certificates that have not lapsed."""
    return Certificate.objects.filter(expires_on__gte=today or timezone.localdate())


def valid_qualifications(today=None):
    """Qualifications that count now: the first trainers', and those whose certificate holds."""
    today = today or timezone.localdate()
    return TrainerQualification.objects.filter(
        Q(certificate__isnull=True) | Q(certificate__expires_on__gte=today),
        trainer__is_active=True,
    )


def qualified_course_ids(user):
    """The courses this person may train now (cached on the user for one request)."""
    if not is_staff_member(user) or not user.has_role(RoleCode.TRAINER):
        return frozenset()
    if not hasattr(user, "_zw_qualified_courses"):
        ids = valid_qualifications().filter(trainer=user).values_list("course_id", flat=True)
        user._zw_qualified_courses = frozenset(ids)
    return user._zw_qualified_courses


def is_certified_trainer_for(user, course):
    return course.pk in qualified_course_ids(user)


def can_schedule_session(user, course):
    """The coordinator, or a trainer certified for this course; never for an inactive course."""
    if not course.is_active:
        return False
    return is_coordinator(user) or is_certified_trainer_for(user, course)


def can_schedule_any(user):
    return is_coordinator(user) or bool(qualified_course_ids(user))


def eligible_trainers(course):
    """Who can be named as a trainer of a session of this course."""
    from accounts.models import User

    ids = valid_qualifications().filter(course=course).values("trainer_id")
    return User.objects.filter(
        pk__in=ids, is_active=True, groups__role__code=RoleCode.TRAINER
    ).distinct()


# --- Sessions --------------------------------------------------------------------------------


def _trains(user, session):
    return session.trainers.filter(pk=user.pk).exists()


def can_edit_session(user, session):
    """Change or cancel a session that has not taken place: the coordinator or its trainers."""
    if session.status in (SessionStatus.HELD, SessionStatus.CANCELLED):
        return False
    return is_coordinator(user) or (is_staff_member(user) and _trains(user, session))


def can_record_attendance(user, session):
    """Once the session has started: its trainers or the coordinator."""
    if session.status == SessionStatus.CANCELLED or session.starts_at > timezone.now():
        return False
    return is_coordinator(user) or (is_staff_member(user) and _trains(user, session))


def can_see_participants(user, session):
    return is_coordinator(user) or (is_staff_member(user) and _trains(user, session))


def can_enrol(user):
    """Every active staff member enrols; the session's own rules are checked by the service."""
    return is_staff_member(user)


# --- Certificates ------------------------------------------------------------------------------


def can_download_certificate(user, certificate):
    return is_staff_member(user) and (certificate.holder_id == user.pk or is_coordinator(user))


def certificates_visible_to(user):
    if is_coordinator(user):
        return Certificate.objects.all()
    if is_staff_member(user):
        return Certificate.objects.filter(holder=user)
    return Certificate.objects.none()


def can_view_cascade(user):
    return is_coordinator(user) or (is_staff_member(user) and user.has_role(RoleCode.TRAINER))


def can_view_coverage(user):
    return can_view_cascade(user) or (
        is_staff_member(user) and user.has_role(RoleCode.DEAN, RoleCode.BOARD)
    )


# --- Team requests ------------------------------------------------------------------------------


def can_request_team_training(user):
    return is_staff_member(user)


def can_manage_team_requests(user):
    """The list of every team request, assigning the intake and linking sessions."""
    return is_coordinator(user)


def can_view_team_request(user, team_request):
    if not is_staff_member(user):
        return False
    return (
        is_coordinator(user)
        or team_request.requester_id == user.pk
        or team_request.intake_by_id == user.pk
    )


def can_record_intake(user, team_request):
    return is_coordinator(user) or (
        is_staff_member(user)
        and team_request.intake_by_id == user.pk
        and user.has_role(RoleCode.TRAINER)
    )


def team_requests_visible_to(user):
    from training.models import TeamRequest

    if is_coordinator(user):
        return TeamRequest.objects.all()
    if is_staff_member(user):
        return TeamRequest.objects.filter(Q(requester=user) | Q(intake_by=user))
    return TeamRequest.objects.none()


# --- The optional rule for case roles ------------------------------------------------------------


def certificate_rule():
    """off, warn or enforce (setting ZW_CASE_ROLE_CERTIFICATE)."""
    return settings.ZW_CASE_ROLE_CERTIFICATE


def meets_certificate_rule(user, today=None):
    """Does this person hold a valid action-perspective certificate (needed to handle cases)?"""
    return (
        valid_certificates(today)
        .filter(holder_id=user.pk, course__kind=CourseKind.ACTION_PERSPECTIVE)
        .exists()
    )


def handler_certificate_refused(user):
    """True when the rule is enforced and this person lacks the certificate."""
    return certificate_rule() == "enforce" and not meets_certificate_rule(user)


def users_without_certificate(users, today=None):
    """Of these people, those without a valid action-perspective certificate (one query)."""
    users = list(users)
    certified = set(
        valid_certificates(today)
        .filter(holder__in=users, course__kind=CourseKind.ACTION_PERSPECTIVE)
        .values_list("holder_id", flat=True)
    )
    return [user for user in users if user.pk not in certified]
