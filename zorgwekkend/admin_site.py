"""The configuration site for the functional administrator. It holds no case content at all."""

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.roles import RoleCode


class ZorgwekkendAdminSite(admin.AdminSite):
    site_header = _("Zorgwekkend — beheer")
    site_title = _("Zorgwekkend beheer")
    index_title = _("Configuratie")
    enable_nav_sidebar = False

    def has_permission(self, request):
        # The role decides, not is_staff or is_superuser: configuration is a job, not a rank.
        user = request.user
        return user.is_active and user.is_authenticated and user.has_role(RoleCode.FUNCTIONAL_ADMIN)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def through_product_login(request, *args, **kwargs):
            # One login page for the whole product; signed-in outsiders are told plainly.
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return through_product_login

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())
