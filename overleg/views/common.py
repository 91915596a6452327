"""What the care-meeting pages share: reaching a meeting, running a service, logging reads."""

from functools import partial

from django.http import Http404
from django.shortcuts import redirect

from audit.models import AccessLogEntry
from audit.services import log_denied_access, log_list_access
from core import pages
from overleg import permissions as rules
from overleg import pseudonyms
from overleg.models import Meeting

Action = AccessLogEntry.Action
MEETING = AccessLogEntry.Basis.MEETING


def refuse(request, part):
    """A logged 404: a meeting, its minutes or its documents this person may not read."""
    log_denied_access(request, case=None, part=part)
    raise Http404


def _visible_meeting(request, pk, *, part):
    meeting = (
        Meeting.objects.select_related("chair", "minute_taker", "organised_by", "unit", "case")
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not rules.can_view_meeting(request.user, meeting):
        refuse(request, part)
    return meeting


def meeting_page(*, methods=("GET",), part="meeting"):
    """A page about one meeting: signed in, a logged 404 for anyone not involved (whatever the
    method), then the method check."""
    return pages.page(
        rules.may_use_meetings, methods=methods, find=partial(_visible_meeting, part=part)
    )


def act(request, meeting, action, done_message, *, to="overleg:meeting_detail"):
    """A button without a form: do it, say so, and go back to the meeting. `done_message` may
    be a function of the service's result."""
    pages.act(request, action, done_message)
    return redirect(to, pk=meeting.pk)


def agenda_items(meeting):
    return list(
        meeting.items.select_related("case__student", "incident", "decision_recorded").order_by(
            "position", "id"
        )
    )


def log_cases(request, cases, *, part, action=Action.LIST):
    """One access-log row per case shown (basis: meeting attendance)."""
    cases = [case for case in cases if case is not None]
    if cases:
        log_list_access(
            request, cases_with_basis=[(case, MEETING) for case in cases], part=part, action=action
        )


def mask_for(case):
    """Free text about a case, as meeting screens show it: the student's names replaced."""
    if case is None:
        return lambda text: text
    pattern = pseudonyms.name_pattern(case.student)
    pseudonym = case.student_pseudonym or case.reference
    return lambda text: pseudonyms.mask(text, pattern, pseudonym)


def masked_actions(actions):
    actions = list(actions)
    for action in actions:
        action.description_shown = mask_for(action.item.case if action.item else None)(
            action.description
        )
    return actions
