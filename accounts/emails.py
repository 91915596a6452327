"""The e-mail of a notification: its kind and a link, in the person's language, never content.
Apps that send more with it (a calendar item) start from `attention_message`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User, label_of_kind


def recipient(user_id):
    """The person to e-mail, or None when they are gone, inactive or have no address."""
    user = User.objects.filter(pk=user_id, is_active=True, is_system=False).first()
    return user if user is not None and user.email else None


def attention_message(user, path, kind):
    """The e-mail for one notification, in the person's language: its kind and a link to
    `path`, never content."""
    context = {"url": site_url(path), "kind": label_of_kind(kind)}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("email/attention_subject.txt", context).strip()
        text = render_to_string("email/attention.txt", context)
        html = render_to_string("email/attention.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def site_url(path):
    """The address of a page of the app, for e-mails and calendar items."""
    return settings.SITE_URL.rstrip("/") + path
