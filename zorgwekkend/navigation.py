"""The main navigation, assembled: the entries the apps registered (`core.registry`), in the
order the product shows them. Each item shows only to those the page itself lets in."""

from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext, ngettext

from accounts.work import kept_counts
from core.registry import navigation_entries

ORDER = [
    "home",
    "cases:report",
    "cases:my_reports",
    "network:support",
    "cases:list",
    "escalation:dean_inbox",
    "escalation:board_inbox",
    "escalation:contact_list",
    "overleg:meeting_list",
    "training:course_list",
    "training:cascade",
    "training:team_request_list",
    "programme:dashboard",
    "accounts:inbox",
    "audit:access_log",
    "subject_access:search",
    "retention:overview",
    "directory:upload",
    "accounts:role_requests",
    "admin:index",
]


def _ordered_entries():
    entries = navigation_entries()
    unplaced = sorted(set(entries) - set(ORDER))
    if unplaced:
        raise LookupError(f"Navigation entries without a place in ORDER: {unplaced}")
    return [entries[name] for name in ORDER if name in entries]


def navigation_for(user, current_path):
    kept = kept_counts(user)
    tasks, badges = kept["tasks"], kept["badges"]
    items = [
        {
            "label": entry.label,
            "url": _address(entry.url_name),
            "current": False,
            **_badge(badges.get(entry.url_name, 0), tasks.get(entry.url_name, 0)),
        }
        for entry in _ordered_entries()
        if entry.visible_to(user)
    ]
    # The item whose address is the longest prefix of the current page is where the user is.
    matches = [i for i in items if current_path == i["url"] or _is_section(i["url"], current_path)]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items


def _address(url_name):
    """The entry's address: reversed once per process (and prefix and URL conf), not on every
    page — a reverse() per item was a twentieth of an empty page's Python time (issue 20)."""
    return _reversed(url_name, get_script_prefix(), get_urlconf())


@cache
def _reversed(url_name, prefix, urlconf):
    return reverse(url_name, urlconf=urlconf)


def _is_section(url, path):
    return url != "/" and path.startswith(url)


def _badge(unread, tasks):
    """The count next to an item: its own (unread messages), else the tasks waiting there."""
    if unread:
        return {"badge": unread, "badge_text": gettext("%(n)d ongelezen") % {"n": unread}}
    if tasks:
        text = ngettext("%(n)d taak", "%(n)d taken", tasks) % {"n": tasks}
        return {"badge": tasks, "badge_text": text}
    return {}


def navigation(request):
    """Context processor: the items of the main navigation for this request."""
    user = getattr(request, "user", None)
    # Until the second sign-in step is passed, no menu leads anywhere but back to it.
    if user is None or not user.is_authenticated or getattr(request, "mfa_pending", False):
        return {"nav_items": []}
    return {"nav_items": navigation_for(user, request.path)}
