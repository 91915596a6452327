from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """Password login for staff; the system user that jobs act as can never sign in."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not getattr(user, "is_system", False)
