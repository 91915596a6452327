"""External disclosure: every step of a request to share case data with a partner.

Four eyes without exception: only a board member who is neither the requester nor the case's
handler approves; only the contact officer carries it out; each step locks the disclosure row.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.notifications import complete_task, notify_users
from accounts.roles import RoleCode
from cases.models import Case
from cases.services import lock_case
from core.errors import EditConflict
from core.history import save_with_history
from escalation import notice_kinds, package
from escalation import permissions as rules
from escalation.models import Disclosure, DisclosurePackage, LegalBasis
from escalation.services import LadderRefused, people_with_role

State = Disclosure.State


class Reason:
    CREATED = gettext_noop("Verstrekking voorbereid")
    REQUESTED = gettext_noop("Verstrekking ter goedkeuring aangeboden")
    ACUTE = gettext_noop("Acuut verzoek om te delen")
    REMINDED = gettext_noop("Herinnering acuut verzoek verstuurd")
    CARRIED_OUT = gettext_noop("Verstrekking uitgevoerd")


def _locked(disclosure):
    """The disclosure, locked, with its case locked first (the order every service keeps)."""
    Case.objects.select_for_update().get(pk=disclosure.case_id)
    return Disclosure.objects.select_for_update().select_related("case").get(pk=disclosure.pk)


def moved_on_message(disclosure):
    """What someone hears who acts on a disclosure that moved on since they saw it."""
    return _("Deze verstrekking is intussen %(state)s. Bekijk de nieuwe stand.") % {
        "state": disclosure.get_state_display().lower()
    }


def _require_state(disclosure, *states):
    if disclosure.state not in states:
        raise EditConflict(moved_on_message(disclosure))


def _require_framework2(framework2, case):
    LadderRefused.unless(
        framework2 is not None and framework2.case_id == case.pk,
        _("Een verstrekking rust altijd op een ondertekend afwegingskader 2 van deze casus."),
    )
    LadderRefused.unless(
        framework2.all_yes,
        _(
            "Afwegingskader 2 staat delen niet toe: elke vraag moet met ja beantwoord zijn. "
            "Benut eerst de andere mogelijkheden, vraag toestemming en leg dat vast, en onderteken "
            "dan een nieuw afwegingskader 2."
        ),
    )


def prepare_disclosure(case, *, details, framework2, acting_user, submit):
    """Record a disclosure request (a draft, or at once put before the board)."""
    with transaction.atomic():
        case = lock_case(case)
        LadderRefused.unless(
            rules.can_request_disclosure(acting_user, case),
            _(
                "Delen met derden vraag je aan als casusteam, als de casus bij het College van "
                "Bestuur ligt."
            ),
        )
        _require_framework2(framework2, case)
        disclosure = Disclosure(
            case=case, framework2=framework2, requested_by=acting_user, **details
        )
        save_with_history(disclosure, acting_user=acting_user, reason=Reason.CREATED)
        if submit:
            _submit(disclosure, acting_user=acting_user, reason=Reason.REQUESTED)
    return disclosure


def submit_disclosure(disclosure, *, acting_user):
    """Put a draft before the board."""
    with transaction.atomic():
        disclosure = _locked(disclosure)
        _require_state(disclosure, State.DRAFT)
        LadderRefused.unless(
            rules.can_request_disclosure(acting_user, disclosure.case),
            _("Alleen het casusteam biedt een verstrekking aan."),
        )
        _require_framework2(disclosure.framework2, disclosure.case)
        _submit(disclosure, acting_user=acting_user, reason=Reason.REQUESTED)
    return disclosure


def _submit(disclosure, *, acting_user, reason, notify=True):
    disclosure.request()
    disclosure.requested_at = timezone.now()
    disclosure.handler_at_request = disclosure.case.handler
    save_with_history(disclosure, acting_user=acting_user, reason=reason)
    if not notify:
        return
    deciders = people_with_role(RoleCode.BOARD).exclude(
        pk__in=[disclosure.requested_by_id, disclosure.case.handler_id or 0]
    )
    kind = notice_kinds.ACUTE if disclosure.acute else notice_kinds.DISCLOSURE_PENDING
    notify_users(
        deciders,
        path=reverse("escalation:board_inbox"),
        kind=kind,
        subject=disclosure.case.reference,
        task=decide_task(disclosure),
    )


def decide_task(disclosure):
    """The key of the board's task to decide this request (done when it is decided)."""
    return f"disclosure:{disclosure.pk}:decide"


