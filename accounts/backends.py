from django.conf import settings
from django.contrib.auth.backends import ModelBackend

# The demo accounts (`seed_demo`, password "demo") have addresses in the demo's own domain under
# the reserved `.example` (RFC 2606) that no real mailbox has; staff imports and single sign-on
# never produce one. The benchmark's load accounts (`seed_load`, @loadtest.example) are not demo
# accounts: the kit measures with production settings, debug off.
DEMO_EMAIL_SUFFIX = "@hogeschool.example"


def is_demo_account(user):
    return (user.email or "").lower().endswith(DEMO_EMAIL_SUFFIX)


def may_sign_in(user):
    """Neither the system user nor, outside the local demo, a demo account ever signs in:
    a database that once held the demo must not let `reporter`/`demo` in with debug off."""
    if getattr(user, "is_system", False):
        return False
    return settings.ZW_LOCAL_DEMO or not is_demo_account(user)


class StaffBackend(ModelBackend):
    """Password login for staff; the system user that jobs act as can never sign in."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and may_sign_in(user)
