"""Every write in training: who acted, what changed, why — one transaction each, rows locked.

Enrolment and cancellation lock the session row first, so seats are counted by one person at a
time: never overbooked, and the waitlist is served in order of arrival. Notifications go to the
in-app inbox and by e-mail after the commit (`accounts.notifications`).
"""

import calendar
import datetime
import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.notifications import Kind, notify_user, notify_users
from accounts.roles import RoleCode
from accounts.services import get_system_user, set_user_roles
from audit.history import recorded_as, save_with_history
from training import permissions
from training.models import (
    CalendarFeed,
    Certificate,
    Course,
    Enrolment,
    Intake,
    Session,
    SessionStatus,
    TeamRequest,
    TrainerQualification,
    new_feed_token,
)

Status = Enrolment.Status
Attendance = Enrolment.Attendance

COURSE_FIELDS = (
    "title", "kind", "description", "learning_goals", "duration_minutes", "validity_months",
    "is_active",
)  # fmt: skip
SESSION_FIELDS = (
    "starts_at", "ends_at", "location", "online_url", "capacity", "enrolment_deadline", "notes",
)  # fmt: skip
TEAM_REQUEST_FIELDS = (
    "unit", "team_name", "team_size", "course_kind", "question", "preferred_period",
)  # fmt: skip
INTAKE_FIELDS = (
    "held_on", "team_context", "concern_kinds", "learning_needs", "constraints",
    "recommended_course",
)  # fmt: skip


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    ENROLLED = gettext_noop("Ingeschreven")
    WAITLISTED = gettext_noop("Op de wachtlijst gezet")
    PROMOTED = gettext_noop("Van de wachtlijst ingeschreven: er kwam een plek vrij")
    CANCELLED_ENROLMENT = gettext_noop("Uitgeschreven")
    SESSION_FULL = gettext_noop("Sessie vol: nieuwe aanmeldingen op de wachtlijst")
    SEAT_FREED = gettext_noop("Er is weer plek")
    ENROLMENT_OPENED = gettext_noop("Inschrijving geopend")
    ATTENDANCE = gettext_noop("Aanwezigheid vastgelegd")
    HELD = gettext_noop("Sessie gehouden")
    CERTIFICATE = gettext_noop("Certificaat uitgereikt na aanwezigheid")
    QUALIFIED = gettext_noop("Trainer geworden met een train-de-trainercertificaat")
    TRAINER_ROLE = gettext_noop("Rol trainer gekregen met een train-de-trainercertificaat")
    REMINDER_SENT = gettext_noop("Herinnering verstuurd: de sessie begint binnenkort")
    EXPIRY_REMINDER_SENT = gettext_noop("Herinnering verstuurd: het certificaat verloopt")
    TEAM_REQUESTED = gettext_noop("Teamtraining aangevraagd")
    INTAKE = gettext_noop("Intake vastgelegd")
    FEED_CREATED = gettext_noop("Agendakoppeling aangemaakt")
    FEED_RESET = gettext_noop("Agendakoppeling vernieuwd; de oude link werkt niet meer")


class TrainingActionRefused(PermissionDenied):
    """The user may see this but not do it (now); the message says why."""


class EditConflict(Exception):
    """Someone else saved the same course or session since this user opened it."""


class InvalidChange(ValueError):
    """The change breaks a rule across objects; `field` names the form field it belongs to."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def _require(allowed, message=None):
    if not allowed:
        raise TrainingActionRefused(message or _("Je mag dit niet doen."))


def _lock(model, obj, expected_version=None):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict(
            _(
                "Iemand anders heeft dit net gewijzigd. Bekijk de nieuwe versie en probeer het "
                "opnieuw; je invoer staat nog in het formulier."
            )
        )
    return locked


def _save(obj, *, acting_user, reason, bump=True):
    if bump and obj.pk is not None and hasattr(obj, "version"):
        obj.version += 1
    return save_with_history(obj, acting_user=acting_user, reason=reason)


def _apply(obj, data, fields):
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def _session_path(session):
    return reverse("training:session_detail", args=[session.pk])


def add_months(day, months):
    """The same day `months` later; the last day of the month where that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Courses and their first trainers -------------------------------------------------------------


def _check_course_title(title, exclude_pk=None):
    if Course.objects.filter(title__iexact=title).exclude(pk=exclude_pk).exists():
        raise InvalidChange(_("Er is al een cursus met deze titel."), field="title")


