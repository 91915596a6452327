"""No count below the threshold can be worked out by combining views (issue 17, item 2).

Generated institutions and generated pairs and triples of views — periods that nest, overlap
or follow each other, a faculty and all faculties, months and their totals, the programme
dashboard per quarter and per year with its per-faculty coverage — read through their CSV
exports (the page, the chart and the PDF show the same figures: tests/test_trends_suppression.py
and tests/test_programme_suppression.py). The reader of tests/differencing_reader.py then
subtracts, adds and bounds what they publish; it must never find a count of 1 to 4.
"""

from django.utils import translation
from hypothesis import HealthCheck, example, given, settings

from tests.differencing_helpers import (
    Figure,
    acute_set,
    incident_set,
    install,
    programme_view,
    published,
    step_set,
    trends_view,
    view_sets,
    worlds,
)
from tests.differencing_reader import leaks

T = 5
SEARCH = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large],
)  # fmt: skip


def _attack(world, views):
    figures, blocks = [], set()
    with translation.override("nl"):
        for view in views:
            found, block = published(world, view)
            figures += found
            blocks.add(block)
    assert len(blocks) == 1, "every export explains its numbers the same way"
    return leaks(figures, threshold=T, block=blocks.pop())


def _world(**records):
    kinds = ("cases", "steps", "acute", "incidents", "actions", "meetings", "staff", "decisions",
             "trainers", "intakes")  # fmt: skip
    return {**{kind: [] for kind in kinds}, **records}


def _case(month, unit=11):
    return {"signal": month, "created": month, "unit": unit, "categories": {1},
            "rung": "support", "picked": None}  # fmt: skip


# The issue's own examples, as made-up records in 2025 (month 0 is January).
ACUTE_8_VS_6 = _world(
    cases=[_case(m) for m in range(12)],
    acute=[(0, 1), (1, 2), (2, 4), (3, 5), (4, 7), (5, 9), (6, 11), (7, 11)],
)
INCIDENTS_10_VS_9 = _world(
    incidents=[(0, "threat", 11)] + [(m, "threat", 11) for m in (1, 2, 3, 5, 6, 8, 9, 10, 11)]
)
STEP_DOWNS_35_VS_32 = _world(
    cases=[_case(0) for _n in range(35)],
    steps=[(n, n % 9, "support", "step_down", 5) for n in range(32)]
    + [(32 + n, 11, "support", "step_down", 5) for n in range(3)],
)
JAN_DEC, JAN_NOV, FEB_DEC = trends_view(0, 11), trends_view(0, 10), trends_view(1, 11)


@SEARCH
@example(world=ACUTE_8_VS_6, views=[JAN_DEC, JAN_NOV])
@example(world=INCIDENTS_10_VS_9, views=[JAN_DEC, FEB_DEC])
@example(world=STEP_DOWNS_35_VS_32, views=[JAN_DEC, JAN_NOV, programme_view("2025")])
@given(world=worlds(), views=view_sets())
def test_no_small_count_can_be_worked_out_from_two_or_three_views(world, views, db, monkeypatch):
    install(monkeypatch, world)
    assert _attack(world, views) == []


def test_the_issue_examples_are_what_the_reader_would_have_found(db, monkeypatch):
    """The reader is not blind: on exact totals (what the pages published before) it finds
    December's 2 acute reports, January's one incident and December's 3 step-downs."""

    def exact(kind, mask):
        return Figure(kind, mask, str(bin(mask).count("1")))

    year, to_november, from_february = range(12), range(11), range(1, 12)
    acute = [exact("acute", acute_set(ACUTE_8_VS_6, months)) for months in (year, to_november)]
    incidents = [exact("incidents", incident_set(INCIDENTS_10_VS_9, months))
                 for months in (year, from_february)]  # fmt: skip
    steps = [exact("steps", step_set(STEP_DOWNS_35_VS_32, months, kinds=("step_down",)))
             for months in (year, to_november)]  # fmt: skip
    assert leaks(acute, threshold=T, block=1) == [("A − B: the difference is the count", 2),
                                                  ("A − B: only one value fits", 2)]  # fmt: skip
    assert leaks(incidents, threshold=T, block=1)[0][1] == 1
    assert leaks(steps, threshold=T, block=1)[0][1] == 3


def test_the_views_are_read_in_full(db, monkeypatch):
    """The reader sees every section of both pages: a count in each, for a busy year."""
    world = _world(
        cases=[{**_case(m % 12, unit=(11, 12, 21)[m % 3]), "picked": (0, m % 2 == 0)}
               for m in range(60)],
        steps=[(n, n % 12, "support", ("escalate", "step_down")[n % 2], 4) for n in range(40)],
        acute=[(n, n % 12) for n in range(20)],
        incidents=[(n % 12, "threat", 11) for n in range(20)],
        actions=[(n % 12, n % 3 > 0) for n in range(30)],
        meetings=list(range(12)),
        staff=[(1 + n % 2, 0 if n % 3 else None) for n in range(30)],
        decisions=[(n % 12, n % 2 == 0) for n in range(12)],
        trainers=[(n % 8, n % 12) for n in range(24)],
        intakes=list(range(12)),
    )  # fmt: skip
    install(monkeypatch, world)
    with translation.override("nl"):
        trends, _block = published(world, trends_view(0, 11))
        board, _block = published(world, programme_view("2025"))
    assert {f.kind for f in trends} == {"cases", "mentions", "steps", "acute", "incidents"}
    assert {f.kind for f in board} == {"cases", "pickups", "steps", "decisions", "meetings",
                                       "actions", "staff", "trainers", "intakes"}  # fmt: skip
