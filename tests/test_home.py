import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Role
from accounts.roles import RoleCode
from tests.conftest import PERSONAS


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == "/account/inloggen/?next=/"


@pytest.mark.parametrize("persona", list(PERSONAS), indirect=True)
def test_each_role_sees_its_own_panel_and_no_other(client, persona):
    client.force_login(persona)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    own = Role.objects.get(group__user=persona)
    content = response.content.decode()
    assert own.label_nl in content
    assert own.description_nl in content
    assert "Er is op dit moment niets dat je aandacht vraagt." in content
    for other in Role.objects.exclude(pk=own.pk):
        assert f'id="panel-{other.code}"' not in content


def test_person_with_several_roles_sees_a_panel_per_role(client, counsellor):
    from accounts.services import set_user_roles

    set_user_roles(
        counsellor,
        codes=[RoleCode.COUNSELLOR, RoleCode.TRAINER],
        acting_user=counsellor,
        reason="Ook trainer",
    )
    client.force_login(counsellor)
    content = client.get(reverse("home")).content.decode()
    assert 'id="panel-counsellor"' in content
    assert 'id="panel-trainer"' in content


def test_staff_member_without_role_is_told_what_to_do(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("home"))
    assert "Je hebt nog geen rol in Zorgwekkend" in response.content.decode()


def test_renamed_role_label_shows_on_home(client, counsellor):
    role = Role.objects.get(code=RoleCode.COUNSELLOR)
    old_label = role.label_nl
    role.label_nl = "Zorgcoach studentenzaken"
    role.save()
    client.force_login(counsellor)
    content = client.get(reverse("home")).content.decode()
    assert "Zorgcoach studentenzaken" in content
    assert old_label not in content


def test_navigation_shows_configuration_only_to_functional_admin(client, functional_admin, dean):
    client.force_login(functional_admin)
    assert 'href="/beheer/"' in client.get(reverse("home")).content.decode()
    client.force_login(dean)
    assert 'href="/beheer/"' not in client.get(reverse("home")).content.decode()


def test_home_query_count_does_not_grow_with_data(
    client, counsellor, reporter, student, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import report_case

    report_case(reporter=reporter, student=student)
    client.force_login(counsellor)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    # session, user, roles, units; the work queue (3 case lists, report statuses, invitations,
    # meetings, actions); the roles shown; unread messages
    assert len(few.captured_queries) <= 13
    for _ in range(20):
        report_case(reporter=reporter, student=student)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_the_counsellor_panel_points_at_triage_without_names(client, counsellor, case):
    client.force_login(counsellor)
    text = client.get(reverse("home")).content.decode()
    assert "1 nieuwe melding wacht in triage" in text
    assert "/casussen/?lijst=triage" in text
    assert escape(case.student.last_name) not in text and case.reference not in text


def test_the_dean_panel_counts_reports_left_untaken_too_long(client, dean, case):
    import datetime

    from django.utils import timezone

    from cases.models import Case

    client.force_login(dean)
    assert "nog niet opgepakt" not in client.get(reverse("home")).content.decode()
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - datetime.timedelta(days=4))
    text = client.get(reverse("home")).content.decode()
    assert "1 melding in je eenheden is nog niet opgepakt" in text


def test_every_page_names_its_icon(client, counsellor):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    icon = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    assert icon in client.get("/account/inloggen/").text
    client.force_login(counsellor)
    assert icon in client.get(reverse("home")).text
    found = finders.find("favicon.svg")
    assert found and Path(found).read_text().startswith("<svg")
