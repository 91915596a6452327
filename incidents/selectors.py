"""Reading incidents: the list, one incident's analysis and its history. Every query starts from
`incidents.permissions`."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from audit.comparison import EMPTY, Change, field_changes, history_row
from core.paging import keyset_slice, parse_keyset_cursor
from incidents import permissions
from incidents.models import (
    ActionState,
    ImprovementAction,
    Incident,
    IncidentTimelineEntry,
)

PAGE_SIZE = 25


@dataclass
class IncidentPage:
    incidents: list
    next_cursor: str  # empty on the last page
    is_first_page: bool  # also when the cursor sent was malformed


def incidents_for_list(user, *, kind="", severity="", year=None, cursor=""):
    """One page of the incidents this user may see, newest first, by keyset (no counting, no
    OFFSET); `cursor` follows the last row of the previous page."""
    incidents = permissions.incidents_visible_to(user)
    if kind:
        incidents = incidents.filter(kind=kind)
    if severity:
        incidents = incidents.filter(severity=severity)
    if year:
        start = datetime.date(year, 1, 1)
        incidents = incidents.filter(
            occurred_on__gte=start, occurred_on__lt=start.replace(year + 1)
        )
    after = parse_keyset_cursor(cursor, date=True)
    if after is not None:
        day, pk = after
        incidents = incidents.filter(Q(occurred_on__lt=day) | Q(occurred_on=day, pk__lt=pk))
    incidents = incidents.annotate(
        open_actions=Count(
            "improvement_actions",
            filter=Q(improvement_actions__state=ActionState.OPEN),
            distinct=True,
        ),
        case_count=Count("cases", distinct=True),
    ).order_by("-occurred_on", "-pk")
    rows, next_cursor = keyset_slice(incidents, size=PAGE_SIZE, key="occurred_on")
    return IncidentPage(incidents=rows, next_cursor=next_cursor, is_first_page=after is None)


def get_incident_for(user, pk):
    """The incident with its timeline and improvement actions, or None for an outsider."""
    actions = ImprovementAction.objects.select_related("owner").order_by("due_on", "pk")
    timeline = IncidentTimelineEntry.objects.order_by("at", "pk")
    return (
        permissions.incidents_visible_to(user)
        .select_related("unit", "created_by")
        .prefetch_related(
            Prefetch("timeline", queryset=timeline),
            Prefetch("improvement_actions", queryset=actions),
        )
        .filter(pk=pk)
        .first()
    )


# --- History -----------------------------------------------------------------------------------

HIDDEN_FIELDS = {
    "id", "version", "created_at", "updated_at", "incident", "created_by", "reminder_sent_at",
}  # fmt: skip


def incident_history(incident):
    """Who changed what in this incident, its linked cases, timeline and actions; newest first."""
    records = incident.history.select_related("history_user", "unit")
    records = list(records.order_by("history_date", "pk"))
    rows = _rows(
        records, Incident, created=_("Incident vastgelegd"), changed=_("Incident gewijzigd")
    )
    rows += _case_link_rows(records)
    entries = IncidentTimelineEntry.history.filter(incident_id=incident.pk)
    rows += _rows_per_object(
        entries.select_related("history_user"),
        IncidentTimelineEntry,
        created=_("Moment aan de tijdlijn toegevoegd"),
        changed=_("Moment in de tijdlijn gewijzigd"),
    )
    actions = ImprovementAction.history.filter(incident_id=incident.pk)
    rows += _rows_per_object(
        actions.select_related("history_user", "owner"),
        ImprovementAction,
        created=_("Verbeteractie toegevoegd"),
        changed=_("Verbeteractie gewijzigd"),
    )
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows


def _rows_per_object(records, model, *, created, changed):
    by_object = {}
    for record in records.order_by("history_date", "pk"):
        by_object.setdefault(record.id, []).append(record)
    rows = []
    for object_records in by_object.values():
        rows += _rows(object_records, model, created=created, changed=changed)
    return rows


def _rows(records, model, *, created, changed):
    rows, previous = [], None
    for record in records:
        if record.history_type == "-":
            rows.append(history_row(record, _("Verwijderd"), []))
            previous = record
            continue
        changes = field_changes(model, previous, record, hidden=HIDDEN_FIELDS, value=_value)
        if previous is None or changes:
            rows.append(history_row(record, created if previous is None else changed, changes))
        previous = record
    return rows


def _case_link_rows(records):
    """Linking and unlinking cases, named by reference only (two queries)."""
    through = _m2m_model()
    links = {}
    for history_id, case_id in through.objects.filter(
        history_id__in=[r.history_id for r in records]
    ).values_list("history_id", "case_id"):
        links.setdefault(history_id, set()).add(case_id)
    from cases.models import Case

    all_ids = set().union(*links.values()) if links else set()
    references = dict(Case.objects.filter(pk__in=all_ids).values_list("pk", "reference"))
    rows, before = [], set()
    for record in records:
        now = links.get(record.history_id, set())
        if now != before and record.history_type == "~":
            added = ", ".join(sorted(references.get(pk, EMPTY) for pk in now - before))
            removed = ", ".join(sorted(references.get(pk, EMPTY) for pk in before - now))
            change = Change(_("Gekoppelde casussen"), removed or EMPTY, added or EMPTY)
            rows.append(history_row(record, _("Gekoppelde casussen gewijzigd"), [change]))
        before = now
    return rows


def _m2m_model():
    from django.apps import apps

    return apps.get_model("incidents", "HistoricalIncident_cases")


def _value(record, field):
    # Owner and unit are shown by name (the history queries select them); other keys are hidden.
    if field.name == "owner":
        return record.owner.get_full_name() or record.owner.username
    if field.name == "unit":
        return str(record.unit) if record.unit_id else None
    return getattr(record, field.attname)
