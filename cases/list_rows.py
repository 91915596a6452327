"""The rows of the case lists, as HTML made here in Python.

Why (issue 9, then issue 20): the list's 25 rows rendered through the template — a lookup per
field, `{% url %}`, the `date` filter, `get_rung_display` — were the largest Python cost of the
page, and at tier N the page must cost at most about three empty pages. The markup is the
template's (every value escaped by `format_html`); the badge is `cases/_rung_badge.html`'s.
Below 992 px the kind of concern and the report date give way (the case page has them), so the
list needs no sideways scrolling on a tablet.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from cases.models import Rung

ROW = (
    "<tr>\n"
    '<td class="zw-nowrap"><a href="{url}">{reference}</a></td>\n'
    '<td>{student}<span class="d-block small text-body-secondary">{unit}</span></td>\n'
    '<td class="d-none d-lg-table-cell">{categories}</td>\n'
    '<td><span class="badge zw-rung zw-rung-{rung}">{rung_label}</span>\n'
    '<span class="d-block small">{urgency}</span></td>\n'
    "<td>{handler}</td>\n"
    '<td class="zw-nowrap">{review}</td>\n'
    '<td class="zw-nowrap d-none d-lg-table-cell">{created}</td>\n'
    "</tr>\n"
)


def case_rows(cases, *, today):
    """The `<tr>`s of a page of cases (from `selectors.page_of_cases`), escaped and safe."""
    if not cases:
        return ""
    # One reverse() for the page instead of one per row; references are URL-safe.
    first = cases[0].reference
    detail_base = reverse("cases:detail", args=[first]).removesuffix(f"{first}/")
    words = {
        "unknown": format_html("<em>{}</em>", _("Onbekend")),
        "nobody": format_html('<span class="text-body-secondary">{}</span>', _("Nog niemand")),
        "overdue": _("verlopen"),
        "rungs": {value: str(label) for value, label in Rung.choices},
        "months": {month: str(name) for month, name in MONTHS_AP.items()},
    }
    return format_html_join("", "{}", ((_row(case, detail_base, today, words),) for case in cases))


def _row(case, detail_base, today, words):
    student, handler, review = case.student, case.handler, case.next_review
    return format_html(
        ROW,
        url=f"{detail_base}{case.reference}/",
        reference=case.reference,
        student=format_html(
            '{} {} <span class="text-body-secondary small">{}</span>',
            student.first_name,
            student.last_name,
            student.student_number,
        )
        if student
        else words["unknown"],
        unit=case.unit.name,
        categories=", ".join(case.category_labels),
        rung=case.rung,
        rung_label=words["rungs"].get(case.rung, case.rung),
        urgency=case.urgency_short,
        handler=(handler.get_full_name() or handler.username) if handler else words["nobody"],
        review=_review(case, review, today, words) if review else "—",
        created=_day(timezone.localtime(case.created_at), words["months"]),
    )


def _review(case, review, today, words):
    day = _day(review, words["months"])
    if review < today and case.rung != Rung.CLOSED:
        return format_html(
            '<span class="text-danger fw-semibold">{}<span class="d-block small">{}</span></span>',
            day,
            words["overdue"],
        )
    return day


def _day(value, months):
    """The date as the `date` filter writes "j N Y" (3 mrt. 2026), without its per-call
    format parsing."""
    return f"{value.day} {months[value.month]} {value.year:04d}"
