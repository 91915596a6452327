"""Attendance, certificates and the cascade: a train-the-trainer certificate makes a trainer."""

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify_user
from core.dates import add_months
from core.history import recorded_as, save_with_history
from training import notice_kinds, permissions
from training.models import (
    Certificate,
    Enrolment,
    Session,
    SessionStatus,
    TrainerQualification,
)
from training.services.base import (
    Attendance,
    Reason,
    Status,
    TrainingActionRefused,
)
from training.services.courses import ensure_trainer_role


def record_attendance(session, *, marks, acting_user, now=None):
    """Mark who came (present) and who did not (no-show); those present get a certificate.
    `marks` maps enrolment ids to an Attendance value; attendance already recorded stays."""
    now = now or timezone.now()
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        TrainingActionRefused.unless(
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
            save_with_history(session, acting_user=acting_user, reason=Reason.HELD)
    return certificates


def issue_certificate(enrolment, *, acting_user):
    """Give the certificate for an attended session (once); see `record_attendance`."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=enrolment.session_id)
        TrainingActionRefused.unless(
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
        certificate.holder,
        path=reverse("training:my_trainings"),
        kind=notice_kinds.CERTIFICATE_ISSUED,
        subject=course.title[:80],
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
    ensure_trainer_role(holder, acting_user=acting_user, reason=Reason.TRAINER_ROLE)
    holder.__dict__.pop("_zw_qualified_courses", None)
