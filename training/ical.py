"""iCalendar output: one file per session, and the personal feed. Times in Europe/Amsterdam with
the VTIMEZONE included, so every calendar shows the right hour, also across daylight saving."""

import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", "-//Zorgwekkend//Training//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    return cal


def _event(session, url):
    event = Event()
    event.add("uid", f"zorgwekkend-training-session-{session.pk}@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(AMSTERDAM))
    event.add("dtend", session.ends_at.astimezone(AMSTERDAM))
    event.add("summary", session.course.title)
    event.add("sequence", session.version)
    if session.location:
        event.add("location", session.location)
    description = [session.notes] if session.notes else []
    if session.online_url:
        description.append(_("Online deelnemen: %(url)s") % {"url": session.online_url})
    description.append(url)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    return event


def _host():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "zorgwekkend"


def session_calendar(session, url):
    """One session as an .ics file."""
    cal = _calendar(session.course.title)
    cal.add_component(_event(session, url))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_calendar(sessions, url_for):
    """A person's training sessions; `url_for(session)` gives each its page's address."""
    cal = _calendar(_("Mijn trainingen (Zorgwekkend)"))
    for session in sessions:
        cal.add_component(_event(session, url_for(session)))
    cal.add_missing_timezones()
    return cal.to_ical()
