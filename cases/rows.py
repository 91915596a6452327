"""The rows of the case lists and the entries of a case's timeline, as HTML made in Python.

Why (issue 9, then issue 20): rows rendered through a template — a lookup per field, `{% url %}`,
the `date` filter, `get_*_display` — were the largest Python cost of the case list and of the
case page, which at tier N must cost at most about three and four empty pages. The markup is
the templates' (every value escaped by `core.markup.format_html`); the list's badge is
`cases/_rung_badge.html`'s. Below 1200 px the list's report date gives way, below 992 px its
kind of concern too (the case page has both), and the rung's badge wraps: the list needs no
sideways scrolling at 768 and 1024 px (tests/test_browser_case_list_widths.py).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.translation import gettext as _

from cases.models import Rung, TimelineEntry
from core.markup import format_html, format_html_join

ROW = (
    "<tr>\n"
    '<td class="zw-nowrap"><a href="{url}">{reference}</a></td>\n'
    '<td>{student}<span class="d-block small text-body-secondary">{unit}</span></td>\n'
    '<td class="d-none d-lg-table-cell">{categories}</td>\n'
    '<td><span class="badge zw-rung zw-rung-{rung}">{rung_label}</span>\n'
    '<span class="d-block small">{urgency}</span></td>\n'
    "<td>{handler}</td>\n"
    '<td class="zw-nowrap">{review}</td>\n'
    '<td class="zw-nowrap d-none d-xl-table-cell">{created}</td>\n'
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
    """The date as the `date` filter writes "j N Y" or "j F Y" (3 mrt. 2026, 3 maart 2026) with
    `MONTHS_AP` or `MONTHS`, without its per-call format parsing."""
    return f"{value.day} {months[value.month]} {value.year:04d}"


ENTRY = (
    '<li class="card mb-2">\n'
    '<div class="card-body">\n'
    '<h3 class="h6 mb-1">{kind} <span class="text-body-secondary fw-normal">· {day} · {author}'
    "</span></h3>\n"
    '<p class="mb-1 zw-prewrap">{summary}</p>\n'
    "{outcome}{consent}"
    "</div>\n"
    "</li>\n"
)


def timeline_items(entries):
    """The `<li>`s of a case's timeline (from `selectors.timeline_of`), newest first."""
    if not entries:
        return ""
    words = {
        "kinds": {value: str(label) for value, label in TimelineEntry.Kind.choices},
        "months": {month: str(name) for month, name in MONTHS.items()},
        "outcome": _("Uitkomst:"),
        "consent": _("Toestemming:"),
        True: _("gegeven"),
        False: _("niet gegeven"),
    }
    return format_html_join("", "{}", ((_entry(entry, words),) for entry in entries))


def _entry(entry, words):
    author = entry.author
    return format_html(
        ENTRY,
        kind=words["kinds"].get(entry.kind, entry.kind),
        day=_day(entry.occurred_on, words["months"]),
        author=author.get_full_name() or author.username,
        summary=entry.summary,
        outcome=format_html(
            '<p class="mb-1 zw-prewrap"><strong>{}</strong> {}</p>\n',
            words["outcome"],
            entry.outcome,
        )
        if entry.outcome
        else "",
        consent=format_html(
            '<p class="mb-0"><strong>{}</strong> {}</p>\n',
            words["consent"],
            words[entry.consent_given],
        )
        if entry.consent_given is not None
        else "",
    )
