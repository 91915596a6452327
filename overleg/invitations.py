"""The invitation e-mail of a care meeting: the usual notification with the meeting attached as
a calendar item (.ics), so it lands in the invitee's own calendar. Like every e-mail it carries
no content: the calendar item holds the time, the place and the app's link, titled just
"Zorgoverleg" (a meeting's own title is free text) and without the online meeting's link (a
forwarded e-mail must not let anyone join; the meeting page shows it after signing in)."""

from django.conf import settings
from django.utils import translation

from accounts.emails import attention_message, recipient, site_url
from overleg import ical
from overleg.models import Meeting


def send_invitation(user_id, path, kind, *, meeting_id):
    """Returns whether an e-mail went out (not to someone inactive or without an address)."""
    user = recipient(user_id)
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if user is None or meeting is None:
        return False
    message = attention_message(user, path, kind)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = ical.meeting_calendar(meeting, site_url(path), for_email=True)
    message.attach(f"{meeting.code}.ics", calendar, "text/calendar")
    message.send()
    return True
