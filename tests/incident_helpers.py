"""Building blocks for the incident tests, made through `incidents.services` so history is real."""

import datetime

from django.utils import timezone

from incidents import services
from incidents.models import IncidentKind, Severity


def incident_data(**overrides):
    data = {
        "occurred_on": timezone.localdate() - datetime.timedelta(days=3),
        "kind": IncidentKind.THREAT,
        "severity": Severity.HIGH,
        "title": "Dreiging in de kantine",
        "what_happened": "Een student riep dreigende taal naar een docent.",
        "contributing_factors": "Drukte, geen vast aanspreekpunt.",
        "went_well": "Beveiliging was er binnen vijf minuten.",
        "lessons_learned": "Vast aanspreekpunt per locatie.",
        "unit": None,
    }
    return {**data, **overrides}


def make_incident(acting_user, **overrides):
    return services.record_incident(data=incident_data(**overrides), acting_user=acting_user)


def add_entry(incident, acting_user, *, hours_ago=2, description="Melding bij de receptie"):
    at = timezone.now() - datetime.timedelta(hours=hours_ago)
    return services.add_timeline_entry(
        incident, at=at, description=description, acting_user=acting_user
    )


def add_action(incident, acting_user, *, owner=None, days=14, description="Afspraken maken"):
    return services.add_improvement_action(
        incident,
        description=description,
        owner=owner or acting_user,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        acting_user=acting_user,
    )


def make_overdue(action, days=3):
    """Move an action's due date into the past (tests only: the service refuses past dates)."""
    from core.history import save_with_history

    action.due_on = timezone.localdate() - datetime.timedelta(days=days)
    save_with_history(action, acting_user=action.created_by, reason="test")
    return action
