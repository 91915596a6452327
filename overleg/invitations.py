"""The invitation e-mail of a care meeting: the usual notification with the meeting attached as
a calendar item (.ics), so it lands in the invitee's own calendar."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.tasks import attention_message, recipient, site_url
from overleg import ical
from overleg.models import Meeting


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_meeting_invitation(user_id, path, kind, *, meeting_id):
    """Like every e-mail it carries no content: the calendar item has the time, the place and
    the link, and instead of the meeting's own title (free text) just "Zorgoverleg"."""
    user = recipient(user_id)
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if user is None or meeting is None:
        return False
    message = attention_message(user, path, kind)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        summary = _("Zorgoverleg")
    message.attach(
        f"{meeting.code}.ics",
        ical.meeting_calendar(meeting, site_url(path), summary=summary),
        "text/calendar",
    )
    message.send()
    return True
