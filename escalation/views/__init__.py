"""Ladder pages: parse input, ask `escalation.permissions`, call one service or selector, respond.

Pages about one case go through `cases.access.case_page` (a logged 404 for outsiders on every
method); pages about one disclosure through `access.disclosure_page`, its twin. A refusal or a
conflict from a service comes back as an error on the form, with what was typed still in it.
"""

from escalation.views.handling import assign_handler, take_case
from escalation.views.inboxes import board_inbox, contact_list, dean_inbox
from escalation.views.ladder import (
    acknowledge_emergency,
    close_case,
    framework1_detail,
    framework2_detail,
    reopen_case,
    report_acute_risk,
    request_escalation,
    review_escalation,
    sign_framework1,
    sign_framework2,
    step_down,
)
from escalation.views.sharing import (
    carry_out_disclosure,
    decide_disclosure,
    disclosure_detail,
    disclosure_package_pdf,
    request_disclosure,
    submit_disclosure,
    withdraw_disclosure,
)

__all__ = [
    "acknowledge_emergency",
    "assign_handler",
    "board_inbox",
    "carry_out_disclosure",
    "close_case",
    "contact_list",
    "dean_inbox",
    "decide_disclosure",
    "disclosure_detail",
    "disclosure_package_pdf",
    "framework1_detail",
    "framework2_detail",
    "reopen_case",
    "report_acute_risk",
    "request_disclosure",
    "request_escalation",
    "review_escalation",
    "sign_framework1",
    "sign_framework2",
    "step_down",
    "submit_disclosure",
    "take_case",
    "withdraw_disclosure",
]
