from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from retention.models import RetentionRule
from retention.permissions import can_manage_retention_rules


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    """Retention per concern category: the functional administrator's setting. Legal holds and
    tombstones are not here: holds are set with a reason on the retention page, tombstones are
    never edited."""

    list_display = ["category", "years_after_close", "years_if_nothing_came_of_it"]
    list_select_related = ["category"]

    def _allowed(self, request):
        return can_manage_retention_rules(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)
