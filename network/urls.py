from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.support, name="support"),
    path("artikelen/", views.article_list, name="article_list"),
    path("artikelen/nieuw/", views.article_create, name="article_create"),
    path("artikelen/<slug:slug>/", views.article_detail, name="article"),
    path("artikelen/<slug:slug>/bewerken/", views.article_edit, name="article_edit"),
    path("artikelen/<slug:slug>/geschiedenis/", views.article_history, name="article_history"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/nieuw/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("partners/<int:pk>/bewerken/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/geschiedenis/", views.partner_history, name="partner_history"),
    path("partners/<int:pk>/afspraken/nieuw/", views.agreement_create, name="agreement_create"),
    path(
        "partners/<int:pk>/afspraken/<int:agreement_pk>/bewerken/",
        views.agreement_edit,
        name="agreement_edit",
    ),
]
