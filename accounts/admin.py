from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import OrganisationUnit, Role, User

admin.site.unregister(Group)  # roles are managed through Role; groups are their mechanism


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "groups__role", "units"]
    search_fields = ["username", "first_name", "last_name", "email", "employee_number"]
    filter_horizontal = ["groups", "units"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Persoon"),
            {"fields": ["first_name", "last_name", "email", "phone", "employee_number"]},
        ),
        (_("Rollen en eenheden"), {"fields": ["groups", "units"]}),
        (_("Account"), {"fields": ["is_active", "language", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_system=False)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(role__isnull=False).select_related("role")
            kwargs["label"] = _("Rollen")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label_nl", "label_en"]
    fields = ["code", "label_nl", "label_en", "description_nl", "description_en"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False  # the ten roles are fixed in code; only their labels are data

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]

    def has_delete_permission(self, request, obj=None):
        return False  # units are deactivated, never deleted: cases and staff refer to them
