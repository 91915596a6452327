"""Who may import students, units and staff: the functional administrator, and nobody else.

Everyone else gets a 404 on every import page, whatever the method. The pages show names and
numbers of students and staff, never anything of a case.
"""

from accounts.roles import RoleCode
from directory.models import ImportRun


def can_import_directory(user):
    return (
        user.is_authenticated
        and user.is_active
        and not getattr(user, "is_system", False)
        and user.has_role(RoleCode.FUNCTIONAL_ADMIN)
    )


def imports_visible_to(user):
    """Every import run for functional administrators (they share the work); none otherwise."""
    if not can_import_directory(user):
        return ImportRun.objects.none()
    return ImportRun.objects.all()
