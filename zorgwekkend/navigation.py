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
    NavItem(_("Zorg melden"), "cases:report", frozenset()),
    NavItem(_("Mijn meldingen"), "cases:my_reports", frozenset()),
    NavItem(_("Hulp en contacten"), "network:support", frozenset()),
    NavItem(
        _("Casussen"),
        "cases:list",
        frozenset({RoleCode.COUNSELLOR, RoleCode.DEAN, RoleCode.CARE_TEAM, RoleCode.BOARD}),
    ),
    NavItem(_("Toegangslogboek"), "audit:access_log", frozenset({RoleCode.PRIVACY_OFFICER})),
    NavItem(_("Beheer"), "admin:index", frozenset({RoleCode.FUNCTIONAL_ADMIN})),
]


def navigation_for(user, current_path):
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": False}
        for item in NAV_ITEMS
        if item.visible_to(user)
    ]
    # The item whose address is the longest prefix of the current page is where the user is.
    matches = [i for i in items if current_path == i["url"] or _is_section(i["url"], current_path)]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items


def _is_section(url, path):
    return url != "/" and path.startswith(url)
