from django.urls import path

from accounts import oidc, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("taal/", views.change_language, name="language"),
    path("tweestaps/controle/", views.mfa_verify, name="mfa_verify"),
    path("tweestaps/instellen/", views.mfa_enrol, name="mfa_enrol"),
    path("tweestaps/herstelcodes/", views.mfa_backup_codes, name="mfa_backup_codes"),
    path("tweestaps/herstelcodes/nieuw/", views.mfa_new_backup_codes, name="mfa_new_backup_codes"),
    path("wachtwoord/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password_set"),
    path("bevestigen/", views.reauthenticate, name="reauthenticate"),
    path("sso/", oidc.start, name="oidc_start"),
    path("sso/terug/", oidc.callback, name="oidc_callback"),
    path("berichten/", views.inbox, name="inbox"),
    path("berichten/alles-gelezen/", views.inbox_read_all, name="inbox_read_all"),
    path("berichten/<int:pk>/", views.inbox_open, name="inbox_open"),
    path("rollen/", views.role_requests, name="role_requests"),
    path("rollen/<int:pk>/besluit/", views.decide_role_request, name="decide_role_request"),
]
