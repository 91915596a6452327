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
    from core.history import save_with_history
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


def to_care_meeting(case, counsellor, dean):
    """A handled case, taken to the care meeting: steps, framework 1, request, a dean accepts."""
    ready_to_escalate(case, counsellor)
    request = services.request_escalation(fresh(case), reason="Zorg blijft", acting_user=counsellor)
    services.accept_escalation(request, reason="Akkoord", acting_user=dean)
    return fresh(case)


def meeting_decides(case, dean, decision="escalate_to_board", *, summary="Naar het CvB", **extra):
    """The care meeting decides about a case at its rung, the only way it can: an ad-hoc meeting
    about the case, held, whose minutes record the decision (the ladder takes the step). The
    dean chairs and writes the minutes unless `minute_taker` says otherwise."""
    import datetime

    from django.utils import timezone

    from overleg import services as meetings
    from overleg.models import Meeting

    minute_taker = extra.pop("minute_taker", dean)
    held = meetings.plan_meeting(
        acting_user=dean, invited_roles=[], invited_people=[], kind=Meeting.Kind.AD_HOC,
        title="Ad hoc", starts_at=timezone.now() - datetime.timedelta(hours=1),
        duration_minutes=45, location="Zaal B1.12", online_link="", unit=None, case=fresh(case),
        chair=dean, minute_taker=minute_taker,
    )  # fmt: skip
    held = meetings.publish_agenda(held, acting_user=dean)
    for person in {dean, minute_taker}:
        meetings.confirm_confidentiality(held, acting_user=person)
    held = meetings.mark_held(held, acting_user=dean)
    meetings.record_item_minutes(
        held.items.get(case=case), summary=summary, decision=decision, acting_user=minute_taker,
        **extra,
    )  # fmt: skip
    return fresh(case)


def to_board(case, counsellor, dean):
    """On to the board: steps at the care-meeting rung, then the care meeting's decision."""
    case = to_care_meeting(case, counsellor, dean)
    horizontal_steps(case, counsellor)
    return meeting_decides(case, dean)


def sign_framework2(case, user, **answers):
    return services.sign_framework2(
        fresh(case), answers={**YES, **answers}, consent_entries=[], acting_user=user
    )


def request_disclosure(case, user, *, submit=True):
    """A disclosure to the crisis service, resting on a fresh all-yes framework 2."""
    from escalation import disclosures

    return disclosures.prepare_disclosure(
        fresh(case),
        details={
            "recipient": partner(),
            "legal_basis": "vital_interest",
            "data_categories": ["identity", "risk"],
            "purpose": "Crisisbeoordeling vandaag",
            "student_informed": False,
            "not_informed_reason": "Informeren vergroot het risico.",
        },
        framework2=sign_framework2(case, user),
        acting_user=user,
        submit=submit,
    )


def ladder_on_page(response):
    """The ladder panel the case page drew (registered by the escalation app)."""
    panels = [
        p for p in response.context["panels"] if p.template == "escalation/_ladder_panel.html"
    ]
    assert len(panels) == 1
    return panels[0].context
