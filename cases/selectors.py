"""Reading cases: the lists, a page of them, a reporter's own reports and a case's history.

Every query here starts from `cases.permissions` so that a list never shows more than its
detail page would.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Case as Choose
from django.db.models import Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.comparison import EMPTY, Change, display, history_row, label_of
from cases import permissions
from cases.models import Attachment, Case, ConcernCategory, Rung, Student
from core.dates import within
from core.paging import keyset_slice, parse_keyset_cursor

PAGE_SIZE = 25


class CaseList:
    MINE = "mijn"
    TRIAGE = "triage"
    ALL = "alle"


# The rung filter's value for every rung but closed.
OPEN = "open"

# sort → (field the keyset cursor follows, descending?)
SORTS = {
    "nieuwste": ("created_at", True),
    "oudste": ("created_at", False),
    "evaluatie": ("next_review", False),
}


def cases_for_list(user, which):
    """The cases of one of the three lists, within what the user may see."""
    if which == CaseList.MINE:
        return permissions.team_cases(user)
    # Whether the user is on each case's team comes along in the list query (for the basis
    # in the access log) instead of a query after it.
    visible = permissions.with_team_flag(user, permissions.cases_visible_to(user))
    if which == CaseList.TRIAGE:
        return visible.filter(pk__in=permissions.cases_in_triage_for(user).values("pk"))
    return visible


def filter_cases(cases, *, rung=None, category=None, unit=None, handler="", overdue=False, q=""):
    """Narrow a list by the filters people use to find a case."""
    if rung == OPEN:
        cases = cases.exclude(rung=Rung.CLOSED)
    elif rung:
        cases = cases.filter(rung=rung)
    if category:
        cases = cases.filter(categories=category)
    if unit:
        cases = cases.filter(Q(unit=unit) | Q(unit__parent=unit))
    if handler:
        cases = cases.filter(
            Q(handler__first_name__icontains=handler)
            | Q(handler__last_name__icontains=handler)
            | Q(handler__username__iexact=handler)
        )
    if overdue:
        cases = cases.filter(next_review__lt=timezone.localdate()).exclude(rung=Rung.CLOSED)
    if q:
        cases = cases.filter(_text_match(q.strip()))
    return cases


def _text_match(q):
    return (
        Q(reference__iexact=q)
        | Q(student__student_number=q)
        | Q(student__pseudonym__iexact=q)
        | Q(student__first_name__icontains=q)
        | Q(student__last_name__icontains=q)
        | Q(student_description__icontains=q)
        | Q(signals_what__icontains=q)
    )


@dataclass
class CasePage:
    cases: list
    next_cursor: str  # empty when this is the last page


def page_of_cases(cases, *, sort, cursor=""):
    """One page by keyset (no OFFSET, no COUNT), with the cursor for the next page."""
    key, descending = SORTS.get(sort, SORTS["nieuwste"])
    if descending:
        cases = cases.order_by(F(key).desc(), F("id").desc())
    else:
        # Cases without a review date come last on every database.
        cases = cases.order_by(F(key).asc(nulls_last=True), F("id").asc())
    after = _parse_cursor(cursor, key)
    if after is not None:
        cases = cases.filter(_after(key, descending, *after))
    cases = cases.select_related("student", "unit", "handler").only(*LIST_COLUMNS)
    rows, next_cursor = keyset_slice(cases, size=PAGE_SIZE, key=key)
    _attach_category_labels(rows)
    return CasePage(cases=rows, next_cursor=next_cursor)


# What a list row shows and its access-log row records (`cases.rows.case_rows`,
# `audit.services`): a page loads only these columns, not every case's free texts and the
# handler's whole account (measured at tier N, issue 20: a third of the page's model cost).
LIST_COLUMNS = (
    "reference",
    "rung",
    "urgency",
    "next_review",
    "created_at",
    "unit_id",
    "handler_id",
    "student_id",
    "unit__name",
    "student__first_name",
    "student__last_name",
    "student__student_number",
    "student__pseudonym",
    "handler__username",
    "handler__first_name",
    "handler__last_name",
)


def _attach_category_labels(cases):
    """`category_labels` on each case of a page: one flat query instead of a prefetch that
    builds a category object per case and category."""
    if not cases:
        return
    column = f"concerncategory__{ConcernCategory.label_field()}"
    labels = {case.pk: [] for case in cases}
    links = (
        Case.categories.through.objects.filter(case_id__in=labels)
        .order_by("concerncategory__order", "concerncategory__code")
        .values_list("case_id", column)
    )
    for case_id, label in links:
        labels[case_id].append(label)
    for case in cases:
        case.category_labels = labels[case.pk]


def _parse_cursor(cursor, key):
    # Only the review date can be empty; rows without one come last.
    dated = key == "next_review"
    return parse_keyset_cursor(cursor, date=dated, empty_allowed=dated)


def _after(key, descending, value, pk):
    if value is None:
        # Rows without a value come last; continue among them.
        return Q(**{f"{key}__isnull": True, "pk__gt": pk})
    op = "lt" if descending else "gt"
    later = Q(**{f"{key}__{op}": value}) | Q(**{key: value, f"pk__{op}": pk})
    if key == "next_review":
        later |= Q(next_review__isnull=True)
    return later


def reports_filed_by(user):
    """A reporter's own reports: only what the status page shows, nothing of the handling."""
    # The student's pseudonym goes into the access-log row of each report listed (never onto
    # the page): joined here, or it costs a query per row.
    return (
        Case.objects.filter(reporter=user)
        .select_related("student")
        .only(
            "pk",
            "reference",
            "rung",
            "handler_id",
            "created_at",
            "student_id",
            "unit_id",
            "student__pseudonym",
        )
        .prefetch_related("categories")
        .order_by("-created_at", "-id")
    )


