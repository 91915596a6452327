from django.urls import path, register_converter

from cases import views


class ReferenceConverter:
    """A case reference like ZW-2026-0042; anything else never reaches a view."""

    regex = r"ZW-[0-9]{4}-[0-9]{4,8}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "reference")

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("melden/", views.report_concern, name="report"),
    path("melden/studenten/", views.student_search, name="student_search"),
    path("melden/ontvangen/<reference:reference>/", views.report_received, name="report_received"),
    path("mijn-meldingen/", views.my_reports, name="my_reports"),
    path("<reference:reference>/", views.case_detail, name="detail"),
    path("<reference:reference>/geschiedenis/", views.case_history, name="history"),
    path("<reference:reference>/tijdlijn/nieuw/", views.add_timeline_entry, name="add_entry"),
    path("<reference:reference>/bijlagen/nieuw/", views.add_attachment, name="add_attachment"),
    path("<reference:reference>/bijlagen/<int:pk>/", views.download_attachment, name="download"),
    path("<reference:reference>/team/", views.change_team, name="team"),
    path("<reference:reference>/student/", views.link_student, name="link_student"),
]
