from django.urls import path

from subject_access import views

app_name = "subject_access"

urlpatterns = [
    path("", views.search, name="search"),
    path("export/<str:kind>/", views.export, name="export"),
]
