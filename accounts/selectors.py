"""What a person's own pages show: the roles they hold and what waits for them."""

from dataclasses import dataclass

from accounts.models import OrganisationUnit, Role, label_of_kind
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
