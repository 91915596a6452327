"""Two-step sign-in (TOTP, django-otp): who needs it, enrolment, backup codes, checking a code.

Who needs it: with `ZW_MFA_REQUIRED` on (production's default), everyone whose role reaches case
data or the access log — counsellor, dean, care team, board, contact officer, privacy officer —
and those who hand out such roles: the functional administrator and any superuser. Reporters,
trainers and training coordinators see no case content and sign in with their password only.
"""

import logging
import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import CASE_REACHING_ROLES

logger = logging.getLogger(__name__)

MFA_ROLES = CASE_REACHING_ROLES
BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"
_TOTP_CODE = re.compile(r"^\d{6}$")


def mfa_required_for(user):
    """Whether this person must pass a second factor before they reach anything."""
    if not settings.ZW_MFA_REQUIRED or not user.is_active:
        return False
    return user.is_superuser or bool(user.role_codes & MFA_ROLES)


def is_verified(request):
    """Whether this session passed the second factor (django-otp's middleware tells)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def mfa_pending(request):
    return mfa_required_for(request.user) and not is_verified(request)


def has_confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(user):
    """The not yet confirmed authenticator-app key of this enrolment (made once, then reused,
    so reloading the page does not change the QR code under the person's phone)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device, *, label):
    """The device's otpauth:// address as an inline SVG QR code, drawn on the server (no image
    service sees the key), 220 pixels square, on white, with `label` as its text alternative."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    svg = image.to_string(encoding="unicode")
    opening = f'<svg width="220" height="220" role="img" aria-label="{escape(label)}"'
    return mark_safe(re.sub(r"^<svg width=\"[^\"]*\" height=\"[^\"]*\"", opening, svg))  # noqa: S308


def secret_for_typing(device):
    """The same key as the QR code, base32 in groups of four, for typing into an app."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def confirm_app_device(device, *, code):
    """Finish enrolment when the app's first code is right; returns the new backup codes, or
    None when the code is wrong. Any earlier app key of the person stops working."""
    with transaction.atomic():
        if not device.verify_token(_normalised(code)):
            logger.warning("Two-step enrolment: wrong code for user %s", device.user_id)
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        return new_backup_codes(device.user)


def new_backup_codes(user):
    """Replace the person's one-time backup codes; the old ones stop working at once. The codes
    are returned to be shown once: only django-otp's table holds them after that."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def check_second_factor(user, code):
    """The device that accepts this code (six digits from the app, or an unused backup code,
    which is then spent), or None. django-otp slows down repeated wrong guesses per device."""
    code = _normalised(code)
    if _TOTP_CODE.match(code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices:
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    logger.warning("Two-step sign-in: wrong code for user %s", user.pk)
    return None


def reset_second_factor(user):
    """Remove the person's app key and backup codes (a lost phone); they enrol again at their
    next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _normalised(code):
    return re.sub(r"[\s-]", "", str(code or "")).lower()
