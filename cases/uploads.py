"""Checking uploaded files by their content against the allow-list, never by name alone."""

import zipfile

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.errors import InvalidChange


class UploadRejected(InvalidChange):
    """The file is too large or not of an allowed type; nothing was saved."""

    def __init__(self, message):
        super().__init__(message, field="file")


_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _sniff(head, upload):
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"  # legacy Office (doc, xls, ppt) compound file
    if head.startswith(b"PK\x03\x04"):
        return _sniff_ooxml(upload)
    return _sniff_text(upload)


# An Office document is a zip archive. One that unpacks to far more than it weighs is a zip
# bomb: it would fill the memory or disk of whatever opens it (a preview, a virus scanner).
_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_MAX_RATIO = 100
_MAX_MEMBERS = 10_000


def _sniff_ooxml(upload):
    try:
        infos = zipfile.ZipFile(upload).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    _refuse_zip_bomb(infos, packed=upload.size)
    names = [info.filename for info in infos]
    if "[Content_Types].xml" not in names:
        return None
    for prefix, content_type in _OOXML.items():
        if any(name.startswith(prefix) for name in names):
            return content_type
    return None


def _refuse_zip_bomb(infos, *, packed):
    unpacked = sum(info.file_size for info in infos)
    if (
        len(infos) > _MAX_MEMBERS
        or unpacked > _MAX_UNPACKED_BYTES
        or unpacked > _MAX_RATIO * max(packed, 1)
    ):
        raise UploadRejected(
            _(
                "Dit document pakt uit tot veel meer dan het weegt en is daarom geweigerd. "
                "Sla het opnieuw op of voeg het toe als PDF."
            )
        )


def _sniff_text(upload):
    upload.seek(0)
    data = upload.read()
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def check_upload(upload):
    """Return the content type of an allowed file, or raise UploadRejected with the reason."""
    limit = settings.ZW_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise UploadRejected(
            _("Dit bestand is te groot (%(size)s MB). Het maximum is %(limit)s MB.")
            % {"size": number_format(round(upload.size / 1048576, 1), 1), "limit": limit // 1048576}
        )
    upload.seek(0)
    content_type = _sniff(upload.read(8), upload)
    upload.seek(0)
    if content_type is None:
        raise UploadRejected(
            _(
                "Dit soort bestand is niet toegestaan. Voeg een PDF, afbeelding, Office-document "
                "of tekstbestand toe."
            )
        )
    return content_type
