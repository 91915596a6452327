"""Who may move a case on the ladder, sign the weighing frameworks and decide on disclosures.

Seeing a case is still decided by `cases.permissions`; these rules come on top of it. Nothing
here makes an exception for superusers or administrators.
"""

import datetime

from django.utils import timezone

from accounts.roles import RoleCode
from cases.models import Rung
from cases.permissions import (
    can_change_case,
    can_manage_case,
    can_take_case,
    can_view_case,
    unit_scope,
)
from escalation.models import Disclosure

OPEN_RUNGS = (Rung.SIGNAL, Rung.SUPPORT, Rung.CARE_MEETING, Rung.BOARD)
State = Disclosure.State


def _active(user, *roles):
    return user.is_active and user.has_role(*roles)


def is_dean_over(user, case):
    return _active(user, RoleCode.DEAN) and case.unit_id in unit_scope(user)


def can_sign_frameworks(user, case):
    """The weighing frameworks are signed by someone on the case team."""
    return case.rung in OPEN_RUNGS and can_change_case(user, case)


def can_request_escalation(user, case):
    """A counsellor on the team asks a dean to take the case to the care meeting."""
    return (
        case.rung == Rung.SUPPORT
        and _active(user, RoleCode.COUNSELLOR)
        and can_change_case(user, case)
    )


def can_review_escalation(user, case, request=None):
    """A dean over the case's unit accepts or sends back an escalation request — never their
    own (someone can hold both the counsellor and the dean role)."""
    if request is not None and request.requested_by_id == user.pk:
        return False
    return case.rung == Rung.SUPPORT and is_dean_over(user, case)


def can_step_down(user, case):
    return case.rung in (Rung.CARE_MEETING, Rung.BOARD) and can_manage_case(user, case)


def can_close(user, case):
    return case.rung in OPEN_RUNGS and can_manage_case(user, case)


def can_reopen(user, case):
    return case.rung == Rung.CLOSED and can_manage_case(user, case)


def can_report_acute(user, case):
    """From any open rung: the team, the dean over the unit, or a counsellor of the triage pool."""
    if case.rung not in OPEN_RUNGS:
        return False
    return can_change_case(user, case) or is_dean_over(user, case) or can_take_case(user, case)


def can_request_disclosure(user, case):
    """Only at the board rung, by a counsellor or dean on the team."""
    return (
        case.rung == Rung.BOARD
        and _active(user, RoleCode.COUNSELLOR, RoleCode.DEAN)
        and can_change_case(user, case)
    )


def _not_involved(user, disclosure):
    involved = {
        disclosure.requested_by_id,
        disclosure.handler_at_request_id,
        disclosure.case.handler_id,
    }
    return user.pk not in involved


def can_approve_disclosure(user, disclosure):
    """Four eyes without exception: a board member who did not ask for it and neither handles
    the case nor handled it when it was asked; only while the case lies with the board."""
    return (
        disclosure.state == State.REQUESTED
        and disclosure.case.rung == Rung.BOARD
        and _active(user, RoleCode.BOARD)
        and _not_involved(user, disclosure)
    )


def can_reject_disclosure(user, disclosure):
    """Any board member may say no, except to their own request (they withdraw it instead)."""
    return (
        disclosure.state == State.REQUESTED
        and _active(user, RoleCode.BOARD)
        and user.pk != disclosure.requested_by_id
    )


def can_withdraw_disclosure(user, disclosure):
    if disclosure.state not in (State.DRAFT, State.REQUESTED, State.APPROVED):
        return False
    return user.pk == disclosure.requested_by_id or can_manage_case(user, disclosure.case)


def can_carry_out_disclosure(user, disclosure):
    """Only the contact officer shares with the outside world, only what was approved, and
    only while the case lies with the board."""
    return (
        disclosure.state == State.APPROVED
        and disclosure.case.rung == Rung.BOARD
        and _active(user, RoleCode.CONTACT_OFFICER)
    )


# How long the contact officer keeps seeing a disclosure they carried out (their list shows
# the same window).
CONTACT_OFFICER_DAYS = 30


def can_view_disclosure(user, disclosure):
    """Case readers; the board once it is requested (and afterwards, what they decided); the
    contact officer while it is approved and for a month after it was carried out."""
    if _active(user, RoleCode.BOARD) and (
        disclosure.state == State.REQUESTED or disclosure.decided_by_id == user.pk
    ):
        return True
    if _active(user, RoleCode.CONTACT_OFFICER) and _contact_officer_window(disclosure):
        return True
    return can_view_case(user, disclosure.case)


def _contact_officer_window(disclosure):
    if disclosure.state == State.APPROVED:
        return True
    if disclosure.state != State.CARRIED_OUT or disclosure.carried_out_on is None:
        return False
    since = timezone.localdate() - datetime.timedelta(days=CONTACT_OFFICER_DAYS)
    return disclosure.carried_out_on >= since


def can_acknowledge_emergency(user, report):
    return (
        report.emergency_called and report.acknowledged_at is None and _active(user, RoleCode.BOARD)
    )


def may_use_board_inbox(user):
    return _active(user, RoleCode.BOARD)


def may_use_dean_inbox(user):
    return _active(user, RoleCode.DEAN)


def may_use_contact_list(user):
    return _active(user, RoleCode.CONTACT_OFFICER)


# Who may ever take a step, whatever the case's rung or the disclosure's state. Pages use these
# to refuse outright (403); a step that is only impossible now is refused by the service, with
# a message, so that a late click keeps the form as typed.


def may_ever_report_acute(user, case):
    return can_change_case(user, case) or is_dean_over(user, case) or can_take_case(user, case)


def may_ever_withdraw_disclosure(user, disclosure):
    return user.pk == disclosure.requested_by_id or can_manage_case(user, disclosure.case)