def _set_course_relations(course, data, *, acting_user, reason):
    with recorded_as(course, acting_user=acting_user, reason=reason):
        if "articles" in data:
            course.articles.set(data["articles"])
        if "qualifies_for" in data:
            course.qualifies_for.set([c for c in data["qualifies_for"] if c.pk != course.pk])


def create_course(*, data, reason, acting_user):
    """Add a course to the catalogue."""
    _require(permissions.can_manage_courses(acting_user))
    _check_course_title(data["title"])
    course = Course()
    _apply(course, data, COURSE_FIELDS)
    try:
        with transaction.atomic():
            _save(course, acting_user=acting_user, reason=reason)
            _set_course_relations(course, data, acting_user=acting_user, reason=reason)
    except IntegrityError as clash:
        raise InvalidChange(_("Er is al een cursus met deze titel."), field="title") from clash
    return course


def update_course(course, *, data, reason, acting_user, expected_version=None):
    """Change a course; sessions and certificates already given keep what they were."""
    _require(permissions.can_manage_courses(acting_user))
    with transaction.atomic():
        course = _lock(Course, course, expected_version)
        _check_course_title(data.get("title", course.title), exclude_pk=course.pk)
        _apply(course, data, COURSE_FIELDS)
        _save(course, acting_user=acting_user, reason=reason)
        _set_course_relations(course, data, acting_user=acting_user, reason=reason)
    return course


def _ensure_trainer_role(user, *, acting_user, reason):
    user.__dict__.pop("role_codes", None)
    if not user.has_role(RoleCode.TRAINER):
        codes = set(user.role_codes) | {RoleCode.TRAINER}
        set_user_roles(user, codes=sorted(codes), acting_user=acting_user, reason=reason)


def grant_first_generation(course, *, trainer, reason, acting_user):
    """The coordinator names one of the first trainers of a course: where the cascade starts."""
    _require(permissions.can_manage_courses(acting_user))
    _require(
        permissions.is_staff_member(trainer),
        _("Alleen een actieve medewerker kan trainer worden."),
    )
    with transaction.atomic():
        qualification = (
            TrainerQualification.objects.select_for_update()
            .filter(trainer=trainer, course=course)
            .first()
        )
        if qualification is None:
            qualification = TrainerQualification(trainer=trainer, course=course)
        qualification.certificate = None
        save_with_history(qualification, acting_user=acting_user, reason=reason)
        _ensure_trainer_role(trainer, acting_user=acting_user, reason=reason)
    return qualification


# --- Scheduling sessions --------------------------------------------------------------------------


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
    _require(
        permissions.can_schedule_session(acting_user, course),
        _("Je bent niet gecertificeerd om sessies van deze cursus te plannen."),
    )
    _check_session_data(course, data)
    session = Session(course=course, created_by=acting_user, team_request=team_request)
    _apply(session, data, SESSION_FIELDS)
    if open_enrolment:
        session.open_enrolment()
    with transaction.atomic():
        _save(session, acting_user=acting_user, reason=reason)
        with recorded_as(session, acting_user=acting_user, reason=reason):
            session.trainers.set(data["trainers"])
        if team_request is not None:
            _mark_request_scheduled(team_request, session, acting_user=acting_user, reason=reason)
    return session


def update_session(session, *, data, reason, acting_user, expected_version=None):
    """Change time, place, trainers or seats; more seats take people off the waitlist."""
    with transaction.atomic():
        session = _lock(Session, session, expected_version)
        _require(permissions.can_edit_session(acting_user, session))
        _check_session_data(session.course, data)
        enrolled = session.enrolments.filter(status=Status.ENROLLED).count()
        if data["capacity"] < enrolled:
            raise InvalidChange(
                _("Er zijn al %(count)d mensen ingeschreven; kies minstens zoveel plaatsen.")
                % {"count": enrolled},
                field="capacity",
            )
        _apply(session, data, SESSION_FIELDS)
        _save(session, acting_user=acting_user, reason=reason)
        with recorded_as(session, acting_user=acting_user, reason=reason):
            session.trainers.set(data["trainers"])
        _fill_free_seats(session, acting_user=acting_user)
    return session


