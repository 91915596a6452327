from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("taal/", views.change_language, name="language"),
    path("berichten/", views.inbox, name="inbox"),
    path("berichten/alles-gelezen/", views.inbox_read_all, name="inbox_read_all"),
    path("berichten/<int:pk>/", views.inbox_open, name="inbox_open"),
]
