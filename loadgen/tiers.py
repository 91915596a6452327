"""The three sizes, the accounts the benchmark signs in as, and the units of time the
generators count in."""

import datetime
from dataclasses import dataclass

from accounts.roles import RoleCode

UTC = datetime.UTC
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Tier:
    faculties: int
    programmes_per_faculty: int
    students: int
    staff: int
    cases: int
    years: int
    timeline_per_case: float  # on average, for handled cases
    sessions: int


TIERS = {
    "S": Tier(4, 5, 4_000, 400, 1_000, 2, 4.0, 40),
    "L": Tier(8, 8, 40_000, 4_000, 10_000, 3, 4.5, 300),
    "N": Tier(250, 8, 1_000_000, 100_000, 1_000_000, 5, 4.5, 5_000),
}

# The accounts the benchmark logs in as (password: the command's --password).
BENCH_ACCOUNTS = {
    "load-reporter": [RoleCode.REPORTER],
    "load-counsellor": [RoleCode.REPORTER, RoleCode.COUNSELLOR],
    "load-dean": [RoleCode.REPORTER, RoleCode.DEAN],
    "load-board": [RoleCode.REPORTER, RoleCode.BOARD],
    "load-contact": [RoleCode.REPORTER, RoleCode.CONTACT_OFFICER],
    "load-careteam": [RoleCode.REPORTER, RoleCode.CARE_TEAM],
    "load-trainer": [RoleCode.REPORTER, RoleCode.TRAINER],
    "load-coordinator": [RoleCode.REPORTER, RoleCode.TRAINING_COORDINATOR],
    "load-privacy": [RoleCode.REPORTER, RoleCode.PRIVACY_OFFICER],
    "load-admin": [RoleCode.FUNCTIONAL_ADMIN],
}
