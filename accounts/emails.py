"""The e-mail of a notification: its kind and a link, in the person's language, never content.
Apps that send more with it (a calendar item) start from `attention_message`."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

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


def password_link_message(user):
    """The e-mail with a one-time link to set a password, in the person's language. Nobody else
    ever types or sees the password; the link works once and for `PASSWORD_RESET_TIMEOUT`."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_set", args=[uid, token])
    context = {"url": site_url(path), "username": user.get_username()}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("email/password_link_subject.txt", context).strip()
        text = render_to_string("email/password_link.txt", context)
        html = render_to_string("email/password_link.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
