"""What a person's own pages show: the roles they hold and what waits for them in each."""

from dataclasses import dataclass

from accounts.models import Role
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
