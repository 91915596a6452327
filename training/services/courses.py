"""Courses and the first trainers of each, where the cascade starts."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.roles import RoleCode
from accounts.services import set_user_roles
from core.errors import InvalidChange
from core.history import recorded_as, save_with_history
from core.locking import lock_for_edit, save_version
from training import permissions
from training.models import (
    Course,
    TrainerQualification,
)
from training.services.base import COURSE_FIELDS, TrainingActionRefused, apply_fields


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
    TrainingActionRefused.unless(permissions.can_manage_courses(acting_user))
    _check_course_title(data["title"])
    course = Course()
    apply_fields(course, data, COURSE_FIELDS)
    try:
        with transaction.atomic():
            save_with_history(course, acting_user=acting_user, reason=reason)
            _set_course_relations(course, data, acting_user=acting_user, reason=reason)
    except IntegrityError as clash:
        raise InvalidChange(_("Er is al een cursus met deze titel."), field="title") from clash
    return course


def update_course(course, *, data, reason, acting_user, expected_version=None):
    """Change a course; sessions and certificates already given keep what they were."""
    TrainingActionRefused.unless(permissions.can_manage_courses(acting_user))
    with transaction.atomic():
        course = lock_for_edit(course, expected_version)
        _check_course_title(data.get("title", course.title), exclude_pk=course.pk)
        apply_fields(course, data, COURSE_FIELDS)
        save_version(course, acting_user=acting_user, reason=reason)
        _set_course_relations(course, data, acting_user=acting_user, reason=reason)
    return course


def ensure_trainer_role(user, *, acting_user, reason):
    """Give `user` the trainer role unless they hold it (inside the caller's transaction)."""
    user.__dict__.pop("role_codes", None)
    if not user.has_role(RoleCode.TRAINER):
        codes = set(user.role_codes) | {RoleCode.TRAINER}
        set_user_roles(user, codes=sorted(codes), acting_user=acting_user, reason=reason)


def grant_first_generation(course, *, trainer, reason, acting_user):
    """The coordinator names one of the first trainers of a course: where the cascade starts."""
    TrainingActionRefused.unless(permissions.can_manage_courses(acting_user))
    TrainingActionRefused.unless(
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
        ensure_trainer_role(trainer, acting_user=acting_user, reason=reason)
    return qualification
