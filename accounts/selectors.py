"""What a person's own pages show: the roles they hold and what waits for them in each."""

from dataclasses import dataclass

from accounts.models import OrganisationUnit, Role
from accounts.roles import RoleCode
from core.registry import work_providers


@dataclass(frozen=True)
class RolePanel:
    role: Role
    items: list


def home_panels(user):
    """One panel per role the user holds, in the order of the roles, each with the items the
    apps registered for that role (`core.registry.register_work`)."""
    roles = sorted(
        Role.objects.filter(group__user=user), key=lambda r: RoleCode.values.index(r.code)
    )
    return [
        RolePanel(
            role=role,
            items=[item for provider in work_providers(role.code) for item in provider(user)],
        )
        for role in roles
    ]


def active_faculties():
    """The active faculties (and institutes), by name: the rows of a per-unit figure."""
    return list(
        OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.FACULTY, is_active=True)
        .order_by("name")
        .only("pk", "name")
    )
