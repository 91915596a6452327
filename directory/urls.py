from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:run_id>/", views.preview, name="preview"),
    path("<uuid:run_id>/bevestigen/", views.confirm, name="confirm"),
    path("<uuid:run_id>/afgewezen.csv", views.rejected_rows, name="rejected_rows"),
]
