"""Load data for query budgets and benchmarks: `manage.py seed_load --size S|L|N` (see loadgen)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from loadgen.build import build, database_holds_cases
from loadgen.tiers import TIERS

PRODUCTION_FLAG = "--i-know-this-is-not-production"


class Command(BaseCommand):
    help = (
        "Load generated data of one size into an empty database: S (~1k cases), L (10k cases, "
        "40k students, 4k staff) or N (1M cases, 100k staff, 10M history rows). Never production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(TIERS), required=True)
        parser.add_argument("--seed", type=int, default=20261128)
        parser.add_argument(
            "--anchor",
            type=datetime.date.fromisoformat,
            default=None,
            help="The 'today' of the data (YYYY-MM-DD); the same seed and anchor give the same "
            "data. Default: today.",
        )
        parser.add_argument("--password", default="demo", help="Password of every loaded account.")
        parser.add_argument(
            PRODUCTION_FLAG,
            dest="not_production",
            action="store_true",
            help="Allow a run with DEBUG off (a benchmark database, never a real one).",
        )

    def handle(self, *args, size, seed, anchor, password, not_production, **options):
        if not (settings.DEBUG or not_production):
            raise CommandError(
                f"seed_load writes generated people and cases: only with DJANGO_DEBUG=1 or "
                f"{PRODUCTION_FLAG} (and never on a production database)."
            )
        if database_holds_cases():
            raise CommandError(
                "This database already holds cases; seed_load loads into an empty (migrated) "
                "database only."
            )
        if size != "S" and connection.vendor != "postgresql":
            raise CommandError("Sizes L and N need PostgreSQL (COPY); S runs on SQLite too.")
        name = settings.DATABASES["default"]["NAME"]
        self.stderr.write(f"Loading size {size} into {connection.vendor} database {name} …")
        builder = build(size, seed=seed, anchor=anchor, password=password, log=self.stderr.write)
        for label, count in sorted(builder.counts.items()):
            self.stdout.write(f"{label:45} {count:>12,}")
        total = sum(builder.counts.values())
        self.stdout.write(f"{'rows':45} {total:>12,}  in {builder.seconds:.1f} s")
