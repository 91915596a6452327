"""Everything the product holds about one student, for a subject-access request (GDPR art. 15):
their own data, their cases with timeline, ladder steps, care-meeting decisions and disclosures
(recipients and dates), and from the access log who accessed what, when and on which basis.

A fixed number of queries whatever the number of cases or log rows.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone

from audit.models import AccessLogEntry
from audit.selectors import role_labels
from cases.models import Attachment, Case, Student, TimelineEntry
from escalation.models import CareMeetingDecision, Disclosure, RungTransition
from retention.policy import Rules, closed_cases
from subject_access.models import SubjectAccessRequest


def find_student(student_number):
    return (
        Student.objects.select_related("programme")
        .filter(student_number__iexact=student_number)
        .first()
    )


def _cases(student):
    return list(
        Case.objects.filter(student=student)
        .select_related("unit", "handler", "reporter")
        .prefetch_related(
            "categories",
            Prefetch("timeline", TimelineEntry.objects.select_related("author")),
            Prefetch("attachments", Attachment.objects.order_by("uploaded_at")),
            Prefetch("transitions", RungTransition.objects.select_related("actor")),
            Prefetch("care_decisions", CareMeetingDecision.objects.all()),
            Prefetch("disclosures", Disclosure.objects.select_related("recipient")),
        )
        .order_by("created_at", "pk")
    )


def _retention_dates(cases):
    rules = Rules()
    closed = closed_cases().filter(pk__in=[case.pk for case in cases])
    return {case.pk: rules.retention(case).date for case in closed}


def _access_rows(student, cases):
    rows = AccessLogEntry.objects.filter(
        Q(case_id__in=[case.pk for case in cases]) | Q(student_pseudonym=student.pseudonym)
    )
    return list(rows.select_related("user").order_by("at", "id"))


def _iso(value):
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _name(user):
    return (user.get_full_name() or user.username) if user else None


def subject_access_report(student):
    """The whole report as plain data (dicts, lists, strings): the JSON and the PDF show it."""
    cases = _cases(student)
    retention = _retention_dates(cases)
    return {
        "generated_at": _iso(timezone.now()),
        "student": {
            "student_number": student.student_number,
            "first_name": student.first_name,
            "last_name": student.last_name,
            "programme": str(student.programme),
            "enrolled": student.is_active,
            "pseudonym": student.pseudonym,
        },
        "cases": [_case(case, retention.get(case.pk)) for case in cases],
        "access_log": [_access(entry) for entry in _access_rows(student, cases)],
    }


def _case(case, retention_date):
    return {
        "reference": case.reference,
        "reported_at": _iso(case.created_at),
        "reported_by": _name(case.reporter),
        "unit": str(case.unit),
        "handler": _name(case.handler),
        "rung": case.get_rung_display(),
        "categories": [category.label for category in case.categories.all()],
        "signals": {
            "what": case.signals_what,
            "when": _iso(case.signals_when),
            "where": case.signals_where,
        },
        "urgency": case.get_urgency_display(),
        "retention_date": _iso(retention_date),
        "timeline": [
            {
                "date": _iso(entry.occurred_on),
                "kind": entry.get_kind_display(),
                "summary": entry.summary,
                "outcome": entry.outcome,
                "recorded_by": _name(entry.author),
            }
            for entry in sorted(case.timeline.all(), key=lambda e: (e.occurred_on, e.pk))
        ],
        "attachments": [
            {"name": a.original_name, "added_at": _iso(a.uploaded_at)}
            for a in case.attachments.all()
        ],
        "ladder": [
            {
                "at": _iso(step.at),
                "step": step.get_kind_display(),
                "from": step.get_from_rung_display(),
                "to": step.get_to_rung_display(),
                "by": _name(step.actor),
                "reason": step.reason,
                "outcome": step.outcome,
            }
            for step in sorted(case.transitions.all(), key=lambda s: (s.at, s.pk))
        ],
        "care_meeting_decisions": [
            {
                "at": _iso(decision.recorded_at),
                "decision": decision.get_decision_display(),
                "summary": decision.summary,
            }
            for decision in case.care_decisions.all()
        ],
        "disclosures": [_disclosure(d) for d in case.disclosures.all()],
    }


def _disclosure(disclosure):
    return {
        "recipient": disclosure.recipient.name,
        "state": disclosure.get_state_display(),
        "legal_basis": disclosure.get_legal_basis_display(),
        "data_categories": disclosure.data_categories,
        "student_informed": disclosure.student_informed,
        "requested_at": _iso(disclosure.requested_at),
        "decided_at": _iso(disclosure.decided_at),
        "carried_out_on": _iso(disclosure.carried_out_on),
    }


def _access(entry):
    return {
        "at": _iso(entry.at),
        "who": _name(entry.user),
        "roles": role_labels(entry),
        "case": entry.case_reference,
        "part": entry.part,
        "action": entry.get_action_display(),
        "outcome": entry.get_outcome_display(),
        "basis": entry.get_basis_display(),
        "reason": entry.reason,
    }


# --- The register of requests -----------------------------------------------------------------


def open_requests():
    """Requests still to answer, the nearest deadline first."""
    return list(
        SubjectAccessRequest.objects.filter(answered_on__isnull=True)
        .select_related("student")
        .order_by("due_on", "pk")
    )


def answered_requests(*, limit=20):
    """The latest answered requests, newest first."""
    return list(
        SubjectAccessRequest.objects.filter(answered_on__isnull=False)
        .select_related("student", "answered_by")
        .order_by("-answered_on", "-pk")[:limit]
    )
