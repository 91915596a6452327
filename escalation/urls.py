from django.urls import path

import cases.urls  # noqa: F401  registers the <reference:…> converter these routes use
from escalation import views

# Not registered a second time here: Django 5.2 warns that re-registering a converter name is
# deprecated, and Django 6.0 refuses it.

app_name = "escalation"

urlpatterns = [
    path("verzoeken/", views.dean_inbox, name="dean_inbox"),
    path("bestuur/", views.board_inbox, name="board_inbox"),
    path("bestuur/noodacties/<int:pk>/", views.acknowledge_emergency, name="acknowledge"),
    path("uitvoeren/", views.contact_list, name="contact_list"),
    path("verstrekkingen/<int:pk>/", views.disclosure_detail, name="disclosure"),
    path("verstrekkingen/<int:pk>/besluit/", views.decide_disclosure, name="decide"),
    path("verstrekkingen/<int:pk>/aanbieden/", views.submit_disclosure, name="submit"),
    path("verstrekkingen/<int:pk>/intrekken/", views.withdraw_disclosure, name="withdraw"),
    path("verstrekkingen/<int:pk>/uitgevoerd/", views.carry_out_disclosure, name="carry_out"),
    path(
        "verstrekkingen/<int:pk>/pakket.pdf",
        views.disclosure_package_pdf,
        name="disclosure_package_pdf",
    ),
    path("<reference:reference>/oppakken/", views.take_case, name="take"),
    path("<reference:reference>/behandelaar/", views.assign_handler, name="assign_handler"),
    path("<reference:reference>/afwegingskader-1/", views.sign_framework1, name="sign_framework1"),
    path(
        "<reference:reference>/afwegingskader-1/<int:pk>/",
        views.framework1_detail,
        name="framework1",
    ),
    path("<reference:reference>/afwegingskader-2/", views.sign_framework2, name="sign_framework2"),
    path(
        "<reference:reference>/afwegingskader-2/<int:pk>/",
        views.framework2_detail,
        name="framework2",
    ),
    path("<reference:reference>/opschalen/", views.request_escalation, name="request"),
    path("<reference:reference>/verzoeken/<int:pk>/", views.review_escalation, name="review"),
    path("<reference:reference>/afschalen/", views.step_down, name="step_down"),
    path("<reference:reference>/sluiten/", views.close_case, name="close"),
    path("<reference:reference>/heropenen/", views.reopen_case, name="reopen"),
    path("<reference:reference>/acuut/", views.report_acute_risk, name="acute"),
    path(
        "<reference:reference>/verstrekkingen/nieuw/",
        views.request_disclosure,
        name="request_disclosure",
    ),
]