def open_session(session, *, acting_user):
    """Open a planned session for enrolment."""
    with transaction.atomic():
        session = _lock(Session, session)
        _require(permissions.can_edit_session(acting_user, session))
        _require(
            session.status == SessionStatus.PLANNED,
            _("De inschrijving van deze sessie is al open of gesloten."),
        )
        session.open_enrolment()
        _save(session, acting_user=acting_user, reason=Reason.ENROLMENT_OPENED)
    return session


def cancel_session(session, *, reason, acting_user):
    """Call a session off; everyone enrolled or waiting is told."""
    with transaction.atomic():
        session = _lock(Session, session)
        _require(
            permissions.can_edit_session(acting_user, session),
            _("Deze sessie kan niet meer worden geannuleerd."),
        )
        session.cancel()
        session.cancel_reason = reason
        _save(session, acting_user=acting_user, reason=reason)
        waiting = session.enrolments.filter(status__in=[Status.ENROLLED, Status.WAITLISTED])
        people = User.objects.filter(pk__in=waiting.values("participant_id"))
        notify_users(people, path=_session_path(session), kind=Kind.TRAINING_CANCELLED)
    return session


# --- Enrolment and the waitlist -------------------------------------------------------------------


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
    _require(
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
            _save(session, acting_user=acting_user, reason=Reason.SESSION_FULL, bump=False)
        kind = Kind.TRAINING_ENROLLED if has_seat else Kind.TRAINING_WAITLISTED
        notify_user(participant, path=_session_path(session), kind=kind)
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
    notify_user(waiting.participant, path=_session_path(session), kind=Kind.TRAINING_PROMOTED)
    return waiting


def _fill_free_seats(session, *, acting_user, now=None):
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
        _save(session, acting_user=acting_user, reason=Reason.SEAT_FREED, bump=False)
    elif session.status == SessionStatus.OPEN and not has_room:
        session.fill_up()
        _save(session, acting_user=acting_user, reason=Reason.SESSION_FULL, bump=False)
    return promoted


def cancel_enrolment(enrolment, *, acting_user, now=None):
    """Give up a seat or a waitlist place; the first on the waitlist gets the seat."""
    now = now or timezone.now()
    _require(enrolment.participant_id == acting_user.pk or permissions.is_coordinator(acting_user))
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
            _fill_free_seats(session, acting_user=acting_user, now=now)
    return enrolment


# --- Attendance, certificates and the cascade -----------------------------------------------------


def record_attendance(session, *, marks, acting_user, now=None):
    """Mark who came (present) and who did not (no-show); those present get a certificate.
    `marks` maps enrolment ids to an Attendance value; attendance already recorded stays."""
    now = now or timezone.now()
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        _require(
            session.status != SessionStatus.CANCELLED
            and session.starts_at <= now
            and (
                permissions.is_coordinator(acting_user)
                or session.trainers.filter(pk=acting_user.pk).exists()
            ),
            _("Je kunt de aanwezigheid van deze sessie niet vastleggen."),
        )
        enrolments = session.enrolments.select_for_update().filter(
            pk__in=list(marks), status=Status.ENROLLED, attendance=""
        )
        certificates = []
        for enrolment in enrolments.select_related("participant"):
            enrolment.attendance = marks[enrolment.pk]
            save_with_history(enrolment, acting_user=acting_user, reason=Reason.ATTENDANCE)
            if enrolment.attendance == Attendance.PRESENT:
                certificates.append(_issue(enrolment, session, acting_user=acting_user))
        if session.status != SessionStatus.HELD:
            session.mark_held()
            _save(session, acting_user=acting_user, reason=Reason.HELD, bump=False)
    return certificates


def issue_certificate(enrolment, *, acting_user):
    """Give the certificate for an attended session (once); see `record_attendance`."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=enrolment.session_id)
        _require(
            permissions.is_coordinator(acting_user)
            or session.trainers.filter(pk=acting_user.pk).exists()
        )
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        return _issue(enrolment, session, acting_user=acting_user)


def _issue(enrolment, session, *, acting_user):
    if enrolment.attendance != Attendance.PRESENT:
        raise TrainingActionRefused(_("Alleen wie aanwezig was krijgt een certificaat."))
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    course = session.course
    # Valid from the day of the session, whenever the trainer gets round to recording it.
    issued_on = timezone.localtime(session.ends_at).date()
    certificate = Certificate(
        number=f"ZWC-{issued_on:%Y}-{secrets.token_hex(4).upper()}",
        holder=enrolment.participant,
        course=course,
        session=session,
        enrolment=enrolment,
        issued_on=issued_on,
        expires_on=add_months(issued_on, course.validity_months),
    )
    save_with_history(certificate, acting_user=acting_user, reason=Reason.CERTIFICATE)
    with recorded_as(certificate, acting_user=acting_user, reason=Reason.CERTIFICATE):
        certificate.trained_by.set(session.trainers.all())
    if course.is_train_the_trainer:
        _qualify_as_trainer(certificate, acting_user=acting_user)
    notify_user(
        certificate.holder, path=reverse("training:my_trainings"), kind=Kind.CERTIFICATE_ISSUED
    )
    return certificate


def _qualify_as_trainer(certificate, *, acting_user):
    """The cascade: a train-the-trainer certificate makes its holder a trainer of the courses it
    prepares for, and of the train-the-trainer course itself, so the oil stain spreads."""
    holder = certificate.holder
    courses = [certificate.course, *certificate.course.qualifies_for.all()]
    for course in courses:
        qualification = (
            TrainerQualification.objects.select_for_update()
            .filter(trainer=holder, course=course)
            .first()
        )
        if qualification is not None and qualification.is_first_generation:
            continue
        qualification = qualification or TrainerQualification(trainer=holder, course=course)
        qualification.certificate = certificate
        save_with_history(qualification, acting_user=acting_user, reason=Reason.QUALIFIED)
    _ensure_trainer_role(holder, acting_user=acting_user, reason=Reason.TRAINER_ROLE)
    holder.__dict__.pop("_zw_qualified_courses", None)


# --- Reminders (run by celery beat; safe to run twice) --------------------------------------------


def remind_upcoming_sessions(now=None):
    """Remind everyone with a seat, once, that their session starts within the window."""
    from django.conf import settings

    now = now or timezone.now()
    until = now + datetime.timedelta(hours=settings.ZW_SESSION_REMINDER_HOURS)
    due = Enrolment.objects.filter(
        status=Status.ENROLLED,
        reminder_sent_at__isnull=True,
        session__status__in=[SessionStatus.PLANNED, SessionStatus.OPEN, SessionStatus.FULL],
        session__starts_at__gt=now,
        session__starts_at__lte=until,
    )
    system_user = get_system_user()
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            enrolment = Enrolment.objects.select_for_update().get(pk=pk)
            if enrolment.reminder_sent_at is not None or enrolment.status != Status.ENROLLED:
                continue
            enrolment.reminder_sent_at = now
            save_with_history(enrolment, acting_user=system_user, reason=Reason.REMINDER_SENT)
            notify_user(
                enrolment.participant,
                path=reverse("training:session_detail", args=[enrolment.session_id]),
                kind=Kind.TRAINING_REMINDER,
            )
        sent += 1
    return sent


def remind_expiring_certificates(today=None):
    """Tell holders, once per certificate, that it lapses soon — unless they renewed it."""
    from django.conf import settings

    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=settings.ZW_CERTIFICATE_REMINDER_DAYS)
    due = Certificate.objects.filter(
        expiry_reminder_sent_on__isnull=True,
        expires_on__gte=today,
        expires_on__lte=until,
        holder__is_active=True,
    )
    system_user = get_system_user()
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            certificate = Certificate.objects.select_for_update().get(pk=pk)
            if certificate.expiry_reminder_sent_on is not None or _renewed(certificate):
                continue
            certificate.expiry_reminder_sent_on = today
            save_with_history(
                certificate, acting_user=system_user, reason=Reason.EXPIRY_REMINDER_SENT
            )
            path = reverse("training:my_trainings")
            notify_user(certificate.holder, path=path, kind=Kind.CERTIFICATE_EXPIRING)
        sent += 1
    return sent


def _renewed(certificate):
    return Certificate.objects.filter(
        holder_id=certificate.holder_id,
        course_id=certificate.course_id,
        expires_on__gt=certificate.expires_on,
    ).exists()


# --- Team requests and intakes --------------------------------------------------------------------


def _coordinators():
    return User.objects.filter(
        is_active=True, is_system=False, groups__role__code=RoleCode.TRAINING_COORDINATOR
    ).distinct()


def _request_path(team_request):
    return reverse("training:team_request_detail", args=[team_request.pk])


def request_team_training(*, data, acting_user):
    """A staff member asks a training for their team; the coordinators hear of it."""
    _require(permissions.can_request_team_training(acting_user))
    team_request = TeamRequest(requester=acting_user)
    _apply(team_request, data, TEAM_REQUEST_FIELDS)
    with transaction.atomic():
        _save(team_request, acting_user=acting_user, reason=Reason.TEAM_REQUESTED)
        notify_users(_coordinators(), path=_request_path(team_request), kind=Kind.TEAM_REQUEST)
    return team_request


def assign_intake(team_request, *, trainer, reason, acting_user, expected_version=None):
    """The coordinator asks a trainer to hold the intake (or takes it back: trainer=None)."""
    _require(permissions.can_manage_team_requests(acting_user))
    if trainer is not None and not (
        permissions.is_staff_member(trainer) and trainer.has_role(RoleCode.TRAINER)
    ):
        raise InvalidChange(_("Kies een trainer."), field="trainer")
    with transaction.atomic():
        team_request = _lock(TeamRequest, team_request, expected_version)
        team_request.intake_by = trainer
        _save(team_request, acting_user=acting_user, reason=reason)
        if trainer is not None:
            notify_user(trainer, path=_request_path(team_request), kind=Kind.TEAM_REQUEST)
    return team_request


def record_intake(team_request, *, data, acting_user):
    """Write down what the intake found (no personal data); the requester hears of it."""
    with transaction.atomic():
        team_request = _lock(TeamRequest, team_request)
        _require(permissions.can_record_intake(acting_user, team_request))
        intake = Intake.objects.filter(request=team_request).first() or Intake(request=team_request)
        _apply(intake, data, INTAKE_FIELDS)
        intake.held_by = acting_user
        save_with_history(intake, acting_user=acting_user, reason=Reason.INTAKE)
        if team_request.status == TeamRequest.Status.SUBMITTED:
            team_request.status = TeamRequest.Status.INTAKE_HELD
            _save(team_request, acting_user=acting_user, reason=Reason.INTAKE)
        notify_user(
            team_request.requester,
            path=_request_path(team_request),
            kind=Kind.TEAM_REQUEST_UPDATE,
        )
    return intake


def _mark_request_scheduled(team_request, session, *, acting_user, reason):
    team_request = TeamRequest.objects.select_for_update().get(pk=team_request.pk)
    if not hasattr(team_request, "intake"):
        raise InvalidChange(_("Houd eerst de intake; daarna plan je de sessie op maat."))
    team_request.status = TeamRequest.Status.SCHEDULED
    _save(team_request, acting_user=acting_user, reason=reason)
    notify_user(
        team_request.requester, path=_request_path(team_request), kind=Kind.TEAM_REQUEST_UPDATE
    )


def link_session(team_request, *, session, reason, acting_user):
    """Link a tailor-made session to the team request it was planned for."""
    with transaction.atomic():
        team_request = _lock(TeamRequest, team_request)
        _require(permissions.can_record_intake(acting_user, team_request))
        session = _lock(Session, session)
        if session.is_cancelled or session.status == SessionStatus.HELD:
            raise InvalidChange(_("Kies een sessie die nog moet plaatsvinden."), field="session")
        if session.team_request_id not in (None, team_request.pk):
            raise InvalidChange(_("Deze sessie hoort al bij een andere aanvraag."), field="session")
        _mark_request_scheduled(team_request, session, acting_user=acting_user, reason=reason)
        session.team_request = team_request
        _save(session, acting_user=acting_user, reason=reason)
    return session


# --- The personal calendar feed -------------------------------------------------------------------


def calendar_feed_for(user):
    """The person's calendar feed, made on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    feed = CalendarFeed(user=user)
    try:
        with transaction.atomic():
            save_with_history(feed, acting_user=user, reason=Reason.FEED_CREATED)
    except IntegrityError:  # made a moment ago in another tab
        return CalendarFeed.objects.get(user=user)
    return feed


def reset_calendar_feed(user, *, acting_user):
    """A new secret address; the old one stops working at once."""
    _require(acting_user == user)
    with transaction.atomic():
        feed = calendar_feed_for(user)
        feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
        feed.token = new_feed_token()
        save_with_history(feed, acting_user=acting_user, reason=Reason.FEED_RESET)
    return feed
