"""Who sees the programme dashboard, sets its targets and reads its reports.

- The dashboard, its CSV export and the periodic reports: the board, deans and the training
  coordinator — the people who steer and anchor the programme. Everyone else gets a 404.
- Targets and generating a report on demand: the training coordinator only.
- Nobody else, also no superuser or functional administrator by virtue of that role.

Like the trends page, the figures are institution-wide and count cases this person may not
open; that is acceptable only because every figure is an anonymous aggregate that went through
small-count protection (`programme.sections`: redacted below five, rounded down to a multiple of
five, see `overleg.suppression`), so no case is read and no access-log row per case is written.
A report's PDF holds exactly those figures.
"""

from accounts.roles import RoleCode

DASHBOARD_ROLES = (RoleCode.BOARD, RoleCode.DEAN, RoleCode.TRAINING_COORDINATOR)


def _staff(user):
    return user.is_authenticated and user.is_active and not getattr(user, "is_system", False)


def can_view_dashboard(user):
    return _staff(user) and user.has_role(*DASHBOARD_ROLES)


def can_manage_programme(user):
    """Setting targets and generating a report on demand."""
    return _staff(user) and user.has_role(RoleCode.TRAINING_COORDINATOR)


def can_view_reports(user):
    return can_view_dashboard(user)


def report_recipients():
    """Who finds a new periodic report in their inbox: every active board member."""
    from accounts.models import User

    return User.objects.filter(
        is_active=True, is_system=False, groups__role__code=RoleCode.BOARD
    ).distinct()
