"""The import in a real browser: the functional administrator uploads a student export, reads
the preview (new, changed, rejected with line numbers) and confirms. Axe on every page."""

import re

import pytest
from playwright.sync_api import expect

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
