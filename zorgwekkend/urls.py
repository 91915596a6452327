from django.contrib import admin
from django.urls import include, path

from accounts.views import home
from zorgwekkend import views

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("account/", include("accounts.urls")),
    path("casussen/", include("cases.urls")),
    path("escalatie/", include("escalation.urls")),
    path("toegangslogboek/", include("audit.urls")),
    path("kennis/", include("network.urls")),
    path("overleg/incidenten/", include("incidents.urls")),
    path("overleg/", include("overleg.urls")),
    path("training/", include("training.urls")),
    path("programma/", include("programme.urls")),
    path("import/", include("directory.urls")),
    path("bewaartermijnen/", include("retention.urls")),
    path("inzageverzoek/", include("subject_access.urls")),
    path("beheer/", admin.site.urls),
]