def carry_out_task(disclosure):
    """The key of the contact officer's task to carry this disclosure out."""
    return f"disclosure:{disclosure.pk}:carry_out"


def open_acute_disclosure(case, *, report, acting_user, recipient, framework2, **details):
    """The acute request: straight to the board with a short time to decide."""
    _require_framework2(framework2, case)
    disclosure = Disclosure(
        case=case,
        recipient=recipient,
        framework2=framework2,
        requested_by=acting_user,
        acute=True,
        acute_report=report,
        decide_before=timezone.now()
        + datetime.timedelta(minutes=settings.ZW_ACUTE_DECISION_MINUTES),
        legal_basis=details.pop("legal_basis", LegalBasis.VITAL_INTEREST),
        **details,
    )
    save_with_history(disclosure, acting_user=acting_user, reason=Reason.ACUTE)
    # The acute report has just told the whole board; one message is enough.
    _submit(disclosure, acting_user=acting_user, reason=Reason.ACUTE, notify=False)
    return disclosure


def approve_disclosure(disclosure, *, reason, acting_user, seen_package=None):
    """A board member who neither asked for it nor handles the case approves it, and with it
    the package as they saw it (`seen_package`: its fingerprint; None approves it as it is)."""
    with transaction.atomic():
        disclosure = _locked(disclosure)
        _require_state(disclosure, State.REQUESTED)
        LadderRefused.unless(
            rules.can_approve_disclosure(acting_user, disclosure),
            _(
                "Goedkeuren kan alleen een lid van het College van Bestuur dat de verstrekking "
                "niet zelf aanvroeg en de casus niet behandelt (vier ogen)."
            ),
        )
        _require_framework2(disclosure.framework2, disclosure.case)
        _freeze_package(disclosure, seen_package)
        _decide(disclosure, approve=True, reason=reason, acting_user=acting_user)
        notify_users(
            people_with_role(RoleCode.CONTACT_OFFICER),
            path=reverse("escalation:contact_list"),
            kind=notice_kinds.DISCLOSURE_TO_CARRY_OUT,
            subject=disclosure.case.reference,
            task=carry_out_task(disclosure),
        )
    return disclosure


def _freeze_package(disclosure, seen):
    """Keep the package the approver saw; if the case changed since, they look again."""
    sections = package.build_package(disclosure)
    digest = package.fingerprint(sections)
    if seen is not None and seen != digest:
        raise EditConflict(
            _(
                "De gegevens in het pakket zijn gewijzigd sinds je de pagina opende. Bekijk het "
                "pakket opnieuw en besluit dan."
            )
        )
    DisclosurePackage.objects.create(
        disclosure=disclosure, sections=package.to_json(sections), fingerprint=digest
    )


def reject_disclosure(disclosure, *, reason, acting_user):
    """Any board member may say no, with a reason."""
    with transaction.atomic():
        disclosure = _locked(disclosure)
        _require_state(disclosure, State.REQUESTED)
        LadderRefused.unless(
            rules.can_reject_disclosure(acting_user, disclosure),
            _(
                "Alleen een lid van het College van Bestuur besluit over een verstrekking, en niet "
                "over een eigen verzoek: trek dat in."
            ),
        )
        _decide(disclosure, approve=False, reason=reason, acting_user=acting_user)
    return disclosure


