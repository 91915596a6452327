"""Care-meeting pages: parse input, ask `overleg.permissions`, call a service, respond.

Every page about one meeting goes through `views.common.meeting_page`: a logged 404 for anyone
not involved in the meeting (whatever the method), then the method check. Case content is read
only through `views.cases`, which writes the access-log row with the basis "meeting attendance".
"""

from overleg.views.agenda import agenda_add, agenda_move, agenda_pdf, agenda_propose, agenda_remove
from overleg.views.cases import meeting_case, reveal_identity
from overleg.views.meetings import (
    confirm,
    invitation_ics,
    mark_held,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_list,
    publish,
)
from overleg.views.minutes import (
    action_add,
    action_review,
    approve,
    item_minutes,
    minutes,
    minutes_pdf,
)

__all__ = [
    "action_add",
    "action_review",
    "agenda_add",
    "agenda_move",
    "agenda_pdf",
    "agenda_propose",
    "agenda_remove",
    "approve",
    "confirm",
    "invitation_ics",
    "item_minutes",
    "mark_held",
    "meeting_case",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_list",
    "minutes",
    "minutes_pdf",
    "publish",
    "reveal_identity",
]
