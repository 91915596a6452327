from django.urls import path

from overleg import trend_views

urlpatterns = [
    path("", trend_views.trends, name="trends"),
    path("export.csv", trend_views.trends_csv, name="trends_csv"),
]
