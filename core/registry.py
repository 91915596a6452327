"""Registries: how a lower app learns what the higher apps offer without importing them. Each
app fills them in its `AppConfig.ready()` — the notification kinds it sends, the items it puts
on a person's work queue, the panels it adds to the case page and its entries in the main
navigation. Django's admin does the same with `admin.site.register`, pretix with signals."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

# --- Notification kinds ---------------------------------------------------------------------


class NotificationKind(str):
    """One kind of "something needs your attention": the code kept with the notification (the
    kind is that string, so it compares and stores as one) and `label`, the words shown in the
    inbox and the e-mail. Never a name or case content."""

    def __new__(cls, code, label):
        kind = super().__new__(cls, code)
        kind.label = label  # a lazy translation
        return kind

    @property
    def code(self):
        return str(self)


_notification_kinds = {}


def register_notification_kinds(*kinds):
    for kind in kinds:
        known = _notification_kinds.get(str(kind))
        if known is not None and known is not kind:
            raise ValueError(f"Notification kind {kind!r} is registered twice")
        _notification_kinds[str(kind)] = kind


def notification_kind(code):
    """The registered kind with this code, or None (a kind no app sends any more)."""
    return _notification_kinds.get(str(code))


def notification_kinds():
    return list(_notification_kinds.values())


# --- Work queue: what waits for a person --------------------------------------------------


class Urgency(IntEnum):
    """How soon a task must be done; the home page lists the most urgent first."""

    ACUTE = 0  # acute risk: minutes count
    OVERDUE = 1  # its deadline has passed
    DUE = 2  # waiting for this person now
    UPCOMING = 3  # coming up (a session next week, a review next month)


@dataclass(frozen=True)
class WorkItem:
    """One thing the system knows a person must do: what, about which case reference, meeting
    or session (never a student's name), by when, how urgent, and where to do it. One item may
    stand for several tasks of one kind (`count`), e.g. "5 meldingen wachten in triage"."""

    label: str
    url: str
    section: str  # the navigation entry (URL name) whose count this adds to
    urgency: Urgency = Urgency.DUE
    subject: str = ""
    due: Any = None  # an aware datetime or a date: when it must be done
    since: Any = None  # an aware datetime or a date: how long it has been waiting
    count: int = 1


_work_queue = defaultdict(list)


def register_work(role_code, provider):
    """Add a provider of work items for holders of this role: `provider(user, now)` returns a
    list of `WorkItem`s drawn from the app's selectors, so its permissions still apply. A
    provider registered for several roles is asked once for a person who holds them all. It
    must cost the same few queries however many tasks there are."""
    _work_queue[str(role_code)].append(provider)


def work_providers(role_code):
    return list(_work_queue[str(role_code)])


# --- Case page panels -------------------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """A part of the case page that another app draws: its template, and what that template
    receives as `panel`."""

    template: str
    context: Any = None


@dataclass(frozen=True)
class CasePanel:
    name: str
    order: int
    # (user, case, *, timeline) -> Panel or None; `timeline` is the case page's loaded timeline.
    build: Callable


_case_panels = []


def register_case_panel(name, build, *, order=100):
    _case_panels[:] = [p for p in _case_panels if p.name != name]
    _case_panels.append(CasePanel(name=name, order=order, build=build))
    _case_panels.sort(key=lambda p: p.order)


def case_panels():
    return list(_case_panels)


# --- Main navigation --------------------------------------------------------------------------


@dataclass(frozen=True)
class NavEntry:
    """An item of the main navigation. It shows only to those the page itself lets in."""

    label: Any
    url_name: str
    visible_to: Callable  # (user) -> bool: the same rule the page applies
    # (user) -> int: a count shown next to the label, kept with the work counts (accounts.work)
    badge: Callable | None = None


_navigation = {}


def register_navigation(*entries):
    for entry in entries:
        _navigation[entry.url_name] = entry


def navigation_entries():
    return dict(_navigation)


def everyone(user):
    """A navigation entry for every signed-in person."""
    return True


# --- Deleted cases ----------------------------------------------------------------------------
# The access log outlives the cases retention deletes (its rows keep a case id, not a key).
# It asks the app that deletes cases which of its rows are about a case that is gone.


@dataclass(frozen=True)
class DeletedCases:
    """`flag(queryset)` annotates `case_deleted` on rows that have a `case_id` (in the same
    query); `ids(case_ids)` returns the set of those ids whose case was deleted."""

    flag: Callable
    ids: Callable


_deleted_cases = []


def register_deleted_cases(lookup):
    _deleted_cases[:] = [lookup]


def deleted_cases():
    """The registered lookup, or None when no installed app deletes cases."""
    return _deleted_cases[0] if _deleted_cases else None


# --- Parts in the access log -----------------------------------------------------------------

_access_parts = {}


def register_access_parts(labels):
    """{part: label}: the words the access log shows for the `part` codes an app writes (a
    page, a list, a document). A part with a number after a colon ("disclosure:24") is looked up
    without it and shown with it."""
    _access_parts.update(labels)


def access_part_label(part):
    """The readable name of a part; the code itself for one no app named."""
    if part in _access_parts:
        return str(_access_parts[part])
    name, _colon, rest = part.partition(":")
    if rest and name in _access_parts:
        return f"{_access_parts[name]} {rest}"
    return part
