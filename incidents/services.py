"""Every write on an incident: who acted, what changed, why — one transaction each, with history.

Services check the rules (`incidents.permissions`) themselves, so a view, a task or the demo
cannot skip them. Bad input is refused with a named error whose message is translated.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts import notice_kinds as accounts_kinds
from accounts.notifications import notify_user
from accounts.services import get_system_user
from core.errors import ActionRefused, InvalidChange
from core.history import recorded_as, save_with_history
from core.locking import lock_for_edit, save_version
from incidents import permissions
from incidents.models import (
    ActionState,
    ImprovementAction,
    Incident,
    IncidentTimelineEntry,
)

INCIDENT_FIELDS = (
    "occurred_on", "kind", "severity", "title", "what_happened", "contributing_factors",
    "went_well", "lessons_learned", "unit",
)  # fmt: skip
# Says "this incident" where the product's general conflict message says "this".
STALE_INCIDENT = gettext_lazy(
    "Iemand anders heeft dit incident net gewijzigd. Bekijk de nieuwe versie en probeer het "
    "opnieuw; je invoer staat nog in het formulier."
)
# A timeline moment may be typed a little ahead of the server clock (another device's clock).
CLOCK_SLACK = datetime.timedelta(minutes=5)


class Reason:
    """History reasons written by the product: stored in Dutch, shown in the reader's language."""

    RECORDED = gettext_noop("Incident vastgelegd")
    TIMELINE_ADDED = gettext_noop("Moment aan de tijdlijn toegevoegd")
    TIMELINE_REMOVED = gettext_noop("Moment uit de tijdlijn verwijderd")
    CASE_LINKED = gettext_noop("Casus gekoppeld")
    CASE_UNLINKED = gettext_noop("Casus ontkoppeld")
    ACTION_ADDED = gettext_noop("Verbeteractie toegevoegd")
    ACTION_DONE = gettext_noop("Verbeteractie afgerond")
    ACTION_DROPPED = gettext_noop("Verbeteractie vervallen")
    REMINDER_SENT = gettext_noop("Herinnering verstuurd: de verbeteractie is over de datum")


class IncidentActionRefused(ActionRefused):
    """The user may see the incident but not do this; the message says why."""


def incident_path(incident_id):
    return reverse("incidents:detail", args=[incident_id])


def _check_date(occurred_on):
    if occurred_on > timezone.localdate():
        raise InvalidChange(
            _("Een incident ligt niet in de toekomst. Kies de datum waarop het gebeurde."),
            field="occurred_on",
        )


def _apply(incident, data):
    for field in INCIDENT_FIELDS:
        if field in data:
            setattr(incident, field, data[field])


# --- The incident itself ---------------------------------------------------------------------


def record_incident(*, data, acting_user):
    """Record a new incident; the analysis can be filled in now or later."""
    IncidentActionRefused.unless(permissions.can_record_incidents(acting_user))
    _check_date(data["occurred_on"])
    incident = Incident(created_by=acting_user)
    _apply(incident, data)
    with transaction.atomic():
        save_with_history(incident, acting_user=acting_user, reason=Reason.RECORDED)
    return incident


def update_incident(incident, *, data, reason, acting_user, expected_version=None):
    """Change what is known about an incident; the reason goes into the history."""
    IncidentActionRefused.unless(permissions.can_record_incidents(acting_user))
    if "occurred_on" in data:
        _check_date(data["occurred_on"])
    with transaction.atomic():
        incident = lock_for_edit(incident, expected_version, message=STALE_INCIDENT)
        _apply(incident, data)
        save_version(incident, acting_user=acting_user, reason=reason)
    return incident


# --- Timeline --------------------------------------------------------------------------------


def add_timeline_entry(incident, *, at, description, acting_user):
    """Add one moment to the course of the incident."""
    IncidentActionRefused.unless(permissions.can_record_incidents(acting_user))
    if at > timezone.now() + CLOCK_SLACK:
        raise InvalidChange(
            _("Dit moment ligt in de toekomst. Kies wanneer het gebeurde."), field="at"
        )
    with transaction.atomic():
        incident = lock_for_edit(incident)
        entry = IncidentTimelineEntry(
            incident=incident, at=at, description=description, created_by=acting_user
        )
        save_with_history(entry, acting_user=acting_user, reason=Reason.TIMELINE_ADDED)
    return entry


def remove_timeline_entry(entry, *, acting_user):
    """Take a moment out of the timeline; its history rows stay."""
    IncidentActionRefused.unless(permissions.can_record_incidents(acting_user))
    with transaction.atomic():
        lock_for_edit(entry.incident)
        entry = IncidentTimelineEntry.objects.select_for_update().get(pk=entry.pk)
        with recorded_as(entry, acting_user=acting_user, reason=Reason.TIMELINE_REMOVED):
            entry.delete()


