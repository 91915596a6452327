"""What the preview tells a functional administrator about a messy export (issue 19): counts
first, duplicates counted, conflicts named, unused columns warned about, a file whose every row
is rejected explained, missing units proposed, and a full export that would mark many as left
held back until a second, explicit confirmation."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import OrganisationUnit, User
from cases.models import Student
from directory.models import ImportRun
from tests.factories import StudentFactory, UserFactory
from tests.test_directory_messy_exports import (
    AFAS_HEADER,
    OSIRIS_HEADER,
    messy_csv,
    osiris_export,
    staff_row,
    student_row,
)


@pytest.fixture
def admin_client(client, functional_admin, private_root):
    client.force_login(functional_admin)
    return client


def upload(client, data, *, kind="students", full=False):
    form = {"kind": kind, "file": SimpleUploadedFile("export.csv", data, "text/csv")}
    if full:
        form["full_export"] = "on"
    response = client.post(reverse("directory:upload"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def preview(client, url):
    response = client.get(url)
    return response, html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def confirm(client, response, **extra):
    run = ImportRun.objects.latest("created_at")
    digest = response.context["confirm_form"]["digest"].value()
    return client.post(reverse("directory:confirm", args=[run.pk]), {"digest": digest, **extra})


def count_of(page, label):
    match = re.search(rf"{label}</dt> ?<dd[^>]*>(\d+)<", page)
    return int(match.group(1)) if match else None


def test_an_exact_duplicate_is_counted_and_not_a_problem(admin_client, unit):
    rows = [student_row(n) for n in range(3)]
    url = upload(admin_client, osiris_export(0, extra=[*rows, rows[1]]))
    response, page = preview(admin_client, url)
    assert count_of(page, "Dubbel") == 1 and count_of(page, "Afgewezen") == 0
    assert "Regel 5 is gelijk aan regel 3" in page
    assert "staat meer dan eens" not in page
    confirm(admin_client, response)
    assert Student.objects.filter(student_number="4100001").count() == 1


def test_a_conflict_is_one_problem_naming_its_lines_and_fields(admin_client, unit):
    other = student_row(1)
    other[3] = "Veenstra-Kok"
    url = upload(admin_client, osiris_export(0, extra=[student_row(1), student_row(2), other]))
    _response, page = preview(admin_client, url)
    assert count_of(page, "Conflicten") == 1
    assert "Conflicten" in page and "2 en 4" in page
    assert "'Veenstra' (regel 2), 'Veenstra-Kok' (regel 4)" in page
    assert "geen van deze regels gaat erin; de rest van het bestand wel" in page
    run = ImportRun.objects.get()
    body = admin_client.get(reverse("directory:rejected_rows", args=[run.pk])).content
    assert "2 en 4;4100001;studentnummer 4100001 staat op regels 2 en 4" in body.decode("utf-8-sig")


def test_an_unused_column_is_a_visible_warning(admin_client, unit):
    header = ["Studentnummer", "Voornaam", "Achternaam", "Opleidingscode", "Peildatum", "BSN"]
    url = upload(admin_client, messy_csv(header, [["1", "a", "b", "VPK", "31-02-2026", "x"]]))
    _response, page = preview(admin_client, url)
    warning = re.search(r'<div class="alert alert-warning[^"]*" id="unused-columns".*?</div>', page)
    assert warning, "the unused columns are a warning"
    assert "Deze kolommen lezen we niet: Peildatum, BSN" in warning.group(0)
    assert "Peildatum lijkt een datum" in warning.group(0)


def test_a_preview_where_every_row_is_rejected_says_so_and_why(admin_client, unit):
    header = ["Studentnummer", "Voornaam", "Achternaam", "Opleidingscode"]
    url = upload(admin_client, messy_csv(header, [["1", "a", "b", "X"], ["2", "c", "d", "Y"]]))
    _response, page = preview(admin_client, url)
    assert "niets te verwerken" not in page
    assert "Alle 2 rijen zijn afgewezen; er gaat niets in." in page
    assert "onbekende opleidingscode: 2 rijen" in page
    assert "Importeren → Organisatie-eenheden" in page  # how to make the programmes known
    assert "Bevestigen en verwerken" not in page


def test_the_preview_proposes_missing_units_and_one_confirmation_creates_them(admin_client):
    url = upload(admin_client, osiris_export(6))
    response, page = preview(admin_client, url)
    assert count_of(page, "Nieuwe eenheden") == 9 and count_of(page, "Nieuw") == 6
    assert "Liever eenheden uit je eigen bestand?" in page
    assert "importeer dan eerst IGZ, ISW, ICT, B-VPK, B-SW, B-HICT, B-FT, B-PED en B-CMD" in page
    assert OrganisationUnit.objects.count() == 0
    confirm(admin_client, response)
    assert OrganisationUnit.objects.count() == 9 and Student.objects.count() == 6


def test_a_full_export_past_the_threshold_needs_a_second_confirmation(admin_client, unit):
    for n in range(60):
        StudentFactory(
            student_number=f"{4_300_000 + n}", programme=unit, last_name=f"Leaver{n:02d}"
        )
    header = ["Studentnummer", "Voornaam", "Achternaam", "Opleidingscode"]
    url = upload(admin_client, messy_csv(header, [["4300000", "a", "Leaver00", "VPK"]]), full=True)
    response, page = preview(admin_client, url)
    assert "Deze volledige export markeert 59 van 60 studenten als vertrokken (98 %)" in page
    assert "Leaver01" in page and "Leaver50" in page and "Leaver51" not in page
    assert "en 9 anderen" in page
    assert "Ja, markeer deze 59 studenten als vertrokken" in page
    refused = confirm(admin_client, response)
    assert Student.objects.filter(is_active=False).count() == 0
    follow = admin_client.get(refused["Location"]).content.decode()
    assert "Er is niets verwerkt" in follow
    confirm(admin_client, response, leavers_confirmed="on")
    assert Student.objects.filter(is_active=False).count() == 59


def test_below_the_threshold_no_second_confirmation_is_asked(admin_client, unit):
    for n in range(20):
        StudentFactory(student_number=f"{4_300_000 + n}", programme=unit)
    rows = [[f"{4_300_000 + n}", "a", "b", "VPK"] for n in range(19)]
    header = ["Studentnummer", "Voornaam", "Achternaam", "Opleidingscode"]
    response, page = preview(admin_client, upload(admin_client, messy_csv(header, rows), full=True))
    assert "markeer deze" not in page
    confirm(admin_client, response)
    assert Student.objects.filter(is_active=False).count() == 1


def test_staff_uploads_get_the_same_guard_and_warnings(admin_client, unit):
    for n in range(5):
        UserFactory(employee_number=f"M{2000 + n}", last_name=f"Collega{n}")
    rows = [staff_row(1, unit="VPK"), staff_row(1, unit="VPK")]
    url = upload(admin_client, messy_csv(AFAS_HEADER, rows), kind="staff", full=True)
    response, page = preview(admin_client, url)
    assert count_of(page, "Dubbel") == 1
    assert "Deze kolommen lezen we niet: Functie" in page
    assert "markeert 5 van 5 medewerkers als vertrokken" in page
    confirm(admin_client, response, leavers_confirmed="on")
    assert User.objects.filter(employee_number__startswith="M20", is_active=False).count() == 5


def test_the_result_page_and_the_download_keep_conflicts(admin_client, unit):
    other = student_row(1)
    other[1] = "Anna"
    header = OSIRIS_HEADER
    rows = [student_row(1), other, ["5001", "Noor", "", "Bakker", "", "", "VPK", "", "", "", ""]]
    url = upload(admin_client, messy_csv(header, rows))
    response, _page = preview(admin_client, url)
    confirm(admin_client, response)
    run = ImportRun.objects.get()
    body = admin_client.get(reverse("directory:rejected_rows", args=[run.pk])).content
    assert "2 en 3;4100001;studentnummer 4100001 staat op regels 2 en 3" in body.decode("utf-8-sig")
    _response, page = preview(admin_client, url)
    assert count_of(page, "Conflicten") == 1 and "staat op regels 2 en 3" in page
