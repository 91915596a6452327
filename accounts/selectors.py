"""What a person's own pages show: the roles they hold and what waits for them."""

from dataclasses import dataclass

from accounts.models import OrganisationUnit, Role, RoleChange, RoleGrantRequest, label_of_kind
from accounts.roles import RoleCode


def roles_of(user):
    """The roles this person holds, in the product's order, with their labels as named here."""
    return sorted(
        Role.objects.filter(group__user=user), key=lambda r: RoleCode.values.index(r.code)
    )


def active_faculties():
    """The active faculties (and institutes), by name: the rows of a per-unit figure."""
    return list(
        OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.FACULTY, is_active=True)
        .order_by("name")
        .only("pk", "name")
    )


@dataclass(frozen=True)
class InboxGroup:
    """The notifications of one kind, newest first: how many still ask for attention."""

    label: str
    items: list
    unread: int


def inbox_groups(user, *, size):
    """The person's newest notifications grouped by kind, the group with the newest first (one
    query); a notification whose task is done no longer counts as unread."""
    groups = {}
    for item in user.inbox.order_by("-created_at", "-id")[:size]:
        groups.setdefault(item.kind, []).append(item)
    return [
        InboxGroup(
            label=label_of_kind(kind),
            items=items,
            unread=sum(1 for i in items if i.read_at is None and i.done_at is None),
        )
        for kind, items in groups.items()
    ]


def open_role_requests():
    """Requests waiting for a second person, oldest first, with what the page shows (the
    person's current roles and units, so the approver sees the reach they approve)."""
    return list(
        RoleGrantRequest.objects.filter(state=RoleGrantRequest.State.PENDING)
        .select_related("user", "role", "requested_by")
        .prefetch_related("units", "user__units", "user__groups__role")
        .order_by("requested_at", "pk")
    )


def recent_role_changes(*, limit=50):
    """The latest grants and revocations that took effect, newest first."""
    return list(
        RoleChange.objects.select_related(
            "user", "role", "acting_user", "request__requested_by"
        ).order_by("-at", "-pk")[:limit]
    )
