"""A year of use for the local demo (`seed_demo --history`): so the trends and the programme
dashboard show figures a care meeting or a board recognises, not only "<5".

It replays the last twelve months, deterministically (fixed seed, dates relative to today):
about 180 reports spread over the months and programmes, picked up within a few working days,
talked through and mostly closed after some weeks; about a third taken to the care meeting (with
weighing frameworks and the dean's review), some on to the board with a disclosure, a few acute;
the faculties' care meetings that decided about them, with actions reviewed; incidents; and the
basic-knowledge training of more staff per faculty.

Every step goes through the product's services, taken by the demo person whose work it is, at
the moment it happened (see `clock`). It builds on the rest of the demo (accounts, partners,
courses) and runs after it, so the demo stories of `demo.cases`, `demo.ladder` and
`demo.meetings` stay exactly as they are. Running it again adds nothing.
"""

import datetime
import random

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import InboxItem, OrganisationUnit, User
from accounts.notifications import mark_read
from cases.models import ConcernCategory
from core.errors import EditConflict
from demo.history.clock import replayed_at
from demo.history.meetings import MeetingHistory
from demo.history.people import (
    HISTORY_USERNAMES,
    plan_training,
    seed_staff,
    seed_students,
)
from demo.history.replay import Replay, local
from demo.history.stories import OLD_REPORTERS, CaseHistory

# What stops the history from loading (and leaves nothing of it): a demo account, course or
# partner it builds on is missing, or a service refused a step.
HISTORY_PROBLEMS = (LookupError, PermissionDenied, EditConflict, ValueError)
NEEDED = {
    "dean", "careteam", "counsellor", "counsellor2", "board", "board2", "contact",
    "coordinator", "trainer", "reporter", "docent1", "docent2", "docent3", "docent4", "docent5",
}  # fmt: skip
SEED = 2025


def seed_history(*, acting_user):
    """Replay a year of use; returns the number of cases it reported (0 when already there).

    Notifications of the past land in the inboxes as they did then, and read (their people read
    them long ago); their e-mails are not sent now."""
    if User.objects.filter(username__in=HISTORY_USERNAMES).exists():
        return 0
    users = {user.username: user for user in User.objects.filter(is_system=False)}
    missing = NEEDED - set(users)
    if missing:
        raise LookupError(f"Demo accounts missing: {', '.join(sorted(missing))}")
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with quiet, transaction.atomic():
        return _replay(users, acting_user=acting_user)


def _replay(users, *, acting_user):
    today = timezone.localdate()
    replay = Replay(today=today, rng=random.Random(SEED))  # noqa: S311 — demo data, not secrets
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    inbox_before = InboxItem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # Staff and students were there before the year began.
    with replayed_at(local(today - datetime.timedelta(days=400), 9, 0)):
        staff = seed_staff(units, acting_user=acting_user)
        students = seed_students(units, sorted(OLD_REPORTERS), acting_user=acting_user)
    users.update(staff)
    categories = {category.code: category for category in ConcernCategory.objects.all()}
    cases = CaseHistory(replay, users=users, units=units, students=students, categories=categories)
    stories = cases.plan()
    MeetingHistory(replay, cases, users=users, units=units).plan(stories)
    plan_training(replay, users, staff)
    replay.plan(replay.until - datetime.timedelta(hours=6), cases.finish)
    replay.run()
    for item in InboxItem.objects.filter(pk__gt=inbox_before, read_at__isnull=True):
        mark_read(item)
    return cases.reported