# --- Linked cases --------------------------------------------------------------------------------


def link_case(incident, *, reference, acting_user):
    """Link a case the user may see, found by its exact reference."""
    IncidentActionRefused.unless(permissions.can_record_incidents(acting_user))
    reference = (reference or "").strip().upper()
    case = permissions.linkable_case(acting_user, reference)
    if case is None:
        raise InvalidChange(
            _(
                "Je kunt alleen een casus koppelen die je zelf mag inzien. Controleer het "
                "kenmerk, bijvoorbeeld ZW-2026-0042."
            ),
            field="reference",
        )
    with transaction.atomic():
        incident = lock_for_edit(incident)
        if incident.cases.filter(pk=case.pk).exists():
            raise InvalidChange(
                _("Deze casus is al aan het incident gekoppeld."), field="reference"
            )
        with recorded_as(incident, acting_user=acting_user, reason=Reason.CASE_LINKED):
            incident.cases.add(case)
    return case


def unlink_case(incident, *, case_id, acting_user):
    """Remove the link between the incident and one of its cases."""
    IncidentActionRefused.unless(permissions.can_record_incidents(acting_user))
    with transaction.atomic():
        incident = lock_for_edit(incident)
        case = incident.cases.filter(pk=case_id).first()
        if case is None:
            raise InvalidChange(_("Deze casus is niet (meer) aan het incident gekoppeld."))
        with recorded_as(incident, acting_user=acting_user, reason=Reason.CASE_UNLINKED):
            incident.cases.remove(case)
    return case


# --- Improvement actions -------------------------------------------------------------------------


def add_improvement_action(incident, *, description, owner, due_on, acting_user, today=None):
    """Agree an improvement with an owner and a due date; the owner hears (without content).
    `today` is the day it was agreed (the demo loads actions agreed weeks ago)."""
    IncidentActionRefused.unless(permissions.can_record_incidents(acting_user))
    if not permissions.eligible_owners().filter(pk=owner.pk).exists():
        raise InvalidChange(_("Kies als eigenaar iemand die incidenten kan inzien."), field="owner")
    if due_on < (today or timezone.localdate()):
        raise InvalidChange(_("Kies een datum vanaf vandaag."), field="due_on")
    with transaction.atomic():
        incident = lock_for_edit(incident)
        action = ImprovementAction(
            incident=incident,
            description=description,
            owner=owner,
            due_on=due_on,
            created_by=acting_user,
        )
        save_with_history(action, acting_user=acting_user, reason=Reason.ACTION_ADDED)
        if owner.pk != acting_user.pk:
            notify_user(owner, path=incident_path(incident.pk), kind=accounts_kinds.ATTENTION)
    return action


def close_improvement_action(action, *, state, note, acting_user):
    """Mark an open action done, or dropped (with a note on why)."""
    if state not in (ActionState.DONE, ActionState.DROPPED):
        raise InvalidChange(_("Kies afgerond of vervallen."), field="state")
    if state == ActionState.DROPPED and not note.strip():
        raise InvalidChange(_("Schrijf kort waarom de actie vervalt."), field="note")
    with transaction.atomic():
        action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
        if not action.is_open:
            raise InvalidChange(_("Deze actie is al afgesloten."))
        IncidentActionRefused.unless(permissions.can_close_action(acting_user, action))
        action.state = state
        action.done_at = timezone.now()
        action.closing_note = note.strip()
        reason = Reason.ACTION_DONE if state == ActionState.DONE else Reason.ACTION_DROPPED
        save_with_history(action, acting_user=acting_user, reason=reason)
    return action


def remind_overdue_improvement_actions(today=None):
    """Tell owners of open actions past their due date, once per action; returns how many."""
    today = today or timezone.localdate()
    due = ImprovementAction.objects.filter(
        state=ActionState.OPEN, due_on__lt=today, reminder_sent_at__isnull=True
    )
    system_user = get_system_user()
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            action = ImprovementAction.objects.select_for_update().select_related("owner")
            action = action.get(pk=pk)
            if action.reminder_sent_at is not None or not action.is_open:
                continue
            action.reminder_sent_at = timezone.now()
            save_with_history(action, acting_user=system_user, reason=Reason.REMINDER_SENT)
            if action.owner.is_active:
                notify_user(
                    action.owner,
                    path=incident_path(action.incident_id),
                    kind=accounts_kinds.ATTENTION,
                )
        sent += 1
    return sent
