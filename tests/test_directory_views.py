"""The import pages: upload → preview → confirm for the functional administrator, a 404 for
everyone else on every URL and method, and clear answers to bad input."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from accounts.roles import RoleCode
from cases.models import Student
from directory import services
from directory.models import ImportRun
from tests.conftest import PERSONAS
from tests.factories import StudentFactory
from tests.query_helpers import keep_navigation_counts

HEADER = "studentnummer;voornaam;achternaam;opleidingscode"


def csv_file(*rows, name="studenten.csv", header=HEADER):
    return SimpleUploadedFile(name, ("\n".join([header, *rows]) + "\n").encode(), "text/csv")


@pytest.fixture
def admin_client(client, functional_admin, private_root, unit):
    client.force_login(functional_admin)
    return client


def _upload(client, *rows, kind="students", full=False, **headers):
    data = {"kind": kind, "file": csv_file(*rows)}
    if full:
        data["full_export"] = "on"
    return client.post(reverse("directory:upload"), data, **headers)


def _preview_url(response):
    return response["Location"]


def test_the_upload_page_explains_the_columns(admin_client):
    response = admin_client.get(reverse("directory:upload"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Studenten, eenheden en medewerkers importeren" in page
    assert "studentnummer, studentnr, student_nr" in page
    assert "Er is nog niets geïmporteerd." in page


def test_an_empty_post_answers_with_errors(admin_client):
    response = admin_client.post(reverse("directory:upload"), {})
    assert response.status_code == 200
    assert "Er ging iets mis" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_an_unreadable_file_is_a_form_error_and_keeps_nothing(admin_client, private_root):
    response = admin_client.post(
        reverse("directory:upload"),
        {"kind": "students", "file": csv_file("1;a", header="nummer;naam")},
    )
    assert response.status_code == 200
    assert "Deze kolommen ontbreken: studentnummer" in response.content.decode()
    assert ImportRun.objects.count() == 0 and not any(private_root.rglob("*.csv"))


def test_a_file_over_the_limit_is_refused(admin_client, settings):
    settings.ZW_IMPORT_MAX_BYTES = 10
    response = _upload(admin_client, "5001;Noor;Veenstra;VPK")
    assert "Dit bestand is te groot" in response.content.decode()


def test_upload_preview_confirm(admin_client, functional_admin, student, unit):
    response = _upload(
        admin_client,
        "5001234;Noor;Veenstra-Jansen;VPK",
        "5002;Sem;Bos;VPK",
        "5003;Kim;Smit;ONBEKEND",
        full=True,
    )
    assert response.status_code == 302
    preview = admin_client.get(_preview_url(response))
    page = preview.content.decode()
    assert "Voorvertoning: studenten" in page
    assert re.search(r"Nieuw</dt><dd[^>]*>1<", page) and re.search(
        r"Afgewezen</dt><dd[^>]*>1<", page
    )
    assert "onbekende opleidingscode ONBEKEND" in page
    assert "<del>Veenstra</del>" in page and "<ins>Veenstra-Jansen</ins>" in page
    assert Student.objects.count() == 1  # nothing saved before the confirmation
    digest = preview.context["confirm_form"]["digest"].value()
    run = ImportRun.objects.get()
    response = admin_client.post(reverse("directory:confirm", args=[run.pk]), {"digest": digest})
    assert response.status_code == 302
    assert Student.objects.count() == 2
    result = admin_client.get(response["Location"]).content.decode()
    assert "De import is verwerkt: 1 nieuw, 1 gewijzigd, 0 vertrokken." in result
    assert "Import verwerkt: studenten" in result
    assert "onbekende opleidingscode ONBEKEND" in result  # still there, to fix at the source
    run.refresh_from_db()
    assert (run.status, run.applied_by) == ("applied", functional_admin)


def test_htmx_posts_send_the_browser_on(admin_client):
    response = _upload(admin_client, "5001;Noor;Veenstra;VPK", HTTP_HX_REQUEST="true")
    run = ImportRun.objects.get()
    assert response["HX-Redirect"] == reverse("directory:preview", args=[run.pk])


def test_a_change_since_the_preview_shows_a_fresh_preview_and_applies_nothing(
    admin_client, student
):
    _upload(admin_client, "5001234;Noor;Veenstra;VPK", "5002;Sem;Bos;VPK")
    run = ImportRun.objects.get()
    preview = admin_client.get(reverse("directory:preview", args=[run.pk]))
    digest = preview.context["confirm_form"]["digest"].value()
    StudentFactory(
        student_number="5002", first_name="Sem", last_name="Bos", programme=student.programme
    )
    response = admin_client.post(reverse("directory:confirm", args=[run.pk]), {"digest": digest})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Er is sinds de voorvertoning iets veranderd" in page
    assert "Er is niets te verwerken" in page  # the fresh plan: everything is there already
    assert ImportRun.objects.get().status == "previewed"


def test_confirming_twice_applies_once(admin_client):
    _upload(admin_client, "5001;Noor;Veenstra;VPK")
    run = ImportRun.objects.get()
    preview = admin_client.get(reverse("directory:preview", args=[run.pk]))
    digest = preview.context["confirm_form"]["digest"].value()
    url = reverse("directory:confirm", args=[run.pk])
    admin_client.post(url, {"digest": digest})
    response = admin_client.post(url, {"digest": digest}, follow=True)
    assert "Import verwerkt" in response.content.decode()
    assert Student.objects.count() == 1


def test_a_confirmation_without_a_plan_goes_back_to_the_preview(admin_client):
    _upload(admin_client, "5001;Noor;Veenstra;VPK")
    run = ImportRun.objects.get()
    response = admin_client.post(
        reverse("directory:confirm", args=[run.pk]), {"digest": "x"}, follow=True
    )
    assert "Bekijk de voorvertoning en bevestig daar opnieuw." in response.content.decode()
    assert Student.objects.count() == 0


def test_a_preview_whose_file_is_gone_says_so(admin_client, private_root):
    _upload(admin_client, "5001;Noor;Veenstra;VPK")
    run = ImportRun.objects.get()
    (private_root / run.stored_file).unlink()
    page = admin_client.get(reverse("directory:preview", args=[run.pk])).content.decode()
    assert "niet meer bewaard. Upload het opnieuw." in page
    assert "Bevestigen en verwerken" not in page


def test_the_rejected_rows_download_as_csv(admin_client):
    _upload(admin_client, "5001;Noor;Veenstra;VPK", "=HYPERLINK();Kim;Smit;ONBEKEND")
    run = ImportRun.objects.get()
    response = admin_client.get(reverse("directory:rejected_rows", args=[run.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "regel;sleutel;reden"
    assert "3;'=HYPERLINK();onbekende opleidingscode ONBEKEND" in body


def test_long_tables_are_capped_with_a_count_of_the_rest(admin_client):
    rows = [f"{6000 + n};Voornaam;Achternaam;VPK" for n in range(130)]
    response = _upload(admin_client, *rows)
    page = admin_client.get(response["Location"]).content.decode()
    assert "En nog 30 rijen die hier niet staan." in page
    assert page.count("<td>Voornaam Achternaam</td>") == 100


def test_the_preview_reads_the_directory_in_a_constant_number_of_queries(admin_client, unit):
    urls = []
    for size in (5, 50):
        rows = [f"{size}{n:03d};Voornaam;Achternaam;VPK" for n in range(size)]
        urls.append(_upload(admin_client, *rows)["Location"])
    for _n in range(50):
        StudentFactory(programme=unit)
    counts = []
    for url in urls:
        keep_navigation_counts(admin_client)
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Who may use the pages -----------------------------------------------------------------

ROLES = [*RoleCode.values, "outsider", "anonymous"]
ADMIN = RoleCode.FUNCTIONAL_ADMIN

# Expected status per URL and method for the functional administrator; everyone else: 404
# (anonymous visitors: to the login page). POSTs carry no data.
EXPECTED = {
    "directory:upload": {"GET": 200, "POST": 200},
    "directory:preview": {"GET": 200, "POST": 405},
    "directory:confirm": {"GET": 405, "POST": 302},
    "directory:rejected_rows": {"GET": 200, "POST": 405},
}


def test_every_url_has_an_entry():
    _prefix, resolver = get_resolver().namespace_dict["directory"]
    names = {f"directory:{p.name}" for p in resolver.url_patterns}
    assert names == set(EXPECTED), "decide who may use each new URL in EXPECTED"


@pytest.fixture
def world(request, private_root, unit, functional_admin):
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    run, _plan = services.start_upload(
        data=f"{HEADER}\n5001;Noor;Veenstra;VPK\n".encode(),
        file_name="studenten.csv",
        kind="students",
        full_export=False,
        acting_user=functional_admin,
    )
    return run


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, world, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(PERSONAS.get(role, "outsider")))
    wrong = []
    for name, methods in EXPECTED.items():
        url = reverse(name) if name == "directory:upload" else reverse(name, args=[world.pk])
        for method, admin_status in methods.items():
            expected = {ADMIN: admin_status, "anonymous": 302}.get(role, 404)
            response = getattr(client, method.lower())(url)
            if response.status_code != expected:
                wrong.append(f"{method} {url} ({name}): {response.status_code}, want {expected}")
            if role == "anonymous":
                assert response["Location"].startswith("/account/inloggen/"), url
    assert not wrong, "\n".join(wrong)
    assert Student.objects.count() == 0  # nobody applied anything on the way


def test_a_deactivated_functional_admin_is_signed_out(client, functional_admin):
    client.force_login(functional_admin)
    functional_admin.is_active = False
    functional_admin.save()
    response = client.get(reverse("directory:upload"))
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")


def test_an_unknown_run_is_a_404(admin_client):
    url = reverse("directory:preview", args=["00000000-0000-0000-0000-000000000000"])
    assert admin_client.get(url).status_code == 404
