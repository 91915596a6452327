from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.incident_list, name="list"),
    path("nieuw/", views.incident_create, name="create"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/wijzigen/", views.incident_edit, name="edit"),
    path("<int:pk>/geschiedenis/", views.incident_history, name="history"),
    path("<int:pk>/tijdlijn/nieuw/", views.add_timeline_entry, name="add_timeline_entry"),
    path(
        "<int:pk>/tijdlijn/<int:entry_pk>/verwijderen/",
        views.remove_timeline_entry,
        name="remove_timeline_entry",
    ),
    path("<int:pk>/casussen/koppelen/", views.link_case, name="link_case"),
    path("<int:pk>/casussen/<int:case_pk>/ontkoppelen/", views.unlink_case, name="unlink_case"),
    path("<int:pk>/acties/nieuw/", views.add_action, name="add_action"),
    path("<int:pk>/acties/<int:action_pk>/afsluiten/", views.close_action, name="close_action"),
]
