"""Who may see and change a case. Every view, list, search, count and export asks here.

Access to a case comes from exactly one of these bases:
- case team: the handler and members hold object permissions (guardian, direct FK tables);
- unit pool: a counsellor of the case's unit sees a report nobody has taken yet (triage);
- unit oversight: a dean sees every case of the units they watch (a faculty covers its programmes);
- board rung: a board member sees the cases at the board rung, where the board decides.
Nothing else widens access: not model-wide permissions, not is_superuser, not the admin role.
"""

from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Exists, OuterRef, Q, Value
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import OrganisationUnit
from accounts.roles import RoleCode
from audit.models import AccessLogEntry
from cases.models import Case, CaseUserObjectPermission, Rung

Basis = AccessLogEntry.Basis
CASE_ROLES = (RoleCode.COUNSELLOR, RoleCode.DEAN, RoleCode.CARE_TEAM, RoleCode.BOARD)
TEAM_ROLES = (RoleCode.COUNSELLOR, RoleCode.DEAN, RoleCode.CARE_TEAM)


def unit_scope(user):
    """Ids of the units a person covers: their own units and the programmes under them."""
    if not hasattr(user, "_zw_unit_scope"):
        user._zw_unit_scope = frozenset(units_in_scope(user).values_list("pk", flat=True))
    return user._zw_unit_scope


def units_in_scope(user):
    """The units of `unit_scope`, as a query: one query (own units as a subquery) rather than
    two. The case lists' unit filter offers them without asking for their ids first."""
    own = user.units.values("pk")
    return OrganisationUnit.objects.filter(Q(pk__in=own) | Q(parent_id__in=own))


def _case_permission(codename):
    # A scalar subquery the database evaluates once per statement (an InitPlan), instead of
    # joining the permission and content-type tables for every row of the user's team.
    return Permission.objects.filter(
        content_type__app_label="cases", content_type__model="case", codename=codename
    ).values("pk")[:1]


def team_case_ids(user, codename="view_case"):
    """Ids of the cases this user is on the team of (handler or member), as a subquery."""
    return CaseUserObjectPermission.objects.filter(
        user=user, permission=_case_permission(codename)
    ).values("content_object_id")


def team_cases(user):
    """The cases this user is on the team of, marked `zw_on_team` (the basis of each).

    Being on the team is a basis of its own (see `cases_visible_to`), so these are within
    what the user may see without testing the other bases too: the list query then reads the
    person's team rows once, instead of three times (measured at tier N, issue 20)."""
    if not may_use_case_lists(user):
        return Case.objects.none()
    return Case.objects.filter(pk__in=team_case_ids(user)).annotate(
        zw_on_team=Value(True, output_field=BooleanField())
    )


def cases_visible_to(user):
    """The cases this user may see, as a queryset to filter, order and page further.

    Why `pk__in` (a subquery PostgreSQL hashes once) and not a correlated EXISTS per row:
    measured at tier L (bench database, EXPLAIN ANALYZE, medians of 15 runs, 2026-11-28) on
    the list query (25 rows, newest and oldest first), they cost the same — counsellor
    1.1-1.7 ms vs 1.0-1.1 ms, dean 0.24-0.29 ms both, board 0.5 ms both, planning 0.6-1.0 ms
    both — so the simpler form stays."""
    if not user.is_active or not user.has_role(*CASE_ROLES):
        return Case.objects.none()
    visible = Q(pk__in=team_case_ids(user))
    if user.has_role(RoleCode.COUNSELLOR):
        visible |= Q(handler__isnull=True, unit_id__in=unit_scope(user))
    if user.has_role(RoleCode.DEAN):
        visible |= Q(unit_id__in=unit_scope(user))
    if user.has_role(RoleCode.BOARD):
        visible |= Q(rung=Rung.BOARD)
    return Case.objects.filter(visible)


def may_use_case_lists(user):
    """The case lists exist only for the roles of the careful process."""
    return user.is_active and user.has_role(*CASE_ROLES)


def cases_in_triage_for(user):
    """Untaken reports in the units of this counsellor or dean."""
    if not user.is_active or not user.has_role(RoleCode.COUNSELLOR, RoleCode.DEAN):
        return Case.objects.none()
    return Case.objects.filter(handler__isnull=True, unit_id__in=unit_scope(user))


def _is_on_team(user, case, codename="view_case"):
    known = getattr(case, "_zw_team_codenames", None)
    if known is not None and known[0] == user.pk:
        return codename in known[1]
    return CaseUserObjectPermission.objects.filter(
        user=user, content_object_id=case.pk, permission__codename=codename
    ).exists()


