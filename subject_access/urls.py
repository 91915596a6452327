from django.urls import path

from subject_access import views

app_name = "subject_access"

urlpatterns = [
    path("", views.search, name="search"),
    path("export/<str:kind>/", views.export, name="export"),
    path("verzoeken/", views.requests, name="requests"),
    path("verzoeken/<int:pk>/beantwoord/", views.answer, name="answer"),
    path("verzoeken/<int:pk>/verlengen/", views.extend, name="extend"),
]
