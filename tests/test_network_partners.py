"""The partner register: who may read and manage it, agreements and their lapsing reminder,
and the Support and contacts page that every staff member reaches from the home page."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from accounts.roles import RoleCode
from accounts.services import get_system_user
from core.errors import InvalidChange
from network import services
from network.models import Agreement, Partner
from tests.conftest import PERSONAS
from tests.network_helpers import make_agreement, make_article, make_partner, partner_data

R = RoleCode
ROLES = [*RoleCode.values, "outsider", "anonymous"]
READERS = {R.COUNSELLOR, R.DEAN, R.CARE_TEAM, R.BOARD, R.CONTACT_OFFICER, R.FUNCTIONAL_ADMIN}
MANAGERS = {R.CONTACT_OFFICER, R.FUNCTIONAL_ADMIN}
EDITORS = {R.TRAINING_COORDINATOR, R.FUNCTIONAL_ADMIN}
TODAY = datetime.date(2026, 3, 2)


def rule(get, post):
    """Expected statuses by role for GET and POST; a role not named gets a 404."""
    return {"GET": get, "POST": post}


def only(roles, status):
    return dict.fromkeys(roles, status)


EVERYONE = [*RoleCode.values, "outsider"]

# Deny by default: every `network:` URL needs an entry (see the test below). POSTs carry no
# data, so they change nothing; a form page answers them with its errors (200).
EXPECTED = {
    "network:support": rule(only(EVERYONE, 200), only(EVERYONE, 405)),
    "network:article_list": rule(only(EVERYONE, 200), only(EVERYONE, 405)),
    "network:article": rule(only(EVERYONE, 200), only(EVERYONE, 405)),
    "network:article_history": rule(only(EVERYONE, 200), only(EVERYONE, 405)),
    "network:article_create": rule(only(EDITORS, 200), only(EDITORS, 200)),
    "network:article_edit": rule(only(EDITORS, 200), only(EDITORS, 200)),
    "network:partner_list": rule(only(READERS, 200), only(READERS, 405)),
    "network:partner": rule(only(READERS, 200), only(READERS, 405)),
    "network:partner_history": rule(only(MANAGERS, 200), only(MANAGERS, 405)),
    "network:partner_create": rule(only(MANAGERS, 200), only(MANAGERS, 200)),
    "network:partner_edit": rule(only(MANAGERS, 200), only(MANAGERS, 200)),
    "network:agreement_create": rule(only(MANAGERS, 200), only(MANAGERS, 200)),
    "network:agreement_edit": rule(only(MANAGERS, 200), only(MANAGERS, 200)),
}


def test_every_network_url_has_an_entry():
    _prefix, resolver = get_resolver().namespace_dict["network"]
    names = {f"network:{p.name}" for p in resolver.url_patterns if p.name}
    assert names == set(EXPECTED), "decide who may use each new URL in EXPECTED"


@pytest.fixture
def register(request, training_coordinator, functional_admin):
    for fixture in set(PERSONAS.values()) | {"outsider"}:
        request.getfixturevalue(fixture)
    article = make_article(training_coordinator)
    partner = make_partner(functional_admin)
    agreement = make_agreement(functional_admin, partner)
    return {"article": article, "partner": partner, "agreement": agreement}


def _url(name, register):
    if name in ("network:article", "network:article_edit", "network:article_history"):
        return reverse(name, args=[register["article"].slug])
    if name == "network:agreement_edit":
        return reverse(name, args=[register["partner"].pk, register["agreement"].pk])
    if name in ("network:partner", "network:partner_edit", "network:partner_history"):
        return reverse(name, args=[register["partner"].pk])
    if name == "network:agreement_create":
        return reverse(name, args=[register["partner"].pk])
    return reverse(name)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, register, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(PERSONAS.get(role, "outsider")))
    wrong = []
    for name, methods in EXPECTED.items():
        url = _url(name, register)
        for method, expected_by_role in methods.items():
            expected = 302 if role == "anonymous" else expected_by_role.get(role, 404)
            response = getattr(client, method.lower())(url)
            if response.status_code != expected:
                wrong.append(f"{method} {url} ({name}): {response.status_code}, want {expected}")
    assert not wrong, "\n".join(wrong)
    assert Partner.objects.get().name == "Politie basisteam Centrum"  # nothing changed


# --- Reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"], indirect=True)
def test_support_page_shows_internal_services_to_all_and_external_partners_to_readers(
    client, persona, functional_admin
):
    make_partner(
        functional_admin,
        name="Studentpsychologen",
        kind=Partner.Kind.INTERNAL,
        partner_type=Partner.Type.STUDENT_PSYCHOLOGIST,
        phone="030 123 45 67",
        when_to_involve_nl="Bij somberheid of angst.",
    )
    make_partner(
        functional_admin, name="GGZ-crisisdienst West", partner_type=Partner.Type.GGZ_CRISIS
    )
    make_partner(functional_admin, name="Oud loket", kind=Partner.Kind.INTERNAL, is_active=False)
    client.force_login(persona)
    html = client.get(reverse("network:support")).content.decode()
    for number in (
        'href="tel:112"',
        'href="tel:113"',
        'href="tel:08000113"',
        'href="tel:08002000"',
    ):
        assert number in html
    assert "Studentpsychologen" in html
    assert 'href="tel:0301234567"' in html
    assert "Bij somberheid of angst." in html
    assert "Oud loket" not in html
    reader = persona.has_role(*READERS)
    assert ("GGZ-crisisdienst West" in html) == reader


def test_readers_do_not_see_inactive_partners_managers_do(client, functional_admin, dean):
    gone = make_partner(functional_admin, name="Opgeheven dienst", is_active=False)
    client.force_login(dean)
    assert client.get(reverse("network:partner", args=[gone.pk])).status_code == 404
    assert "Opgeheven dienst" not in client.get(reverse("network:partner_list")).content.decode()
    client.force_login(functional_admin)
    assert client.get(reverse("network:partner", args=[gone.pk])).status_code == 200
    assert "Opgeheven dienst" in client.get(reverse("network:partner_list")).content.decode()


def test_partner_list_filters(client, functional_admin, counsellor):
    make_partner(functional_admin, name="Politie Noord")
    make_partner(
        functional_admin, name="Decanaat", kind=Partner.Kind.INTERNAL, partner_type="deanery"
    )
    client.force_login(counsellor)

    def names(**params):
        response = client.get(reverse("network:partner_list"), params)
        assert response.status_code == 200
        return [p.name for p in response.context["partners"]]

    assert names() == ["Decanaat", "Politie Noord"]
    assert names(soort="internal") == ["Decanaat"]
    assert names(type="police") == ["Politie Noord"]
    assert names(q="noord") == ["Politie Noord"]
    response = client.get(reverse("network:partner_list"), {"soort": "geheim"})
    assert response.status_code == 200
    assert "Kies een soort uit de lijst." in response.content.decode()


# --- Managing partners and agreements --------------------------------------------------------


def test_a_partner_needs_a_reason_and_a_unique_name(client, contact_officer):
    make_partner(contact_officer, name="Veilig Thuis")
    client.force_login(contact_officer)
    url = reverse("network:partner_create")
    data = {**partner_data(name="veilig thuis"), "reason": ""}
    response = client.post(url, {k: v for k, v in data.items() if v is not False})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf kort waarom je dit wijzigt." in html
    data["reason"] = "Nieuwe partner"
    response = client.post(url, {k: v for k, v in data.items() if v is not False})
    assert response.status_code == 200
    assert "Er staat al een partner met deze naam in het register." in response.content.decode()
    assert 'value="veilig thuis"' in response.content.decode()
    assert Partner.objects.count() == 1


def test_changing_a_partner_is_in_its_history(client, contact_officer, functional_admin):
    partner = make_partner(contact_officer)
    client.force_login(functional_admin)
    data = {
        **partner_data(phone="020 555 00 00"),
        "version": partner.version,
        "reason": "Nieuw nummer doorgekregen",
    }
    response = client.post(reverse("network:partner_edit", args=[partner.pk]), data)
    assert response.status_code == 302
    response = client.get(reverse("network:partner_history", args=[partner.pk]))
    row = response.context["rows"][0]
    assert row.who == functional_admin
    assert row.reason == "Nieuw nummer doorgekregen"
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("Telefoon", "[vul in: telefoonnummer]", "020 555 00 00")
    ]


def _agreement_post(**overrides):
    data = {
        "name": "Convenant veiligheid",
        "starts_on": "2026-05-01",
        "ends_on": "2026-04-01",
        "notes": "Met de wijkagent",
        "reason": "Nieuw convenant",
    }
    return {**data, **overrides}


def test_an_agreement_ending_before_it_starts_is_refused_and_the_input_kept(
    client, contact_officer
):
    partner = make_partner(contact_officer)
    client.force_login(contact_officer)
    response = client.post(
        reverse("network:agreement_create", args=[partner.pk]), _agreement_post()
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "De einddatum ligt vóór de ingangsdatum." in html
    assert 'value="2026-04-01"' in html
    assert 'value="2026-05-01"' in html
    assert "Met de wijkagent" in html
    assert not Agreement.objects.exists()
    response = client.post(
        reverse("network:agreement_create", args=[partner.pk]),
        _agreement_post(starts_on="2026-02-01", reason="Nieuw convenant"),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.history.get().history_user == contact_officer


def test_the_service_and_the_database_refuse_an_end_before_the_start(contact_officer):
    partner = make_partner(contact_officer)
    with pytest.raises(InvalidChange, match="De einddatum ligt vóór de ingangsdatum"):
        make_agreement(contact_officer, partner, starts=datetime.date(2026, 5, 1), ends=TODAY)
    bypass = Agreement(
        partner=partner, name="x", starts_on=datetime.date(2026, 5, 1), ends_on=TODAY
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        bypass.save()


def test_invalid_dates_get_a_clear_message(client, functional_admin):
    partner = make_partner(functional_admin)
    client.force_login(functional_admin)
    response = client.post(
        reverse("network:agreement_create", args=[partner.pk]),
        _agreement_post(starts_on="31-02-2026", ends_on=""),
    )
    assert response.status_code == 200
    assert "Vul een geldige datum in." in response.content.decode()


def test_an_agreement_of_another_partner_is_not_found(client, functional_admin):
    first, second = make_partner(functional_admin), make_partner(functional_admin, name="GGD")
    agreement = make_agreement(functional_admin, first)
    client.force_login(functional_admin)
    url = reverse("network:agreement_edit", args=[second.pk, agreement.pk])
    assert client.get(url).status_code == 404


def test_managers_may_not_be_bypassed_in_the_service(counsellor, functional_admin):
    partner = make_partner(functional_admin)
    with pytest.raises(services.NotAllowed):
        services.update_partner(
            partner, data={"name": "Anders"}, reason="Poging", acting_user=counsellor
        )


# --- The reminder before an agreement lapses -------------------------------------------------


@pytest.fixture
def lapsing(contact_officer, functional_admin, counsellor):
    partner = make_partner(functional_admin, name="Politie basisteam Zuid", contact_person="Jansen")
    agreement = make_agreement(
        functional_admin,
        partner,
        name="Convenant Zuid",
        starts=datetime.date(2023, 1, 1),
        ends=TODAY + datetime.timedelta(days=30),
    )
    make_agreement(  # far away: no reminder yet
        functional_admin, partner, name="Later", ends=TODAY + datetime.timedelta(days=200)
    )
    make_agreement(functional_admin, partner, name="Onbepaald")  # no end date
    return agreement


def test_the_reminder_goes_out_once_to_the_managers_without_names(
    lapsing, contact_officer, functional_admin, counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_lapsing_agreements(today=TODAY) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [contact_officer.email, functional_admin.email]
    )
    for message in mail.outbox:
        text = message.body + message.subject + message.alternatives[0][0]
        for name in ("Politie", "Zuid", "Convenant", "Jansen", contact_officer.last_name):
            assert name not in text
        assert f"/kennis/partners/{lapsing.partner_id}/" in message.body
    lapsing.refresh_from_db()
    assert lapsing.reminder_sent_on == TODAY
    record = lapsing.history.first()
    assert record.history_user == get_system_user()
    assert record.history_change_reason == services.Reason.REMINDER_SENT

    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_lapsing_agreements(today=TODAY) == 0
        assert services.remind_lapsing_agreements(today=TODAY + datetime.timedelta(days=7)) == 0
    assert len(mail.outbox) == 2


def test_a_new_end_date_brings_a_new_reminder_in_its_own_window(
    lapsing, functional_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_lapsing_agreements(today=TODAY)
    extended = TODAY + datetime.timedelta(days=400)
    services.update_agreement(
        lapsing,
        data={"name": lapsing.name, "starts_on": lapsing.starts_on, "ends_on": extended},
        reason="Verlengd",
        acting_user=functional_admin,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_lapsing_agreements(today=TODAY + datetime.timedelta(days=60)) == 0
        assert services.remind_lapsing_agreements(today=extended - datetime.timedelta(days=59)) == 1
    assert len(mail.outbox) == 2


def test_no_reminder_for_an_inactive_partner(lapsing, functional_admin):
    services.update_partner(
        lapsing.partner, data={"is_active": False}, reason="Opgeheven", acting_user=functional_admin
    )
    assert services.remind_lapsing_agreements(today=TODAY) == 0


def test_the_daily_task_runs_the_service_and_is_scheduled(
    lapsing, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import timezone

    from network.tasks import remind_lapsing_agreements

    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_lapsing_agreements.delay().get() == 1
        assert remind_lapsing_agreements.delay().get() == 0  # safe to run twice
    schedule = settings.CELERY_BEAT_SCHEDULE["network-remind-lapsing-agreements"]
    assert schedule["task"] == remind_lapsing_agreements.name


def test_managers_see_lapsing_agreements_on_their_home_page(
    client, lapsing, contact_officer, counsellor, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    client.force_login(contact_officer)
    html = client.get(reverse("home")).content.decode()
    assert "1 afspraak met een partner loopt binnenkort af" in html
    response = client.get(reverse("network:partner_list"), {"aflopend": "on"})
    assert [p.name for p in response.context["partners"]] == ["Politie basisteam Zuid"]
    client.force_login(counsellor)
    assert "loopt binnenkort af" not in client.get(reverse("home")).content.decode()


# --- Query counts ----------------------------------------------------------------------------


def _grow(manager, start, stop):
    for n in range(start, stop):
        kind = Partner.Kind.INTERNAL if n % 2 else Partner.Kind.EXTERNAL
        partner = make_partner(manager, name=f"Partner {n:02d}", kind=kind)
        make_agreement(manager, partner, ends=TODAY + datetime.timedelta(days=n))


def _queries(client, url):
    # A first visit settles what a page keeps per person (the navigation's task counts).
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["network:partner_list", "network:support"])
def test_list_pages_do_not_query_per_partner(client, functional_admin, url_name):
    client.force_login(functional_admin)
    url = reverse(url_name)
    _grow(functional_admin, 0, 3)
    few = _queries(client, url)
    _grow(functional_admin, 3, 30)
    many = _queries(client, url)
    assert many == few, (few, many)


# --- One click from home -----------------------------------------------------------------


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"], indirect=True)
def test_every_staff_member_reaches_support_from_the_home_page(client, persona):
    client.force_login(persona)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("network:support")}"' in html


# --- Bad input never breaks a page -----------------------------------------------------------

GARBAGE = [
    {},
    {"version": "abc", "reason": "x" * 600, "name": "x" * 500, "starts_on": "gisteren"},
    {"kind": "geheim", "partner_type": "spion", "email": "geen-mail", "website": "javascript:x"},
    {"starts_on": "2026-13-45", "ends_on": "0000-00-00", "category": "onbekend", "slug": "../x"},
]


@pytest.mark.parametrize("payload", GARBAGE)
def test_bad_input_gets_a_form_with_messages_never_a_server_error(
    client, register, functional_admin, payload
):
    client.force_login(functional_admin)
    for name in (
        "network:article_create",
        "network:article_edit",
        "network:partner_create",
        "network:partner_edit",
        "network:agreement_create",
        "network:agreement_edit",
    ):
        response = client.post(_url(name, register), payload)
        assert response.status_code == 200, name
        assert "Er ging iets mis" in response.content.decode(), name
    for name in ("network:article_list", "network:partner_list"):
        response = client.get(_url(name, register), {"q": "x" * 500, "categorie": "?", "type": 9})
        assert response.status_code == 200, name


def test_disclosure_recipients_are_the_active_external_partners(functional_admin):
    from network.selectors import disclosure_recipients

    make_partner(functional_admin, name="Politie")
    make_partner(functional_admin, name="Decanaat", kind=Partner.Kind.INTERNAL)
    make_partner(functional_admin, name="Oude GGD", is_active=False)
    assert [p.name for p in disclosure_recipients()] == ["Politie"]
