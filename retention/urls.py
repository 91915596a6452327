from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("bewaarplicht/", views.set_hold, name="set_hold"),
    path("bewaarplicht/<int:pk>/opheffen/", views.lift_hold, name="lift_hold"),
]
