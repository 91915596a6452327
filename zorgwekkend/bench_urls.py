"""Bench only: the product's URLs plus two baselines production never serves — a Django admin
changelist of the case model at /bench-admin/, which the issue compares lists with, and a bare
`login_required` page at /bench-bare/, which the floor is compared with. Production has no case
admin: this module is loaded only when bench/run.py sets
DJANGO_SETTINGS_MODULE=zorgwekkend.bench_settings."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from cases.models import Case
from zorgwekkend.urls import urlpatterns as product_urlpatterns


class BenchAdminSite(admin.AdminSite):
    """Any signed-in account may look (the bench logs in as the dean); nothing can be changed."""

    site_header = "Bench baseline"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_authenticated


class CaseAdmin(admin.ModelAdmin):
    # As the admin is usually written, following PERFORMANCE.md's habit of naming the foreign
    # keys in list_select_related; the changelist keeps its exact count and OFFSET pages.
    list_display = ("reference", "unit", "handler", "rung", "urgency", "created_at")
    list_select_related = ("unit", "handler")
    list_filter = ("rung", "urgency")
    search_fields = ("reference",)

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


bench_admin = BenchAdminSite(name="bench_admin")
bench_admin.register(Case, CaseAdmin)


@login_required
def bare(request):
    """The least a page behind login does here: the product's middleware (session, user, limits,
    headers), no query of its own, no template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench-admin/", bench_admin.urls),
    path("bench-bare/", bare, name="bench_bare"),
    *product_urlpatterns,
]
