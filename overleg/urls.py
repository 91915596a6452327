from django.urls import include, path

from overleg import views

app_name = "overleg"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("nieuw/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/agenda/toevoegen/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/voorstel/", views.agenda_propose, name="agenda_propose"),
    path("<int:pk>/agenda/<int:item_pk>/verwijderen/", views.agenda_remove, name="agenda_remove"),
    path(
        "<int:pk>/agenda/<int:item_pk>/omhoog/",
        views.agenda_move,
        {"up": True},
        name="agenda_up",
    ),
    path(
        "<int:pk>/agenda/<int:item_pk>/omlaag/",
        views.agenda_move,
        {"up": False},
        name="agenda_down",
    ),
    path("<int:pk>/publiceren/", views.publish, name="publish"),
    path("<int:pk>/geheimhouding/", views.confirm, name="confirm"),
    path("<int:pk>/gehouden/", views.mark_held, name="mark_held"),
    path("<int:pk>/casussen/<reference:reference>/", views.meeting_case, name="meeting_case"),
    path(
        "<int:pk>/casussen/<reference:reference>/identiteit/",
        views.reveal_identity,
        name="reveal_identity",
    ),
    path("<int:pk>/verslag/", views.minutes, name="minutes"),
    path("<int:pk>/verslag/punten/<int:item_pk>/", views.item_minutes, name="item_minutes"),
    path("<int:pk>/verslag/acties/nieuw/", views.action_add, name="action_add"),
    path(
        "<int:pk>/verslag/acties/<int:action_pk>/beoordelen/",
        views.action_review,
        name="action_review",
    ),
    path("<int:pk>/verslag/vaststellen/", views.approve, name="approve"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/verslag.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/uitnodiging.ics", views.invitation_ics, name="invitation_ics"),
    path("trends/", include("overleg.trend_urls")),
]
