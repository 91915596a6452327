from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import ConcernCategory


@admin.register(ConcernCategory)
class ConcernCategoryAdmin(SimpleHistoryAdmin):
    """The configurable list of concerns; categories are switched off, never deleted, because
    cases keep referring to them."""

    list_display = ["label_nl", "label_en", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["label_nl", "label_en", "code"]

    def has_delete_permission(self, request, obj=None):
        return False
