from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("melden/", views.report_concern, name="report"),
    path("melden/studenten/", views.student_search, name="student_search"),
    path("melden/ontvangen/<str:reference>/", views.report_received, name="report_received"),
    path("mijn-meldingen/", views.my_reports, name="my_reports"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/geschiedenis/", views.case_history, name="history"),
    path("<str:reference>/oppakken/", views.take_case, name="take"),
    path("<str:reference>/tijdlijn/nieuw/", views.add_timeline_entry, name="add_entry"),
    path("<str:reference>/bijlagen/nieuw/", views.add_attachment, name="add_attachment"),
    path("<str:reference>/bijlagen/<int:pk>/", views.download_attachment, name="download"),
    path("<str:reference>/behandelaar/", views.assign_handler, name="assign_handler"),
    path("<str:reference>/team/", views.change_team, name="team"),
    path("<str:reference>/student/", views.link_student, name="link_student"),
]
