"""A person's work queue: everything the apps know this person must do, by when — gathered from
the providers each app registered for the roles the person holds (`core.registry`), most urgent
first. The home page lists it; the navigation counts it per section.

The counts are on every page, so they are kept in the cache for a short while per person and
forgotten the moment their work changes: when someone notifies them or completes a task they
were told about (`accounts.notifications`) and after each form they send
(`accounts.middleware.WorkCountsMiddleware`). The navigation entries' own badges (unread
messages) are kept with them, so a page asks the database for neither."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import RoleGrantRequest
from accounts.permissions import can_decide_role_grants
from accounts.roles import RoleCode
from core.dates import duration_in_words
from core.registry import WorkItem, navigation_entries, work_providers

COUNTS_SECONDS = 30


def work_for(user, *, now=None):
    """Every work item of this person, most urgent first, then by deadline."""
    now = now or timezone.now()
    items = [item for provider in _providers(user) for item in provider(user, now)]
    return sorted(items, key=lambda item: _order(item, now))


def _providers(user):
    """Each provider once, in the order of the roles, even when it serves several of them."""
    seen = []
    for code in RoleCode.values:
        if user.has_role(code):
            seen += [p for p in work_providers(code) if p not in seen]
    return seen


def _order(item, now):
    far = now + datetime.timedelta(days=36500)
    return (item.urgency, _moment(item.due) or far, _moment(item.since) or far, item.label)


def _moment(value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(
        value, datetime.time.max, tzinfo=timezone.get_current_timezone()
    )


# --- On the home page -------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownItem:
    """A work item as the home page shows it: its deadline or waiting time in words."""

    item: object
    when: str
    late: bool

    def __getattr__(self, name):
        return getattr(self.item, name)


def shown_work(user, *, now=None):
    """The work list of the home page; its counts serve the navigation of the same page."""
    now = now or timezone.now()
    items = work_for(user, now=now)
    _remember_counts(user, items)
    return [_shown(item, now) for item in items]


def _shown(item, now):
    if item.due is not None:
        due = _moment(item.due)
        late = due < now
        return ShownItem(item, _due_text(item.due, due, now, late), late)
    if item.since is not None:
        waited = now - _moment_start(item.since)
        return ShownItem(item, _("wacht al %(time)s") % {"time": duration_in_words(waited)}, False)
    return ShownItem(item, "", False)


def _moment_start(value):
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(
        value, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def _due_text(value, due, now, late):
    if isinstance(value, datetime.datetime) and abs(due - now) < datetime.timedelta(days=2):
        left = duration_in_words(abs(due - now))
        return (
            _("%(time)s over tijd") % {"time": left} if late else _("nog %(time)s") % {"time": left}
        )
    day = value if not isinstance(value, datetime.datetime) else timezone.localtime(value).date()
    today = timezone.localdate(now)
    if day == today:
        return _("vandaag")
    if late:
        days = (today - day).days
        return ngettext("%(n)d dag te laat", "%(n)d dagen te laat", days) % {"n": days}
    return _("uiterlijk %(day)s") % {"day": date_format(day, "j N")}


# --- In the navigation -----------------------------------------------------------------------


def counts_by_section(user):
    """{navigation URL name: tasks waiting there} for this person, from the cache when fresh."""
    return kept_counts(user)["tasks"]


def kept_counts(user):
    """{"tasks": {URL name: tasks waiting there}, "badges": {URL name: the entry's own count}}
    for this person, from the cache when fresh (one cache read for the whole navigation)."""
    kept = cache.get(_counts_key(user.pk))
    if kept is None:
        kept = _remember_counts(user, work_for(user))
    return kept


def _remember_counts(user, items):
    counts = Counter()
    for item in items:
        counts[item.section] += item.count
    badges = {
        entry.url_name: entry.badge(user) for entry in navigation_entries().values() if entry.badge
    }
    kept = {"tasks": dict(counts), "badges": badges}
    cache.set(_counts_key(user.pk), kept, COUNTS_SECONDS)
    return kept


def forget_counts(user_id):
    """Their work changed: the next page counts it again."""
    cache.delete(_counts_key(user_id))


def _counts_key(user_id):
    # Named anew when the kept value changes shape: an entry an older release kept is ignored.
    return f"navigation-counts:{user_id}"


# --- Role requests: the approvers' part of the queue ------------------------------------------


def role_requests_work(user, now):
    """Requests for a role that this person may decide (not their own, not for them): one item
    with their number, waiting since the oldest (one query)."""
    if not can_decide_role_grants(user):
        return []
    waiting = (
        RoleGrantRequest.objects.filter(state=RoleGrantRequest.State.PENDING)
        .exclude(requested_by=user)
        .exclude(user=user)
        .aggregate(n=Count("pk"), oldest=Min("requested_at"))
    )
    if not waiting["n"]:
        return []
    label = ngettext(
        "%(n)d aanvraag voor een rol wacht op je goedkeuring",
        "%(n)d aanvragen voor een rol wachten op je goedkeuring",
        waiting["n"],
    ) % {"n": waiting["n"]}
    url = reverse("accounts:role_requests")
    return [
        WorkItem(label, url, "accounts:role_requests", since=waiting["oldest"], count=waiting["n"])
    ]
