"""The main navigation: each item shows only to those the page itself lets in."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import RoleCode
from audit.permissions import can_read_access_log
from cases import permissions as case_rules
from directory.permissions import can_import_directory
from escalation import permissions as ladder_rules
from overleg import permissions as meeting_rules
from programme.permissions import can_view_dashboard
from retention.permissions import can_manage_legal_holds
from subject_access.permissions import can_answer_subject_access
from training import permissions as training_rules


def _everyone(user):
    return True


def _functional_admin(user):
    return user.is_active and user.has_role(RoleCode.FUNCTIONAL_ADMIN)


def _unread_messages(user):
    """One query per page: the count on the inbox item."""
    return user.inbox.filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible_to: Callable  # (user) -> bool: the same rule the pages themselves apply
    badge: Callable | None = None  # (user) -> int: a count shown next to the label


NAV_ITEMS = [
    NavItem(_("Start"), "home", _everyone),
    NavItem(_("Zorg melden"), "cases:report", case_rules.can_report_concern),
    NavItem(_("Mijn meldingen"), "cases:my_reports", _everyone),
    NavItem(_("Hulp en contacten"), "network:support", _everyone),
    NavItem(_("Casussen"), "cases:list", case_rules.may_use_case_lists),
    NavItem(_("Verzoeken"), "escalation:dean_inbox", ladder_rules.may_use_dean_inbox),
    NavItem(_("College van Bestuur"), "escalation:board_inbox", ladder_rules.may_use_board_inbox),
    NavItem(_("Uitvoeren"), "escalation:contact_list", ladder_rules.may_use_contact_list),
    NavItem(_("Zorgoverleg"), "overleg:meeting_list", meeting_rules.may_use_meetings),
    NavItem(_("Trainingen"), "training:course_list", training_rules.can_view_training),
    NavItem(_("Olievlek"), "training:cascade", training_rules.can_view_cascade),
    NavItem(
        _("Teamtrainingen"), "training:team_request_list", training_rules.can_manage_team_requests
    ),
    NavItem(_("Programma"), "programme:dashboard", can_view_dashboard),
    NavItem(_("Berichten"), "accounts:inbox", _everyone, badge=_unread_messages),
    NavItem(_("Toegangslogboek"), "audit:access_log", can_read_access_log),
    NavItem(_("Inzageverzoek"), "subject_access:search", can_answer_subject_access),
    NavItem(_("Bewaartermijnen"), "retention:overview", can_manage_legal_holds),
    NavItem(_("Importeren"), "directory:upload", can_import_directory),
    NavItem(_("Beheer"), "admin:index", _functional_admin),
]


def navigation_for(user, current_path):
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": False, **_badge(item, user)}
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


def _badge(item, user):
    count = item.badge(user) if item.badge else 0
    if not count:
        return {}
    return {"badge": count, "badge_text": gettext("%(n)d ongelezen") % {"n": count}}
