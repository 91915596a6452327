"""Calendars: the .ics per session and the personal feed parse with `icalendar`, carry the right
Europe/Amsterdam times, and the feed opens only with its secret, which can be revoked."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.training_helpers import first_trainer, make_course, make_session, staff
from training import services
from training.models import Session

pytestmark = pytest.mark.django_db
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _session_at(trainer, local_start):
    """A session at a fixed local time (winter or summer time)."""
    course = make_course(title="Basiskennis")
    first_trainer(course, trainer)
    session = make_session(course, [trainer], days=400)
    starts = local_start.replace(tzinfo=AMSTERDAM)
    data = {
        "trainers": [trainer],
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "enrolment_deadline": starts - datetime.timedelta(days=1),
        "capacity": 20,
        "location": "Lokaal D0.12",
        "online_url": "",
        "notes": "",
    }
    return services.update_session(session, data=data, reason="Datum", acting_user=trainer)


def _events(body):
    calendar = Calendar.from_ical(body)
    return calendar, list(calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    ("local", "utc_hour"),
    [(datetime.datetime(2027, 1, 12, 9, 30), 8), (datetime.datetime(2027, 7, 6, 9, 30), 7)],
)
def test_the_session_ics_has_amsterdam_times_and_a_timezone(client, trainer, local, utc_hour):
    session = _session_at(trainer, local)
    client.force_login(staff("mw"))
    response = client.get(reverse("training:session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, [event] = _events(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert (start.hour, start.minute) == (9, 30)
    assert start.astimezone(datetime.UTC).hour == utc_hour
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTEND") - start == datetime.timedelta(hours=3)
    assert str(event["SUMMARY"]) == "Basiskennis"
    assert str(event["LOCATION"]) == "Lokaal D0.12"


def _feed_url(user):
    return reverse("training:calendar_feed", args=[services.calendar_feed_for(user).token])


def test_the_feed_lists_the_enrolled_sessions_without_a_login(client, trainer):
    course = make_course(title="Basiskennis")
    first_trainer(course, trainer)
    mine, other = make_session(course, [trainer]), make_session(course, [trainer], days=9)
    person = staff("mw")
    services.enrol(mine, participant=person, acting_user=person)
    response = client.get(_feed_url(person))  # no session cookie
    assert response.status_code == 200
    _calendar, events = _events(response.content)
    assert [str(e["UID"]).split("@")[0] for e in events] == [
        f"zorgwekkend-training-session-{mine.pk}"
    ]
    assert other.pk != mine.pk
    assert "casus" not in response.content.decode().lower()


def test_the_feed_shows_a_cancelled_session_as_cancelled(client, trainer):
    course = make_course()
    first_trainer(course, trainer)
    session = make_session(course, [trainer])
    person = staff("mw")
    services.enrol(session, participant=person, acting_user=person)
    services.cancel_session(session, reason="Ziek", acting_user=trainer)
    _calendar, [event] = _events(client.get(_feed_url(person)).content)
    assert str(event["STATUS"]) == "CANCELLED"


def test_revoking_the_feed_makes_a_new_secret_and_the_old_one_stops(client, trainer):
    person = staff("mw")
    old = _feed_url(person)
    assert client.get(old).status_code == 200
    services.reset_calendar_feed(person, acting_user=person)
    new = _feed_url(person)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    history = person.training_feed.history.all()
    assert not any(hasattr(row, "token") for row in history)  # secrets stay out of history


def test_a_wrong_token_or_a_deactivated_user_gets_404(client):
    person = staff("mw")
    url = _feed_url(person)
    assert client.get(url.replace(".ics", "x.ics")).status_code == 404
    person.is_active = False
    person.save()
    assert client.get(url).status_code == 404


def test_the_reset_page_works_only_for_yourself_by_post(client):
    person = staff("mw")
    old = services.calendar_feed_for(person).token
    client.force_login(person)
    assert client.get(reverse("training:calendar_feed_reset")).status_code == 405
    response = client.post(reverse("training:calendar_feed_reset"))
    assert response.status_code == 302
    person.training_feed.refresh_from_db()
    assert person.training_feed.token != old
    assert Session.objects.count() == 0
