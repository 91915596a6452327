"""The in-app inbox: what needs attention and a link, never a name; only the owner opens it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import InboxItem
from accounts.notifications import complete_task, notify_user
from escalation import services
from escalation.services import take_case
from tests.escalation_helpers import fresh, ready_to_escalate


def _item(user, kind="attention", path="/casussen/"):
    return InboxItem.objects.create(user=user, kind=kind, path=path)


def test_the_inbox_lists_kind_and_time_unread_in_bold(client, counsellor):
    old = _item(counsellor, kind="triage")
    new = _item(counsellor, kind="acute", path="/escalatie/bestuur/")
    InboxItem.objects.filter(pk=old.pk).update(read_at=old.created_at)
    client.force_login(counsellor)
    response = client.get(reverse("accounts:inbox"))
    shown = [item for group in response.context["groups"] for item in group.items]
    assert shown == [new, InboxItem.objects.get(pk=old.pk)]
    assert "Acuut risico: er is direct een besluit nodig" in response.text
    assert "Er is een nieuwe melding voor je eenheid" in response.text
    assert response.text.count("(ongelezen)") == 1  # the new item only
    assert "(1 ongelezen)" in response.text  # the count in the menu
    assert "fw-bold" in response.text


def test_the_inbox_never_shows_names_or_case_content(client, case, counsellor, dean):
    """A real notification, from a real step: the dean's inbox names the case by its reference
    (issue 18: what it is about), never a name or content."""
    handled = take_case(case, acting_user=counsellor)
    ready_to_escalate(handled, counsellor)
    services.request_escalation(
        fresh(handled), reason="Zorg om Noor Veenstra", acting_user=counsellor
    )
    client.force_login(dean)
    response = client.get(reverse("accounts:inbox"))
    assert "Een opschalingsverzoek wacht op je beoordeling" in response.text
    main = response.text.split('id="main"')[1]
    assert case.reference in main
    for canary in ("Noor", "Veenstra", "5001234", "Student oogt somber"):
        assert canary not in main


def test_opening_an_item_marks_it_read_and_follows_its_link(client, counsellor):
    item = _item(counsellor, path="/escalatie/verzoeken/")
    client.force_login(counsellor)
    response = client.post(reverse("accounts:inbox_open", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == "/escalatie/verzoeken/"
    assert InboxItem.objects.get(pk=item.pk).read_at is not None
    assert client.get(reverse("accounts:inbox_open", args=[item.pk])).status_code == 405


def test_someone_elses_item_is_a_404_and_stays_unread(client, counsellor, dean):
    item = _item(counsellor)
    client.force_login(dean)
    assert client.post(reverse("accounts:inbox_open", args=[item.pk])).status_code == 404
    assert InboxItem.objects.get(pk=item.pk).read_at is None


def test_a_link_off_site_is_never_followed(client, counsellor):
    item = _item(counsellor, path="//evil.example/")
    client.force_login(counsellor)
    response = client.post(reverse("accounts:inbox_open", args=[item.pk]))
    assert response["Location"] == reverse("accounts:inbox")


def test_mark_all_read_touches_only_the_users_own_items(client, counsellor, dean):
    mine = [_item(counsellor), _item(counsellor)]
    theirs = _item(dean)
    client.force_login(counsellor)
    response = client.post(reverse("accounts:inbox_read_all"), follow=True)
    assert "Alle berichten zijn als gelezen gemarkeerd." in response.text
    assert all(InboxItem.objects.get(pk=i.pk).read_at for i in mine)
    assert InboxItem.objects.get(pk=theirs.pk).read_at is None


def test_the_menu_shows_the_unread_count(client, counsellor):
    client.force_login(counsellor)
    assert "ongelezen)" not in client.get(reverse("home")).text
    for _ in range(3):
        notify_user(counsellor, path="/", kind="attention")
    response = client.get(reverse("home"))
    berichten = next(i for i in response.context["nav_items"] if i["url"] == "/account/berichten/")
    assert (berichten["badge"], berichten["badge_text"]) == (3, "3 ongelezen")
    assert "(3 ongelezen)" in response.text


def test_the_inbox_query_count_does_not_grow(client, counsellor):
    client.force_login(counsellor)
    counts = []
    for total in (3, 20):
        while InboxItem.objects.filter(user=counsellor).count() < total:
            _item(counsellor)
        client.get(reverse("accounts:inbox"))  # settles the navigation's kept task counts
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("accounts:inbox"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _unread_badge(client):
    response = client.get(reverse("accounts:inbox"))
    berichten = next(i for i in response.context["nav_items"] if i["url"] == "/account/berichten/")
    return berichten.get("badge", 0)


def test_the_kept_unread_count_follows_new_read_and_done_items_at_once(client, counsellor):
    """The unread count is kept with the navigation's task counts (issue 20: no query per page);
    every way it changes forgets the kept count, so the menu never shows a stale number."""
    client.force_login(counsellor)
    assert _unread_badge(client) == 0
    notify_user(counsellor, path="/", kind="attention", task="demo:1:read")
    notify_user(counsellor, path="/", kind="attention", task="demo:2:read")
    assert _unread_badge(client) == 2  # a new item: notify_user forgot the kept count
    complete_task("demo:1:read")  # done by someone else, outside this person's requests
    assert _unread_badge(client) == 1
    item = InboxItem.objects.get(task="demo:2:read")
    client.post(reverse("accounts:inbox_open", args=[item.pk]))
    assert _unread_badge(client) == 0  # read through a form: the next page counts again


def test_the_empty_inbox_asks_the_database_for_session_user_and_its_items_only(client, reporter):
    """The floor of the bench (issue 20): with the navigation counts kept, the empty inbox is the
    session, the user, the person's roles (which menu items they see) and the page's items."""
    client.force_login(reporter)
    client.get(reverse("accounts:inbox"))  # counts the navigation and keeps it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:inbox"))
    assert "Je hebt geen berichten." in response.text
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in queries]
    assert tables == ["django_session", "accounts_user", "accounts_inboxitem", "accounts_role"]
