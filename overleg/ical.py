"""The invitation as an .ics file: times in Europe/Amsterdam with the VTIMEZONE included. It
carries the meeting's title, place and online link, never the cases on its agenda; the one
that goes by e-mail (`for_email`) carries neither the title nor the online link
(`overleg.invitations`)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from training.ical import AMSTERDAM


def meeting_calendar(meeting, url, *, for_email=False):
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
    event.add("summary", _("Zorgoverleg") if for_email else meeting.title)
    event.add("sequence", meeting.version)  # a moved meeting replaces the calendar item (UID)
    online_link = "" if for_email else meeting.online_link
    location = meeting.location or online_link
    if location:
        event.add("location", location)
    description = [online_link] if online_link else []
    description.append(url)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
