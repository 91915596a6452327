"""What needs a person's attention on their home page, gathered per role they hold.

Apps register a provider for a role in their AppConfig.ready(); a provider takes the user and
returns a list of `AttentionItem`s drawn from that app's selectors (so permissions still apply).
"""

from collections import defaultdict
from dataclasses import dataclass

from accounts.models import Role
from accounts.roles import RoleCode

_providers = defaultdict(list)


@dataclass(frozen=True)
class AttentionItem:
    label: str
    url: str


@dataclass(frozen=True)
class RolePanel:
    role: Role
    items: list


def register(role_code, provider):
    """Add a provider of attention items for holders of this role."""
    if role_code not in RoleCode.values:
        raise ValueError(f"Unknown role code {role_code!r}")
    _providers[role_code].append(provider)


def panels_for(user):
    """One panel per role the user holds, in the order of the roles, each with its items."""
    roles = sorted(
        Role.objects.filter(group__user=user), key=lambda r: RoleCode.values.index(r.code)
    )
    panels = []
    for role in roles:
        items = [item for provider in _providers[role.code] for item in provider(user)]
        panels.append(RolePanel(role=role, items=items))
    return panels
