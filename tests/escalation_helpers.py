"""Building blocks for escalation tests: the horizontal steps, the frameworks, a partner."""

import datetime

from cases.models import Case
from cases.services import add_timeline_entry
from escalation import services

YES = {
    "other_options_used": True,
    "other_options_motivation": "Gesprekken en verwijzing naar de huisarts hielpen niet.",
    "consent_pursued": True,
    "consent_motivation": "Twee keer gevraagd; de student weigert.",
    "sharing_necessary": True,
    "sharing_motivation": "Zonder de crisisdienst blijft het risico te hoog.",
}

FRAMEWORK1 = {
    "own_safety": "high",
    "own_safety_motivation": "Uitspraken over geen zin meer hebben.",
    "others_safety": "low",
    "others_safety_motivation": "Geen dreiging naar anderen.",
    "environment_safety": "none",
    "environment_safety_motivation": "Niet van toepassing.",
}


def fresh(case):
    return Case.objects.get(pk=case.pk)


def horizontal_steps(case, user):
    """A conversation and a collegial consultation, recorded at the current rung."""
    for kind in ("conversation", "consultation"):
        add_timeline_entry(
            fresh(case),
            kind=kind,
            occurred_on=datetime.date.today(),
            summary=f"{kind} vastgelegd",
            outcome="",
            consent_given=None,
            acting_user=user,
        )


def ready_to_escalate(case, user):
    horizontal_steps(case, user)
    return services.sign_framework1(fresh(case), answers=FRAMEWORK1, acting_user=user)


def partner(name="GGZ-crisisdienst regio"):
    """An external partner to disclose to (saved with history, as the register does)."""
    from accounts.services import get_system_user
    from audit.history import save_with_history
    from network.models import Partner

    found = Partner.objects.filter(name=name).first()
    if found:
        return found
    item = Partner(
        name=name,
        kind=Partner.Kind.EXTERNAL,
        partner_type=Partner.Type.GGZ_CRISIS,
        when_to_involve_nl="Bij acuut psychiatrisch gevaar.",
    )
    return save_with_history(item, acting_user=get_system_user(), reason="test")
