"""When a case may go: its retention date, from the close of the case and the rules.

- The clock starts when the case was last closed (a reopened case starts again when it closes).
- A report that led to nothing — the case never went beyond student support and was closed with
  "geen verdere actie nodig" — is kept `ZW_RETENTION_YEARS_NOTHING` years (default 1); any other
  closed case `ZW_RETENTION_YEARS` years (default 5).
- A `RetentionRule` for one of the case's concern categories replaces those defaults; with rules
  for several of its categories, the longest applies (the category that needs the case longest).
- Open cases have no retention date. An active legal hold keeps a case whatever its date.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, Rung
from escalation.models import CloseOutcome, RungTransition
from retention.models import LegalHold, RetentionRule

NOTHING_CAME_OF_IT = {CloseOutcome.NO_FURTHER_ACTION}


@dataclass(frozen=True)
class Retention:
    """One closed case and how long it is kept."""

    case: Case
    closed_at: datetime.datetime
    nothing_came_of_it: bool
    years: int
    rule: str
    date: datetime.date
    on_hold: bool


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def closed_cases():
    """Closed cases with what their retention depends on, in a constant number of queries."""
    last_close = RungTransition.objects.filter(case=OuterRef("pk"), to_rung=Rung.CLOSED).order_by(
        "-at", "-id"
    )
    went_higher = RungTransition.objects.filter(
        case=OuterRef("pk"), to_rung__in=[Rung.CARE_MEETING, Rung.BOARD]
    )
    held = LegalHold.objects.filter(case=OuterRef("pk"), lifted_at__isnull=True)
    return (
        Case.objects.filter(rung=Rung.CLOSED)
        .annotate(
            closed_at=Subquery(last_close.values("at")[:1]),
            close_outcome=Subquery(last_close.values("outcome")[:1]),
            went_beyond_support=Exists(went_higher),
            on_hold=Exists(held),
        )
        .filter(closed_at__isnull=False)
        .prefetch_related("categories")
        .order_by("closed_at", "pk")
    )


class Rules:
    """The defaults and the per-category rules, read once."""

    def __init__(self):
        self.default = settings.ZW_RETENTION_YEARS
        self.default_nothing = settings.ZW_RETENTION_YEARS_NOTHING
        self.by_category = {
            rule.category_id: rule for rule in RetentionRule.objects.select_related("category")
        }

    @property
    def shortest(self):
        years = [self.default, self.default_nothing]
        for rule in self.by_category.values():
            years += [rule.years_after_close, rule.years_if_nothing_came_of_it]
        return min(years)

    def for_case(self, case):
        """(years, description) for an annotated closed case."""
        nothing = _nothing_came_of_it(case)
        rules = [self.by_category[c.pk] for c in case.categories.all() if c.pk in self.by_category]
        if not rules:
            if nothing:
                return self.default_nothing, _("standaard: melding zonder vervolg")
            return self.default, _("standaard")
        field = "years_if_nothing_came_of_it" if nothing else "years_after_close"
        rule = max(rules, key=lambda r: (getattr(r, field), r.category.code))
        return getattr(rule, field), _("zorgcategorie %(category)s") % {
            "category": rule.category.label_nl
        }

    def retention(self, case):
        years, description = self.for_case(case)
        closed_on = timezone.localdate(case.closed_at)
        return Retention(
            case=case,
            closed_at=case.closed_at,
            nothing_came_of_it=_nothing_came_of_it(case),
            years=years,
            rule=_("%(rule)s, %(years)s jaar na sluiten") % {"rule": description, "years": years},
            date=add_years(closed_on, years),
            on_hold=case.on_hold,
        )


def _nothing_came_of_it(case):
    return not case.went_beyond_support and case.close_outcome in NOTHING_CAME_OF_IT


def retention_of(case):
    """The retention of one case, or None while it is open."""
    annotated = closed_cases().filter(pk=case.pk).first()
    return Rules().retention(annotated) if annotated else None


def due_by(day):
    """Every closed case whose retention date is on or before `day`, held ones included (the
    caller skips those and says so)."""
    rules = Rules()
    # No case can be due before its shortest possible term: only those are read and weighed.
    latest_close = add_years(day, -rules.shortest) + datetime.timedelta(days=1)
    start = datetime.datetime.combine(latest_close, datetime.time.min)
    candidates = closed_cases().filter(closed_at__lt=timezone.make_aware(start))
    found = (rules.retention(case) for case in candidates)
    return [retention for retention in found if retention.date <= day]
