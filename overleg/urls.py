from django.urls import include, path

app_name = "overleg"

urlpatterns = [
    path("trends/", include("overleg.trend_urls")),
]
