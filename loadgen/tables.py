"""The tables the load data fills, with the columns given per row, declared parents first
(the writer flushes in this order, so every flush leaves the database consistent)."""

from django.apps import apps

from accounts.models import OrganisationUnit, User
from cases.models import Case, CaseUserObjectPermission, Student, TimelineEntry
from escalation.models import CareMeetingDecision, EscalationRequest, Framework1, RungTransition
from overleg.models import ActionItem, AgendaItem, CaseAccessGrant, Invitation, Meeting
from training.models import Certificate, Course, Enrolment, Session, TrainerQualification

HISTORY = [
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
]


def declare_tables(w):
    """Declare every table with the writer `w`; returns them by short key."""
    user_fields = [
        "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
        "is_active", "date_joined", "employee_number", "language", "is_system", "phone",
    ]  # fmt: skip
    hist = HISTORY
    t = {}
    t["unit"] = w.declare(
        OrganisationUnit, ["id", "code", "name", "kind", "parent_id", "is_active"]
    )
    t["hunit"] = w.declare(
        OrganisationUnit.history.model,
        ["id", "code", "name", "kind", "parent_id", "is_active", *hist],
    )
    t["user"] = w.declare(User, ["id", "password", *user_fields])
    t["huser"] = w.declare(User.history.model, ["id", *user_fields, *hist])
    t["groups"] = w.declare(User.groups.through, ["id", "user_id", "group_id"])
    t["units"] = w.declare(User.units.through, ["id", "user_id", "organisationunit_id"])
    student = [
        "id",
        "student_number",
        "first_name",
        "last_name",
        "programme_id",
        "pseudonym",
        "is_active",
    ]
    t["student"] = w.declare(Student, student)
    t["hstudent"] = w.declare(Student.history.model, [*student, *hist])
    case = [
        "id", "reference", "student_id", "student_description", "unit_id", "reporter_id",
        "handler_id", "signals_what", "signals_when", "signals_where", "urgency",
        "discussed_with_student", "consulted_colleague", "rung", "next_review", "created_at",
        "updated_at", "version",
    ]  # fmt: skip
    t["case"] = w.declare(Case, case)
    t["categories"] = w.declare(Case.categories.through, ["id", "case_id", "concerncategory_id"])
    t["members"] = w.declare(Case.members.through, ["id", "case_id", "user_id"])
    t["perm"] = w.declare(
        CaseUserObjectPermission, ["id", "permission_id", "user_id", "content_object_id"]
    )
    t["hcase"] = w.declare(Case.history.model, [*case, *hist])
    hm2m = apps_model("cases", "HistoricalCase_categories")
    t["hcategories"] = w.declare(
        hm2m, ["m2m_history_id", "id", "case_id", "concerncategory_id", "history_id"]
    )
    hm2m = apps_model("cases", "HistoricalCase_members")
    t["hmembers"] = w.declare(hm2m, ["m2m_history_id", "id", "case_id", "user_id", "history_id"])
    entry = [
        "id",
        "case_id",
        "kind",
        "occurred_on",
        "summary",
        "outcome",
        "consent_given",
        "author_id",
        "created_at",
    ]
    t["entry"] = w.declare(TimelineEntry, entry)
    t["hentry"] = w.declare(TimelineEntry.history.model, [*entry, *hist])
    f1 = [
        "id", "case_id", "author_id", "signed_at", "own_safety", "own_safety_motivation",
        "others_safety", "others_safety_motivation", "environment_safety",
        "environment_safety_motivation", "instrument_name", "instrument_level",
        "instrument_rationale", "instrument_licensed",
    ]  # fmt: skip
    t["f1"] = w.declare(Framework1, f1)
    t["hf1"] = w.declare(Framework1.history.model, [*f1, *hist])
    req = [
        "id",
        "case_id",
        "requested_by_id",
        "requested_at",
        "reason",
        "framework1_id",
        "state",
        "decided_by_id",
        "decided_at",
        "decision_reason",
    ]
    t["req"] = w.declare(EscalationRequest, req)
    t["hreq"] = w.declare(EscalationRequest.history.model, [*req, *hist])
    dec = [
        "id",
        "case_id",
        "decision",
        "summary",
        "recorded_by_id",
        "recorded_at",
        "meeting_ref",
    ]
    t["dec"] = w.declare(CareMeetingDecision, dec)
    t["hdec"] = w.declare(CareMeetingDecision.history.model, [*dec, *hist])
    step = [
        "id", "case_id", "kind", "from_rung", "to_rung", "actor_id", "role_held", "at",
        "reason", "outcome", "framework1_id", "request_id", "decision_id", "acute_report_id",
        "on_rung_since",
    ]  # fmt: skip
    t["step"] = w.declare(RungTransition, step)
    t["hstep"] = w.declare(RungTransition.history.model, [*step, *hist])
    course = [
        "id",
        "title",
        "kind",
        "description",
        "learning_goals",
        "duration_minutes",
        "validity_months",
        "is_active",
        "updated_at",
        "version",
    ]
    t["course"] = w.declare(Course, course)
    t["hcourse"] = w.declare(Course.history.model, [*course, *hist])
    session = [
        "id", "course_id", "starts_at", "ends_at", "location", "online_url", "capacity",
        "enrolment_deadline", "status", "team_request_id", "notes", "cancel_reason",
        "created_by_id", "updated_at", "version",
    ]  # fmt: skip
    t["session"] = w.declare(Session, session)
    t["hsession"] = w.declare(Session.history.model, [*session, *hist])
    t["trainers"] = w.declare(Session.trainers.through, ["id", "session_id", "user_id"])
    enrol = [
        "id",
        "session_id",
        "participant_id",
        "status",
        "attendance",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "reminder_sent_at",
    ]
    t["enrol"] = w.declare(Enrolment, enrol)
    t["henrol"] = w.declare(Enrolment.history.model, [*enrol, *hist])
    cert = [
        "id",
        "number",
        "holder_id",
        "course_id",
        "session_id",
        "enrolment_id",
        "issued_on",
        "expires_on",
        "expiry_reminder_sent_on",
    ]
    t["cert"] = w.declare(Certificate, cert)
    t["hcert"] = w.declare(Certificate.history.model, [*cert, *hist])
    t["qual"] = w.declare(
        TrainerQualification, ["id", "trainer_id", "course_id", "certificate_id", "granted_at"]
    )
    _declare_meetings(w, t)
    return t


