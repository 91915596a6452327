"""Bench only: the product's URLs plus a Django admin changelist of the case model at
/bench-admin/, the baseline the issue compares lists with. Production has no case admin: this
module is loaded only when bench/run.py sets DJANGO_SETTINGS_MODULE=zorgwekkend.bench_settings."""

from django.contrib import admin
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

urlpatterns = [path("bench-admin/", bench_admin.urls), *product_urlpatterns]
