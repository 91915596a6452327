"""Who sees the trends of the care meeting.

Counsellors, deans, care-team members and the board: the people who handle cases, sit in the
care meeting and steer the institution's care for students. Everyone else — reporters, contact
officers, trainers, training coordinators, the privacy officer, the functional administrator and
staff without a role — gets a 404 (and a visitor who is not signed in, the login page).

The figures are institution-wide: they count every case, also the ones this person may not open,
because a trend over only "my" cases says nothing about the institution. That is acceptable only
because the trends are anonymous aggregates — no name, case reference or pseudonym ever — and
because every count goes through small-count protection (`overleg.suppression`): a count below
five reads "<5", every other count is rounded down to a multiple of five, and a figure that could
be worked out from the rest of its table is hidden — so no count below five can be worked out,
also not by comparing periods, faculties or this page with the programme dashboard. Seeing a
trend never tells anyone which student, or which handful of students, is behind it; no case is
read, and no access-log row per case is written.
"""

from accounts.roles import RoleCode

TREND_ROLES = (RoleCode.COUNSELLOR, RoleCode.DEAN, RoleCode.CARE_TEAM, RoleCode.BOARD)


def can_view_trends(user):
    return (
        user.is_authenticated
        and user.is_active
        and not getattr(user, "is_system", False)
        and user.has_role(*TREND_ROLES)
    )