@dataclass
class StudentMatches:
    """What the student picker found: at most `limit` students, whether the words typed were
    too few to search, and whether more matched than are shown."""

    students: list
    too_short: bool = False
    more: bool = False


def find_students(query, *, limit=10):
    """Enrolled students matching a student number or part of a name, for the report form.
    At least three characters, so that nobody pages through the whole directory."""
    query = (query or "").replace("\x00", "").strip()
    if len(query) < 3:
        return StudentMatches([], too_short=True)
    by_name = Q()
    for word in query.split()[:4]:
        by_name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    match = Q(student_number__startswith=query) | by_name
    found = list(
        Student.objects.filter(match, is_active=True)
        .select_related("programme")
        .order_by("last_name", "first_name")[: limit + 1]
    )
    return StudentMatches(found[:limit], more=len(found) > limit)


def timeline_of(case):
    return list(case.timeline.select_related("author"))


def attachments_of(case):
    return list(case.attachments.select_related("uploaded_by"))


def get_attachment(case, pk):
    """An attachment looked up within its case, so another case's file is never reachable."""
    return Attachment.objects.filter(case=case, pk=pk).first()


# --- History as a readable comparison ------------------------------------------------------

HIDDEN_FIELDS = {"id", "reference", "created_at", "updated_at", "version"}


def history_of(case):
    """Who changed what in this case, when and why, newest first, with old and new values."""
    records = list(case.history.select_related("history_user").order_by("history_date", "pk"))
    m2m = _m2m_by_record(records)
    names = _Names(records, m2m)
    rows = []
    previous = None
    for record in records:
        if previous is None:
            rows.append(
                history_row(record, _("Melding vastgelegd"), _changes(None, record, m2m, names))
            )
        else:
            changes = _changes(previous, record, m2m, names)
            if changes:
                rows.append(history_row(record, _("Casus gewijzigd"), changes))
        previous = record
    rows = _merge_steps(rows) + _timeline_rows(case) + _attachment_rows(case)
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows


def _merge_steps(rows):
    """One action can write two history rows (the case, then its team or categories): show one."""
    merged = []
    for row in rows:
        last = merged[-1] if merged else None
        same_action = (
            last is not None
            and (last.who, last.reason) == (row.who, row.reason)
            and (row.when - last.when).total_seconds() < 5
        )
        if same_action:
            last.changes = _collapse(last.changes + row.changes)
        else:
            merged.append(row)
    return merged


def _collapse(changes):
    """Per field the value before the action and the value after it; unchanged fields drop out
    (removing and adding team members writes two rows, but it was one change)."""
    by_label = {}
    for change in changes:
        first = by_label.get(change.label)
        by_label[change.label] = Change(
            change.label, first.old if first else change.old, change.new
        )
    return [c for c in by_label.values() if c.old != c.new]