def _decide(disclosure, *, approve, reason, acting_user):
    disclosure.approve() if approve else disclosure.reject()
    disclosure.decided_by = acting_user
    disclosure.decided_at = timezone.now()
    disclosure.decision_reason = reason
    save_with_history(disclosure, acting_user=acting_user, reason=reason)
    complete_task(decide_task(disclosure))
    people = {disclosure.requested_by, disclosure.case.handler} - {None}
    notify_users(
        people,
        path=_disclosure_path(disclosure),
        kind=notice_kinds.DISCLOSURE_DECIDED,
        subject=disclosure.case.reference,
    )


def _disclosure_path(disclosure):
    return reverse("escalation:disclosure", args=[disclosure.pk])


def withdraw_open_disclosures(case, *, acting_user, reason):
    """A case that leaves the board shares nothing any more: open requests are withdrawn."""
    open_states = [State.DRAFT, State.REQUESTED, State.APPROVED]
    for disclosure in Disclosure.objects.select_for_update().filter(
        case=case, state__in=open_states
    ):
        disclosure.withdraw()
        save_with_history(disclosure, acting_user=acting_user, reason=reason)
        _tasks_done(disclosure)


def _tasks_done(disclosure):
    """Nobody has to decide or carry it out any more: its notifications say so."""
    complete_task(decide_task(disclosure))
    complete_task(carry_out_task(disclosure))


def withdraw_disclosure(disclosure, *, reason, acting_user):
    """The requester (or the case's manager) no longer needs it; before it was carried out."""
    with transaction.atomic():
        disclosure = _locked(disclosure)
        _require_state(disclosure, State.DRAFT, State.REQUESTED, State.APPROVED)
        LadderRefused.unless(
            rules.can_withdraw_disclosure(acting_user, disclosure),
            _("Alleen de aanvrager, de behandelaar of de decaan trekt een verstrekking in."),
        )
        disclosure.withdraw()
        save_with_history(disclosure, acting_user=acting_user, reason=reason)
        _tasks_done(disclosure)
    return disclosure


def record_carried_out(disclosure, *, carried_out_on, channel, what_was_shared, acting_user):
    """The contact officer records that the approved disclosure was made, and how."""
    with transaction.atomic():
        disclosure = _locked(disclosure)
        _require_state(disclosure, State.APPROVED)
        LadderRefused.unless(
            rules.can_carry_out_disclosure(acting_user, disclosure),
            _("Alleen de veiligheidscoördinator voert een goedgekeurde verstrekking uit."),
        )
        if carried_out_on < timezone.localdate(disclosure.decided_at):
            raise LadderRefused(_("De verstrekking kan niet vóór de goedkeuring zijn uitgevoerd."))
        disclosure.carry_out()
        disclosure.carried_out_by = acting_user
        disclosure.carried_out_on = carried_out_on
        disclosure.channel = channel
        disclosure.what_was_shared = what_was_shared
        save_with_history(disclosure, acting_user=acting_user, reason=Reason.CARRIED_OUT)
        _tasks_done(disclosure)
    return disclosure


def remind_acute_disclosures(*, now=None, acting_user):
    """Remind the board of every acute request still undecided; at most once per interval, so
    running the job twice sends nothing extra."""
    now = now or timezone.now()
    interval = datetime.timedelta(minutes=settings.ZW_ACUTE_REMINDER_MINUTES)
    reminded = 0
    pending = Disclosure.objects.filter(state=State.REQUESTED, acute=True).values_list(
        "pk", flat=True
    )
    for pk in pending:
        with transaction.atomic():
            disclosure = Disclosure.objects.select_for_update().select_related("case").get(pk=pk)
            last = disclosure.last_reminder_at or disclosure.requested_at
            if disclosure.state != State.REQUESTED or (last and now - last < interval):
                continue
            disclosure.last_reminder_at = now
            save_with_history(disclosure, acting_user=acting_user, reason=Reason.REMINDED)
            deciders = people_with_role(RoleCode.BOARD).exclude(
                pk__in=[disclosure.requested_by_id, disclosure.case.handler_id or 0]
            )
            notify_users(
                deciders,
                path=reverse("escalation:board_inbox"),
                kind=notice_kinds.ACUTE,
                subject=disclosure.case.reference,
                task=decide_task(disclosure),
            )
            reminded += 1
    return reminded