def remember_team_permissions(user, case):
    """Load this user's case-team permissions on the case in one query, for a page that asks
    many times (the case page asks for every ladder action and button: one query instead of
    six). Only for reading: a service that changes the team works on a freshly locked case."""
    codenames = CaseUserObjectPermission.objects.filter(
        user=user, content_object_id=case.pk
    ).values_list("permission__codename", flat=True)
    case._zw_team_codenames = (user.pk, frozenset(codenames))


def access_basis(user, case):
    """Why this user may see this case, or None when they may not."""
    if not user.is_active or not user.has_role(*CASE_ROLES):
        return None
    if _is_on_team(user, case):
        return Basis.CASE_TEAM
    if user.has_role(RoleCode.DEAN) and case.unit_id in unit_scope(user):
        return Basis.UNIT_OVERSIGHT
    if (
        user.has_role(RoleCode.COUNSELLOR)
        and case.handler_id is None
        and case.unit_id in unit_scope(user)
    ):
        return Basis.UNIT_POOL
    if user.has_role(RoleCode.BOARD) and case.rung == Rung.BOARD:
        return Basis.BOARD_RUNG
    return None


def with_team_flag(user, cases):
    """Cases marked `zw_on_team` within the list query itself (an EXISTS on the permission
    table's (user, permission, case) index), so `bases_for` needs no query of its own."""
    on_team = team_case_ids(user).filter(content_object_id=OuterRef("pk"))
    return cases.annotate(zw_on_team=Exists(on_team))


def bases_for(user, cases):
    """(case, basis) for each case of a page already filtered by `cases_visible_to`."""
    if all(hasattr(case, "zw_on_team") for case in cases):
        team = {case.pk for case in cases if case.zw_on_team}
    else:
        team = set(
            team_case_ids(user)
            .filter(content_object_id__in=[c.pk for c in cases])
            .values_list("content_object_id", flat=True)
        )
    result = []
    for case in cases:
        if case.pk in team:
            result.append((case, Basis.CASE_TEAM))
        elif user.has_role(RoleCode.DEAN) and case.unit_id in unit_scope(user):
            result.append((case, Basis.UNIT_OVERSIGHT))
        elif case.handler_id is None and user.has_role(RoleCode.COUNSELLOR):
            result.append((case, Basis.UNIT_POOL))
        else:
            result.append((case, Basis.BOARD_RUNG))
    return result


def can_view_case(user, case):
    return access_basis(user, case) is not None


def can_change_case(user, case):
    """Record timeline entries and attachments: the case team only."""
    return user.is_active and user.has_role(*CASE_ROLES) and _is_on_team(user, case, "change_case")


def can_take_case(user, case):
    return (
        case.handler_id is None
        and user.is_active
        and user.has_role(RoleCode.COUNSELLOR)
        and case.unit_id in unit_scope(user)
    )


def can_manage_case(user, case):
    """Assign the handler and change the team: the handler, or a dean over the case's unit."""
    if not user.is_active:
        return False
    if user.has_role(RoleCode.DEAN) and case.unit_id in unit_scope(user):
        return True
    return case.handler_id == user.pk and user.has_role(RoleCode.COUNSELLOR)


def can_link_student(user, case):
    """Name the student of an anonymous report: the case team or a dean over the unit."""
    return can_change_case(user, case) or (
        user.is_active and user.has_role(RoleCode.DEAN) and case.unit_id in unit_scope(user)
    )


def eligible_handlers(case):
    """The counsellors who cover the case's unit (directly or through its faculty)."""
    from accounts.models import User

    units = [case.unit_id, case.unit.parent_id]
    return (
        User.objects.filter(is_active=True, groups__role__code=RoleCode.COUNSELLOR)
        .filter(units__in=units)
        .distinct()
        .order_by("last_name", "first_name")
    )


def can_handle(user, case):
    """Only a counsellor who covers the case's unit can be its handler."""
    return (
        user.is_active and user.has_role(RoleCode.COUNSELLOR) and case.unit_id in unit_scope(user)
    )


def eligible_team_members():
    """People whose work is the careful process: they can be on a case team."""
    from accounts.models import User

    return (
        User.objects.filter(groups__role__code__in=TEAM_ROLES, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def can_join_team(user):
    """Only people whose work is the careful process can be on a case team."""
    return user.is_active and user.has_role(*TEAM_ROLES)


def can_report_concern(user):
    """Every active staff member may report a concern."""
    return user.is_active and not user.is_system


# --- Granting: the case team's object permissions -----------------------------------------

TEAM_PERMISSIONS = ("view_case", "change_case")


def grant_team_access(case, user):
    """`user` joins the case team: they see and change the case."""
    for codename in TEAM_PERMISSIONS:
        assign_perm(codename, user, case)


def revoke_team_access(case, user):
    """`user` leaves the case team and loses access at once."""
    for codename in TEAM_PERMISSIONS:
        remove_perm(codename, user, case)
