"""The import in a real browser: the functional administrator uploads a student export, reads
the preview (new, changed, rejected with line numbers; duplicates, conflicts, unused columns,
new units, a file whose every row is rejected, the second confirmation for many leavers) and
confirms. Axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import OrganisationUnit
from accounts.roles import RoleCode
from cases.models import Student
from tests.browser import assert_accessible, log_in
from tests.factories import ProgrammeFactory, StudentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPORT = (
    "\ufeffStudentnummer;Voornaam;Achternaam;Opleidingscode;Ingeschreven vanaf\n"
    "5001234;Noor;Veenstra-Jansen;VPK;01-09-2024\n"
    "5002;Sem;Bos;VPK;2024-09-01\n"
    "5003;Kim;Smit;ONBEKEND;2024-09-01\n"
    "5004;Lot;de Wit;VPK;1 september\n"
)


@pytest.fixture
def admin(transactional_db, private_root):
    unit = ProgrammeFactory(code="VPK", name="Verpleegkunde")
    StudentFactory(
        student_number="5001234", first_name="Noor", last_name="Veenstra", programme=unit
    )
    return UserFactory(username="beheerder", roles=[RoleCode.FUNCTIONAL_ADMIN])


def test_upload_preview_confirm(page, admin, tmp_path):
    export = tmp_path / "studenten.csv"
    export.write_text(EXPORT, encoding="utf-8")
    log_in(page, "beheerder")
    page.goto("/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Studenten, eenheden en medewerkers importeren"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Voorvertoning maken").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    assert_accessible(page)

    page.get_by_label("Studenten").check()
    page.get_by_label("Dit is een volledige export").check()
    page.get_by_label(re.compile("CSV-bestand")).set_input_files(str(export))
    page.get_by_role("button", name="Voorvertoning maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorvertoning: studenten")
    expect(page.get_by_role("row", name=re.compile("5002 Sem Bos"))).to_be_visible()
    rejected = page.get_by_role("table", name="Afgewezen rijen met regelnummer en reden")
    expect(rejected.get_by_role("row", name=re.compile("^4 5003"))).to_contain_text(
        "onbekende opleidingscode ONBEKEND"
    )
    expect(rejected.get_by_role("row", name=re.compile("^5 5004"))).to_contain_text(
        "'1 september' is geen datum"
    )
    expect(page.get_by_role("row", name=re.compile("5001234"))).to_contain_text("Veenstra-Jansen")
    assert Student.objects.count() == 1
    assert_accessible(page)
    # While htmx sends the confirmation it marks the notice; then (and only then) it shows.
    busy = page.locator("#zw-busy")
    expect(busy).to_be_hidden()
    busy.evaluate("notice => notice.classList.add('htmx-request')")
    expect(busy).to_be_visible()
    expect(busy).to_have_text(
        "Bezig met verwerken… Bij grote bestanden duurt dit even; sluit deze pagina niet."
    )
    assert_accessible(page)
    busy.evaluate("notice => notice.classList.remove('htmx-request')")

    page.get_by_role("button", name="Bevestigen en verwerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import verwerkt: studenten")
    expect(page.get_by_role("status").first).to_contain_text(
        "De import is verwerkt: 1 nieuw, 1 gewijzigd, 0 vertrokken."
    )
    expect(page.get_by_role("definition").last).to_have_text("2")  # rejected rows, counted
    assert_accessible(page)
    assert Student.objects.get(student_number="5001234").last_name == "Veenstra-Jansen"
    assert Student.objects.count() == 2

    page.get_by_role("link", name="Terug naar importeren").click()
    expect(page.get_by_role("link", name="studenten.csv")).to_be_visible()
    assert_accessible(page)


# --- Messy exports (issue 19) ------------------------------------------------------------------


def _messy_export(path):
    """A student export as a SIS writes it: BOM, CRLF, semicolons, an unused birth-date column,
    institutes and programmes the directory lacks, an exact duplicate and a conflict."""
    from tests.test_directory_messy_exports import osiris_export, student_row

    conflicting = student_row(4)
    conflicting[3] = "Veenstra-Kok"
    path.write_bytes(osiris_export(8, extra=[student_row(2), conflicting]))
    return path


def _upload(page, path, *, kind="Studenten", full=False):
    page.goto("/import/")
    page.get_by_label(kind, exact=True).check()
    if full:
        page.get_by_label("Dit is een volledige export").check()
    page.get_by_label(re.compile("CSV-bestand")).set_input_files(str(path))
    page.get_by_role("button", name="Voorvertoning maken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voorvertoning")


def test_a_messy_export_shows_duplicates_conflicts_unused_columns_and_new_units(
    page, admin, tmp_path
):
    log_in(page, "beheerder")
    _upload(page, _messy_export(tmp_path / "osiris.csv"))
    counts = page.locator(".zw-import-counts")
    expect(counts).to_contain_text("Dubbel")
    expect(page.locator("#unused-columns")).to_contain_text(
        "Deze kolommen lezen we niet: Geboortedatum."
    )
    conflicts = page.get_by_role("table", name=re.compile("Conflicten"))
    expect(conflicts.get_by_role("row", name=re.compile("^4100004 6 en 11"))).to_contain_text(
        "'Veenstra-Kok' (regel 11)"
    )
    expect(page.get_by_role("heading", name=re.compile("Dubbele rijen"))).to_be_visible()
    expect(page.get_by_text("Regel 10 is gelijk aan regel 4 (4100002).")).to_be_visible()
    new_units = page.get_by_role("table", name="De eenheden die de import eerst aanmaakt")
    # The heading, 3 institutes and 5 programmes: the sixth (B-PED) only student 4 needs, and
    # student 4 is in conflict.
    expect(new_units.get_by_role("row")).to_have_count(9)
    expect(page.get_by_text("Liever eenheden uit je eigen bestand?")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Bevestigen en verwerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import verwerkt: studenten")
    assert_accessible(page)
    assert Student.objects.filter(student_number__startswith="41").count() == 7
    assert OrganisationUnit.objects.filter(code="B-SW", parent__code="ISW").exists()


def test_a_preview_where_every_row_is_rejected_says_why(page, admin, tmp_path):
    export = tmp_path / "onbekend.csv"
    export.write_text(
        "\ufeffStudentnummer;Voornaam;Achternaam;Opleidingscode\r\n"
        "6001;Noor;Bakker;XYZ\r\n6002;Sem;Visser;XYZ\r\n6003;Zoë;Smit;QQ\r\n",
        encoding="utf-8",
    )
    log_in(page, "beheerder")
    _upload(page, export, full=True)
    alert = page.locator("#all-rejected")
    expect(alert).to_contain_text("Alle 3 rijen zijn afgewezen; er gaat niets in.")
    expect(alert).to_contain_text("onbekende opleidingscode: 3 rijen")
    expect(alert).to_contain_text("Omdat geen enkele rij goed is, markeren we ook niemand")
    expect(page.get_by_text("niets te verwerken")).to_have_count(0)
    expect(page.get_by_role("button", name="Bevestigen en verwerken")).to_have_count(0)
    assert_accessible(page)


def test_a_full_export_that_empties_the_directory_asks_twice(page, admin, tmp_path):
    programme = OrganisationUnit.objects.get(code="VPK")
    for n in range(11):
        StudentFactory(student_number=f"{7000 + n}", programme=programme)
    export = tmp_path / "afgekapt.csv"
    export.write_text(
        "Studentnummer;Voornaam;Achternaam;Opleidingscode\n5001234;Noor;Veenstra;VPK\n",
        encoding="utf-8",
    )
    log_in(page, "beheerder")
    _upload(page, export, full=True)
    guard = page.get_by_role("region", name=re.compile("markeert 11 van 12 studenten"))
    expect(guard).to_contain_text("Wie er vertrekt:")
    expect(guard.get_by_role("listitem")).to_have_count(11)
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen en verwerken").click()
    expect(page.get_by_role("status").first).to_contain_text("Er is niets verwerkt.")
    assert Student.objects.filter(is_active=False).count() == 0
    page.get_by_label("Ja, markeer deze 11 studenten als vertrokken").check()
    page.get_by_role("button", name="Bevestigen en verwerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import verwerkt: studenten")
    assert Student.objects.filter(is_active=False).count() == 11
