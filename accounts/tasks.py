from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import InboxItem, User


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_attention_email(user_id, path, kind="attention"):
    """Tell one person what kind of thing in Zorgwekkend needs them, in their own language."""
    user = User.objects.filter(pk=user_id, is_active=True, is_system=False).first()
    if user is None or not user.email:
        return False
    kinds = dict(InboxItem.Kind.choices)
    context = {
        "url": settings.SITE_URL.rstrip("/") + path,
        "kind": kinds.get(kind, kinds["attention"]),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("email/attention_subject.txt", context).strip()
        text = render_to_string("email/attention.txt", context)
        html = render_to_string("email/attention.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True
