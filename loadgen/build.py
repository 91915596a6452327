"""One run of the load data: the builder that holds the seeded random source, the writer and
what later rows point at, put together from one mixin per topic:

- `people`: faculties, programmes, staff with roles, students;
- `cases`: cases, their teams, categories and timelines;
- `ladder`: framework 1, escalation requests, care-meeting decisions;
- `history`: simple-history rows for every version;
- `permissions`: guardian's direct foreign-key permission rows;
- `meetings`: care meetings with agendas, invitations and the access they grant;
- `training`: courses, sessions, enrolments, certificates.

The order of the steps (and of the random draws inside them) fixes the data: the same size,
seed and anchor give the same rows.
"""

import datetime
import random
import time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import Role
from accounts.services import ensure_roles, get_system_user
from cases.categories import ensure_default_categories
from cases.models import Case, ConcernCategory
from loadgen.cases import CasesMixin
from loadgen.history import HistoryMixin
from loadgen.ladder import LadderMixin
from loadgen.meetings import MeetingsMixin
from loadgen.people import PeopleMixin
from loadgen.permissions import PermissionsMixin
from loadgen.tables import declare_tables
from loadgen.tiers import TIERS, UTC
from loadgen.training import TrainingMixin
from loadgen.writer import FLUSH_ROWS, Writer


class Builder(
    PeopleMixin,
    CasesMixin,
    LadderMixin,
    HistoryMixin,
    PermissionsMixin,
    TrainingMixin,
    MeetingsMixin,
):
    """One run: a seeded random source, a writer, and what later rows point at."""

    def __init__(self, tier, *, seed, anchor, password, log):
        self.tier = tier
        self.rng = random.Random(seed)  # noqa: S311  load data, not secrets
        self.now = datetime.datetime.combine(anchor, datetime.time(12, 0), tzinfo=UTC)
        self.start = self.now - datetime.timedelta(days=365 * tier.years)
        self.password_hash = make_password(password)
        self.log = log
        self.writer = Writer()
        self.counts = {}

    def prepare(self):
        """What exists before data: roles, categories, permissions, the system user."""
        ensure_roles()
        self.system = get_system_user()
        ensure_default_categories(acting_user=self.system, reason="Belastingsgegevens")
        self.groups = {r.code: r.group_id for r in Role.objects.all()}
        self.categories = list(
            ConcernCategory.objects.filter(is_active=True).values_list("pk", flat=True)
        )
        perms = Permission.objects.filter(
            content_type__app_label="cases", content_type__model="case"
        )
        self.perm = {p.codename: p.pk for p in perms}
        self.t = declare_tables(self.writer)

    def emit(self, key, row):
        self.writer.add(self.t[key].model, row)

    def take(self, key):
        return self.t[key].take_id()

    def maybe_flush(self):
        if self.writer.pending() >= FLUSH_ROWS:
            self.writer.flush()

    def run(self):
        started = time.monotonic()
        self.prepare()
        for label, step in (
            ("units", self.units),
            ("staff", self.staff),
            ("students", self.students),
            ("cases", self.cases),
            ("pending escalation requests", self.pending_requests),
            ("training", self.training),
            ("care meetings", self.meetings),
        ):
            t0 = time.monotonic()
            step()
            self.writer.flush()
            self.log(f"{label}: {time.monotonic() - t0:.1f} s")
        self.writer.reset_sequences()
        t0 = time.monotonic()
        done = self.writer.analyze()
        self.log(f"{done}: {time.monotonic() - t0:.1f} s")
        self.counts = {t.model._meta.label: t.written for t in self.writer.tables.values()}
        self.seconds = time.monotonic() - started
        return self


def database_holds_cases():
    return Case.objects.exists()


def build(size, *, seed=20261128, anchor=None, password="demo", log=print):  # noqa: S107
    """Load one tier into the default database and return the builder (counts, seconds)."""
    anchor = anchor or timezone.localdate()
    builder = Builder(TIERS[size], seed=seed, anchor=anchor, password=password, log=log)
    return builder.run()
