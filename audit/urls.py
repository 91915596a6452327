from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.access_log, name="access_log"),
    path("export.csv", views.access_log_export, name="access_log_export"),
    path("signalen/", views.anomalies, name="anomalies"),
    path("signalen/<int:pk>/beoordelen/", views.review, name="review_anomaly"),
]
