"""What a person's own pages show: the roles they hold and what waits for them."""

from accounts.models import OrganisationUnit, Role
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
