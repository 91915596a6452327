"""Home panels: open team requests for the coordinator; sessions awaiting attendance."""

from django.urls import reverse
from django.utils.translation import ngettext

from accounts.roles import RoleCode
from core.registry import AttentionItem, register_work
from training import permissions, selectors


def open_team_request_items(user):
    if not permissions.can_manage_team_requests(user):
        return []
    count = selectors.open_team_requests().count()
    if not count:
        return []
    label = ngettext(
        "%(count)d aanvraag voor een teamtraining staat open",
        "%(count)d aanvragen voor een teamtraining staan open",
        count,
    ) % {"count": count}
    return [AttentionItem(label, reverse("training:team_request_list"))]


def attendance_items(user):
    if not permissions.can_view_training(user):
        return []
    sessions = list(selectors.sessions_needing_attendance(user).order_by("starts_at")[:5])
    if not sessions:
        return []
    label = ngettext(
        "%(count)d sessie wacht op de aanwezigheidsregistratie",
        "%(count)d sessies wachten op de aanwezigheidsregistratie",
        len(sessions),
    ) % {"count": len(sessions)}
    return [AttentionItem(label, reverse("training:attendance", args=[sessions[0].pk]))]


def register_providers():
    register_work(RoleCode.TRAINING_COORDINATOR, open_team_request_items)
    register_work(RoleCode.TRAINING_COORDINATOR, attendance_items)
    register_work(RoleCode.TRAINER, attendance_items)
