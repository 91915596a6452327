"""The programme's raw figures: what the dashboard reads, each counted by the selectors of the
app that owns its rows, one grouped query per figure (the same number of queries however much
data there is). Nothing here is suppressed yet and nothing here leaves this app unsuppressed:
`programme.sections` puts every count through `overleg.suppression` before a page, an export
or a PDF sees it (redacted and rounded).

Which moment counts:
- a report counts in the period it was made (`Case.created_at`);
- a report is picked up at its take-on step on the ladder (`RungTransition` of kind take-on),
  or, for a case that never had one (acute straight from the signal rung), when it first got a
  handler (the case's history); pick-up figures are about the reports picked up in the period;
- ladder steps, acute reports, disclosure decisions and meetings by when they happened;
- action items by their due date; training coverage at the end of the period (today while it
  is still going on), over the staff who hold a role in the unit now.
"""

from accounts.selectors import active_faculties as faculties
from cases.selectors import reports_per_faculty
from escalation.selectors import ladder_counts, pickup
from overleg.selectors import actions_due, meetings_held
from overleg.trends import time_per_rung
from training.selectors import coverage_per_faculty, training_counts

__all__ = [
    "actions_due",
    "coverage_per_faculty",
    "faculties",
    "ladder_counts",
    "meetings_held",
    "pickup",
    "reports_per_faculty",
    "rung_stays",
    "training_counts",
]


def rung_stays(period):
    """Per rung left in the period: (rung, cases, average stay), as the trends page counts it."""
    return time_per_rung(period.trend_filters())
