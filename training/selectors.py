"""Reading training data. Lists take a fixed number of queries however much data there is."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import OrganisationUnit, Role, User
from core.dates import on_days_of, within
from training import permissions
from training.models import (
    Certificate,
    Course,
    CourseKind,
    Enrolment,
    Intake,
    Session,
    SessionStatus,
    TeamRequest,
    TrainerQualification,
)

Status = Enrolment.Status
ACTIVE_STATUSES = [SessionStatus.PLANNED, SessionStatus.OPEN, SessionStatus.FULL]


# --- Courses and sessions ----------------------------------------------------------------------


def courses_for(user):
    """The catalogue: active courses for everyone, inactive ones too for the coordinator."""
    courses = Course.objects.all()
    if not permissions.can_manage_courses(user):
        courses = courses.filter(is_active=True)
    upcoming = Count(
        "sessions",
        filter=Q(sessions__starts_at__gte=timezone.now(), sessions__status__in=ACTIVE_STATUSES),
    )
    return list(courses.annotate(upcoming_count=upcoming).order_by("kind", "title"))


def get_course_for(user, pk):
    courses = Course.objects.all()
    if not permissions.can_manage_courses(user):
        courses = courses.filter(is_active=True)
    return courses.filter(pk=pk).prefetch_related("articles", "qualifies_for").first()


def _with_counts(sessions, user):
    own = Enrolment.objects.filter(
        session=OuterRef("pk"),
        participant_id=user.pk,
        status__in=[Status.ENROLLED, Status.WAITLISTED],
    )
    return (
        sessions.select_related("course")
        .prefetch_related(Prefetch("trainers", queryset=User.objects.order_by("last_name")))
        .annotate(
            seats_taken=Count("enrolments", filter=Q(enrolments__status=Status.ENROLLED)),
            waitlist_count=Count("enrolments", filter=Q(enrolments__status=Status.WAITLISTED)),
            own_status=Subquery(own.values("status")[:1]),
        )
    )


def upcoming_sessions(user, *, course=None, limit=50):
    """Sessions still to come (cancelled ones too, so people see it), earliest first."""
    sessions = Session.objects.filter(ends_at__gte=timezone.now())
    if course is not None:
        sessions = sessions.filter(course=course)
    return list(_with_counts(sessions, user).order_by("starts_at", "pk")[:limit])


def past_sessions(course, user, *, limit=20):
    sessions = Session.objects.filter(course=course, ends_at__lt=timezone.now())
    return list(_with_counts(sessions, user).order_by("-starts_at", "-pk")[:limit])


def get_session(user, pk):
    """Every staff member may look at any session; counts and their own place come along."""
    if not permissions.can_view_training(user):
        return None
    return _with_counts(Session.objects.filter(pk=pk), user).first()


def own_enrolment(user, session):
    return (
        Enrolment.objects.filter(
            session=session, participant=user, status__in=[Status.ENROLLED, Status.WAITLISTED]
        )
        .order_by("-pk")
        .first()
    )


def waitlist_position(enrolment):
    if enrolment is None or enrolment.status != Status.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(
        session_id=enrolment.session_id, status=Status.WAITLISTED, pk__lt=enrolment.pk
    )
    return ahead.count() + 1


def participants_of(session):
    """Seats and waitlist in order of arrival, for the trainers and the coordinator."""
    enrolments = (
        session.enrolments.filter(status__in=[Status.ENROLLED, Status.WAITLISTED])
        .select_related("participant", "certificate")
        .order_by("pk")
    )
    enrolled = [e for e in enrolments if e.status == Status.ENROLLED]
    waitlisted = [e for e in enrolments if e.status == Status.WAITLISTED]
    return enrolled, waitlisted


# A national instance has a thousand trainers of the basic course: its page names a few and
# counts the rest (the coordinator's trainers page lists them all).
TRAINERS_SHOWN = 12


def trainers_of_course(course, *, limit=None):
    """Who may train this course, and on what grounds (the first `limit` of them)."""
    qualifications = (
        TrainerQualification.objects.filter(course=course)
        .select_related("trainer", "certificate")
        .order_by("trainer__last_name", "trainer__first_name", "pk")
    )
    return list(qualifications[:limit])


def trainer_count(course):
    """How many may train this course (one count, whatever the number)."""
    return TrainerQualification.objects.filter(course=course).count()


def sessions_needing_attendance(user):
    """Sessions that started, are not cancelled and have no attendance recorded yet."""
    sessions = Session.objects.filter(starts_at__lte=timezone.now(), status__in=ACTIVE_STATUSES)
    if not permissions.is_coordinator(user):
        sessions = sessions.filter(trainers=user)
    return sessions


# --- My trainings ------------------------------------------------------------------------------


def enrolments_of(user):
    return list(
        Enrolment.objects.filter(participant=user)
        .exclude(status=Status.CANCELLED, session__ends_at__lt=timezone.now())
        .select_related("session__course")
        .order_by("-session__starts_at", "-pk")[:100]
    )


def certificates_of(user):
    return list(
        Certificate.objects.filter(holder=user)
        .select_related("course")
        .prefetch_related("trained_by")
        .order_by("-issued_on", "-pk")
    )


def sessions_trained_by(user):
    sessions = Session.objects.filter(trainers=user, ends_at__gte=timezone.now())
    return list(_with_counts(sessions, user).order_by("starts_at")[:50])


def feed_sessions(user):
    """What the personal calendar feed lists: sessions the person has a seat in or trains."""
    seated = Enrolment.objects.filter(participant=user, status=Status.ENROLLED)
    return list(
        Session.objects.filter(Q(pk__in=seated.values("session_id")) | Q(trainers=user))
        .filter(starts_at__gte=timezone.now() - datetime.timedelta(days=90))
        .select_related("course")
        .distinct()
        .order_by("starts_at")
    )


# --- Team requests -----------------------------------------------------------------------------


def team_requests_for(user, *, status=""):
    requests = permissions.team_requests_visible_to(user)
    if status:
        requests = requests.filter(status=status)
    return list(requests.select_related("requester", "unit", "intake_by").order_by("-created_at"))


def get_team_request_for(user, pk):
    return (
        permissions.team_requests_visible_to(user)
        .filter(pk=pk)
        .select_related("requester", "unit", "intake_by")
        .first()
    )


def open_team_requests():
    return TeamRequest.objects.exclude(status=TeamRequest.Status.SCHEDULED)


def linkable_sessions():
    return (
        Session.objects.filter(
            starts_at__gte=timezone.now(), status__in=ACTIVE_STATUSES, team_request__isnull=True
        )
        .select_related("course")
        .order_by("starts_at")
    )


# --- The cascade -------------------------------------------------------------------------------


@dataclass
class CascadeNode:
    person: User
    generation: int
    courses: list = field(default_factory=list)  # course titles this person may train
    trained_count: int = 0  # certificates issued in sessions they trained
    children: list = field(default_factory=list)


def cascade_tree(today=None):
    """The first trainers, and under each trainer the people who became a trainer in a
    train-the-trainer session they gave. Four queries, whatever the size."""
    today = today or timezone.localdate()
    qualifications = list(
        permissions.valid_qualifications(today).select_related("trainer", "course")
    )
    ttt = list(
        Certificate.objects.filter(course__kind=CourseKind.TRAIN_THE_TRAINER, expires_on__gte=today)
        .prefetch_related("trained_by")
        .order_by("issued_on", "pk")
    )
    through = Certificate.trained_by.through
    trained = dict(
        through.objects.values("user_id")
        .annotate(n=Count("certificate_id"))
        .values_list("user_id", "n")
    )
    return _build_tree(qualifications, ttt, trained)


def _build_tree(qualifications, ttt_certificates, trained):
    nodes, roots = {}, []
    for q in qualifications:
        node = nodes.get(q.trainer_id)
        if node is None:
            node = nodes[q.trainer_id] = CascadeNode(q.trainer, 0, [], trained.get(q.trainer_id, 0))
            if q.is_first_generation:
                roots.append(node)
        node.courses.append(q.course.title)
    # Each trainer hangs under the first trainer of their earliest train-the-trainer session; a
    # person is placed once (the cascade is a tree even when someone was co-trained).
    placed = {node.person.pk for node in roots}
    parent_of = {}
    for certificate in ttt_certificates:
        holder = certificate.holder_id
        if holder in placed or holder not in nodes:
            continue
        trainers = sorted(certificate.trained_by.all(), key=lambda u: (u.last_name, u.pk))
        parent = next((t.pk for t in trainers if t.pk in nodes and t.pk != holder), None)
        if parent is not None:
            parent_of[holder] = parent
            placed.add(holder)
    for holder, parent in parent_of.items():
        nodes[parent].children.append(nodes[holder])
    # Someone whose own trainer no longer qualifies still shows, at the top.
    roots += [n for pk, n in nodes.items() if pk not in placed]
    _number_generations(roots, 1)
    for node in nodes.values():
        node.courses.sort()
        node.children.sort(key=lambda n: (n.person.last_name, n.person.first_name))
    roots.sort(key=lambda n: (n.person.last_name, n.person.first_name))
    return roots


def _number_generations(nodes, generation):
    for node in nodes:
        node.generation = generation
        _number_generations(node.children, generation + 1)


def flatten_tree(roots):
    """Every node of the tree, depth first (for tests and counts)."""
    result = []
    for node in roots:
        result.append(node)
        result.extend(flatten_tree(node.children))
    return result


# --- Coverage per unit (the oil stain) -----------------------------------------------------------


@dataclass
class CoverageRow:
    unit: OrganisationUnit
    staff: int
    covered: int
    is_faculty: bool

    @property
    def share(self):
        return round(100 * self.covered / self.staff) if self.staff else 0


def _staff_memberships(today):
    through = User.units.through
    valid = permissions.valid_certificates(today).filter(
        holder_id=OuterRef("user_id"), course__kind=CourseKind.BASIC_KNOWLEDGE
    )
    return through.objects.filter(user__is_active=True, user__is_system=False).annotate(
        certified=Exists(valid)
    )


def _counts(memberships, key):
    rows = memberships.values(key=key).annotate(
        staff=Count("user_id", distinct=True),
        covered=Count("user_id", distinct=True, filter=Q(certified=True)),
    )
    return {row["key"]: (row["staff"], row["covered"]) for row in rows}


def coverage_per_unit(today=None):
    """Per faculty (its programmes included) and per programme: how many active staff members
    hold a valid basic-knowledge certificate. Four queries, whatever the size."""
    today = today or timezone.localdate()
    memberships = _staff_memberships(today)
    per_unit = _counts(memberships, F("organisationunit_id"))
    per_faculty = _counts(
        memberships, Coalesce("organisationunit__parent_id", "organisationunit_id")
    )
    units = list(OrganisationUnit.objects.filter(is_active=True).order_by("name"))
    rows = []
    for faculty in (u for u in units if u.parent_id is None):
        staff, covered = per_faculty.get(faculty.pk, (0, 0))
        rows.append(CoverageRow(faculty, staff, covered, True))
        for programme in (u for u in units if u.parent_id == faculty.pk):
            staff, covered = per_unit.get(programme.pk, (0, 0))
            rows.append(CoverageRow(programme, staff, covered, False))
    return rows


def coverage_total(today=None):
    """The whole institution: every active staff member, with or without a unit."""
    today = today or timezone.localdate()
    valid = permissions.valid_certificates(today).filter(
        holder_id=OuterRef("pk"), course__kind=CourseKind.BASIC_KNOWLEDGE
    )
    totals = User.objects.filter(is_active=True, is_system=False).aggregate(
        staff=Count("pk"), covered=Count("pk", filter=Q(Exists(valid)))
    )
    return totals["staff"], totals["covered"]


# --- Aggregates (the programme dashboard): counts, never a person ----------------------------


def coverage_per_faculty(day):
    """{faculty id: (staff with a valid basic-knowledge certificate on `day`, staff without)}.
    Staff: active people holding a role, in the faculty or one of its programmes."""
    through = User.units.through
    holds_role = Role.objects.filter(group__user=OuterRef("user_id"))
    valid = permissions.valid_certificates(day).filter(
        holder_id=OuterRef("user_id"), course__kind=CourseKind.BASIC_KNOWLEDGE, issued_on__lte=day
    )
    rows = (
        through.objects.filter(Exists(holds_role), user__is_active=True, user__is_system=False)
        .annotate(
            faculty=Coalesce("organisationunit__parent_id", "organisationunit_id"),
            certified=Exists(valid),
        )
        .values("faculty")
        .annotate(
            staff=Count("user_id", distinct=True),
            covered=Count("user_id", distinct=True, filter=Q(certified=True)),
        )
        .order_by()
    )
    return {row["faculty"]: (row["covered"], row["staff"] - row["covered"]) for row in rows}


def training_counts(period):
    """Trainers who gave a held session in the period, and team intakes held in it."""
    trainers = (
        Session.objects.filter(within(period, "starts_at"), status=SessionStatus.HELD)
        .values("trainers")
        .aggregate(n=Count("trainers", distinct=True))["n"]
    )
    intakes = Intake.objects.filter(on_days_of(period, "held_on")).count()
    return {"trainers": trainers, "intakes": intakes}
