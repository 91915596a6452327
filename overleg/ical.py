"""The invitation as an .ics file: times in Europe/Amsterdam with the VTIMEZONE included. It
carries the meeting's title (or, in an e-mail, a neutral `summary`) and place, never the cases
on its agenda."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from training.ical import AMSTERDAM


def meeting_calendar(meeting, url, *, summary=None):
    cal = Calendar()
    cal.add("prodid", "-//Zorgwekkend//Zorgoverleg//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"zorgwekkend-meeting-{meeting.pk}@zorgwekkend")
    event.add("dtstamp", timezone.now())
    starts = meeting.starts_at.astimezone(AMSTERDAM)
    event.add("dtstart", starts)
    event.add("dtend", starts + datetime.timedelta(minutes=meeting.duration_minutes))
    event.add("summary", summary or meeting.title)
    event.add("sequence", meeting.version)
    location = meeting.location or meeting.online_link
    if location:
        event.add("location", location)
    description = [meeting.online_link] if meeting.online_link else []
    description.append(url)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
