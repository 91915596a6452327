from django.urls import path

from programme import views

app_name = "programme"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.dashboard_csv, name="dashboard_csv"),
    path("doelen/", views.targets, name="targets"),
    path("rapportages/", views.report_list, name="report_list"),
    path("rapportages/maken/", views.generate_report, name="generate_report"),
    path("rapportages/<int:pk>/", views.report_download, name="report_download"),
]
