"""Everything that changes a care meeting. Each function is one transaction, locks the meeting
it changes, checks the rule in `overleg.permissions` and saves with history (who and why).
Decisions about cases go through `escalation.services`, the same rules as everywhere else."""

from overleg.services.access import (
    confirm_confidentiality,
    end_expired_access,
    publish_agenda,
    reveal_identity,
)
from overleg.services.common import MeetingRefused, Reason, meeting_path
from overleg.services.minutes import (
    add_action,
    approve_minutes,
    decision_allowed,
    mark_held,
    record_attendance,
    record_item_minutes,
    remind_overdue_actions,
    review_action,
)
from overleg.services.planning import (
    Proposal,
    add_item,
    add_proposal,
    agenda_proposals,
    edit_meeting,
    eligible_chairs,
    eligible_invitees,
    move_item,
    plan_meeting,
    proposals_for,
    remove_item,
    unit_cases_for,
)

__all__ = [
    "MeetingRefused",
    "Proposal",
    "Reason",
    "add_action",
    "add_item",
    "add_proposal",
    "agenda_proposals",
    "approve_minutes",
    "agenda_proposals",
    "confirm_confidentiality",
    "decision_allowed",
    "edit_meeting",
    "eligible_chairs",
    "eligible_invitees",
    "end_expired_access",
    "mark_held",
    "meeting_path",
    "move_item",
    "plan_meeting",
    "proposals_for",
    "publish_agenda",
    "record_attendance",
    "record_item_minutes",
    "remind_overdue_actions",
    "remove_item",
    "review_action",
    "reveal_identity",
    "unit_cases_for",
]
