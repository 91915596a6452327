"""The main navigation: which role may use which part of the product."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import RoleCode


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # empty: every signed-in staff member

    def visible_to(self, user):
        return not self.roles or user.has_role(*self.roles)


NAV_ITEMS = [
    NavItem(_("Start"), "home", frozenset()),
    NavItem(_("Beheer"), "admin:index", frozenset({RoleCode.FUNCTIONAL_ADMIN})),
]


def navigation_for(user, current_path):
    items = []
    for item in NAV_ITEMS:
        if item.visible_to(user):
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "current": url == current_path})
    return items
