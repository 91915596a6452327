from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("cursussen/nieuw/", views.course_create, name="course_create"),
    path("cursussen/<int:pk>/", views.course_detail, name="course_detail"),
    path("cursussen/<int:pk>/bewerken/", views.course_edit, name="course_edit"),
    path("cursussen/<int:pk>/trainers/", views.course_trainers, name="course_trainers"),
    path("cursussen/<int:pk>/sessie-plannen/", views.session_create, name="session_create"),
    path("sessies/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessies/<int:pk>/bewerken/", views.session_edit, name="session_edit"),
    path("sessies/<int:pk>/openen/", views.session_open, name="session_open"),
    path("sessies/<int:pk>/annuleren/", views.session_cancel, name="session_cancel"),
    path("sessies/<int:pk>/inschrijven/", views.enrol, name="enrol"),
    path("sessies/<int:pk>/uitschrijven/", views.cancel_enrolment, name="cancel_enrolment"),
    path("sessies/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("sessies/<int:pk>/agenda.ics", views.session_ics, name="session_ics"),
    path("mijn/", views.my_trainings, name="my_trainings"),
    path("mijn/agendalink-vernieuwen/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("certificaten/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("olievlek/", views.cascade, name="cascade"),
    path("dekking/", views.coverage, name="coverage"),
    path("teamtraining/", views.team_request_list, name="team_request_list"),
    path("teamtraining/aanvragen/", views.team_request_create, name="team_request_create"),
    path("teamtraining/<int:pk>/", views.team_request_detail, name="team_request_detail"),
    path("teamtraining/<int:pk>/intake/", views.intake, name="intake"),
    path("teamtraining/<int:pk>/sessie-koppelen/", views.link_session, name="link_session"),
]