def _declare_meetings(w, t):
    meeting = [
        "id", "kind", "title", "starts_at", "duration_minutes", "location", "online_link",
        "unit_id", "case_id", "chair_id", "minute_taker_id", "organised_by_id", "state",
        "agenda_published_at", "access_until", "held_at", "minutes_approved_at", "created_at",
        "version",
    ]  # fmt: skip
    t["meeting"] = w.declare(Meeting, meeting)
    t["hmeeting"] = w.declare(Meeting.history.model, [*meeting, *HISTORY])
    t["meeting_roles"] = w.declare(Meeting.invited_roles.through, ["id", "meeting_id", "role_id"])
    t["hmeeting_roles"] = w.declare(
        apps_model("overleg", "HistoricalMeeting_invited_roles"),
        ["m2m_history_id", "id", "meeting_id", "role_id", "history_id"],
    )
    invitation = ["id", "meeting_id", "user_id", "confidentiality_confirmed_at", "attendance"]
    t["invitation"] = w.declare(Invitation, invitation)
    t["hinvitation"] = w.declare(Invitation.history.model, [*invitation, *HISTORY])
    item = [
        "id", "meeting_id", "position", "kind", "title", "case_id", "incident_id", "source",
        "carried_from_id", "discussed", "summary", "decision", "decision_recorded_id",
    ]  # fmt: skip
    t["item"] = w.declare(AgendaItem, item)
    t["hitem"] = w.declare(AgendaItem.history.model, [*item, *HISTORY])
    t["grant"] = w.declare(
        CaseAccessGrant, ["id", "meeting_id", "user_id", "case_id", "granted_at", "expires_at"]
    )
    action = [
        "id", "meeting_id", "item_id", "description", "owner_id", "due_on", "state",
        "reviewed_in_id", "review_note", "reviewed_at", "reminded_at",
    ]  # fmt: skip
    t["action"] = w.declare(ActionItem, action)
    t["haction"] = w.declare(ActionItem.history.model, [*action, *HISTORY])


def apps_model(app_label, name):
    return apps.get_model(app_label, name)
