"""Every write in training: who acted, what changed, why — one transaction each, rows locked.

Split by topic; callers use `training.services.<name>` for all of them:
- courses: create_course, update_course, grant_first_generation
- sessions: schedule_session, update_session, open_session, cancel_session
- enrolment: enrol, cancel_enrolment (the session row lock; the waitlist in order of arrival)
- certificates: record_attendance, issue_certificate (and the cascade to new trainers)
- reminders: remind_upcoming_sessions, remind_expiring_certificates (each mail once)
- team_requests: request_team_training, assign_intake, record_intake, link_session
- calendar_feed: calendar_feed_for, reset_calendar_feed
Errors are `core.errors` (a refusal is a `TrainingActionRefused`); edits lock and save
through `core.locking`. Notifications go to the in-app inbox and by e-mail after the commit
(`accounts.notifications`).
"""

from training.services.base import Reason, TrainingActionRefused
from training.services.calendar_feed import calendar_feed_for, reset_calendar_feed
from training.services.certificates import issue_certificate, record_attendance
from training.services.courses import create_course, grant_first_generation, update_course
from training.services.enrolment import cancel_enrolment, enrol
from training.services.reminders import remind_expiring_certificates, remind_upcoming_sessions
from training.services.sessions import (
    cancel_session,
    open_session,
    schedule_session,
    update_session,
)
from training.services.team_requests import (
    assign_intake,
    link_session,
    record_intake,
    request_team_training,
)

__all__ = [
    "Reason",
    "TrainingActionRefused",
    "assign_intake",
    "calendar_feed_for",
    "cancel_enrolment",
    "cancel_session",
    "create_course",
    "enrol",
    "grant_first_generation",
    "issue_certificate",
    "link_session",
    "open_session",
    "record_attendance",
    "record_intake",
    "remind_expiring_certificates",
    "remind_upcoming_sessions",
    "request_team_training",
    "reset_calendar_feed",
    "schedule_session",
    "update_course",
    "update_session",
]