def _m2m_by_record(records):
    """{history id: {"members": set of user ids, "categories": set of category ids}}."""
    result = {record.pk: {"members": set(), "categories": set()} for record in records}
    if not records:
        return result
    for field, target in (("members", "user_id"), ("categories", "concerncategory_id")):
        through = apps.get_model("cases", f"HistoricalCase_{field}")
        for history_id, value in through.objects.filter(history_id__in=result).values_list(
            "history_id", target
        ):
            result[history_id][field].add(value)
    return result


class _Names:
    """Display names for the ids found in a case's history, fetched in one query per kind."""

    def __init__(self, records, m2m):
        from accounts.models import OrganisationUnit, User

        user_ids, unit_ids, student_ids = set(), set(), set()
        for record in records:
            user_ids |= {record.handler_id, record.reporter_id} | m2m[record.pk]["members"]
            unit_ids.add(record.unit_id)
            student_ids.add(record.student_id)
        self.users = {
            u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=user_ids)
        }
        self.units = {u.pk: str(u) for u in OrganisationUnit.objects.filter(pk__in=unit_ids)}
        self.students = {s.pk: str(s) for s in Student.objects.filter(pk__in=student_ids)}
        self.categories = {c.pk: c.label for c in ConcernCategory.objects.all()}


def _display(field, value, names):
    if value is None or value == "":
        return EMPTY
    if field.name in ("handler", "reporter"):
        return names.users.get(value, str(value))
    if field.name == "unit":
        return names.units.get(value, str(value))
    if field.name == "student":
        return names.students.get(value, str(value))
    return display(field, value)


def _changes(previous, record, m2m, names):
    # Not `audit.comparison.field_changes`: a new report shows its "no" answers too (not yet
    # discussed with the student is part of the report), people and units are looked up by
    # id in one query each (`_Names`), and the team and categories are compared as sets.
    changes = []
    for field in Case._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS:
            continue
        new = getattr(record, field.attname)
        old = getattr(previous, field.attname) if previous else None
        if previous is None and new in (None, ""):
            continue
        if previous is None or old != new:
            changes.append(
                Change(label_of(field), _display(field, old, names), _display(field, new, names))
            )
    for field, lookup in (("members", names.users), ("categories", names.categories)):
        old = m2m[previous.pk][field] if previous else set()
        new = m2m[record.pk][field]
        if old != new:
            changes.append(
                Change(
                    label_of(Case._meta.get_field(field)),
                    ", ".join(sorted(lookup.get(i, str(i)) for i in old)) or EMPTY,
                    ", ".join(sorted(lookup.get(i, str(i)) for i in new)) or EMPTY,
                )
            )
    return changes


def _timeline_rows(case):
    from cases.models import TimelineEntry

    rows = []
    for record in TimelineEntry.history.filter(id__in=case.timeline.values("pk")).select_related(
        "history_user"
    ):
        kind = TimelineEntry.Kind(record.kind).label
        title = _("Tijdlijn: %(kind)s") % {"kind": kind}
        rows.append(
            history_row(record, title, [Change(_("Datum"), EMPTY, date_format(record.occurred_on))])
        )
    return rows


def _attachment_rows(case):
    rows = []
    for record in Attachment.history.filter(id__in=case.attachments.values("pk")).select_related(
        "history_user"
    ):
        title = _("Bijlage toegevoegd: %(name)s") % {"name": record.original_name}
        rows.append(history_row(record, title, []))
    return rows


# --- Aggregates (the programme dashboard): counts, never a case -------------------------------


def reports_per_faculty(periods):
    """{(faculty id, index of the period): reports made in it}; a case on a programme counts
    for its faculty. One grouped query."""
    start, end = periods[0].moments()[0], periods[-1].moments()[1]
    which = Choose(
        *[When(within(p, "created_at"), then=Value(i)) for i, p in enumerate(periods)],
        output_field=IntegerField(),
    )
    rows = (
        Case.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(faculty=Coalesce("unit__parent_id", "unit_id"), period=which)
        .values("faculty", "period")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["faculty"], row["period"]): row["n"] for row in rows}
