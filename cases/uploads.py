"""Checking uploaded files by their content against the allow-list, never by name alone: the
content decides what a file is, and its name must say the same."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidChange


class UploadRejected(InvalidChange):
    """The file is too large or not of an allowed type; nothing was saved."""

    def __init__(self, message):
        super().__init__(message, field="file")


@dataclass(frozen=True)
class Kind:
    """One allowed kind of content: how to name it to a person, and the extensions a file of
    this kind may carry, each with the content type it is served as."""

    label: Promise
    extensions: dict


_OOXML_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_OOXML_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_OOXML_SLIDES = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# The allow-list. Signatures are checked by hand rather than with libmagic: the list is short,
# the answer must not depend on which libmagic version a machine has, and the container image
# needs no extra system library.
KINDS = {
    "pdf": Kind(gettext_lazy("een PDF-document"), {"pdf": "application/pdf"}),
    "png": Kind(gettext_lazy("een PNG-afbeelding"), {"png": "image/png"}),
    "jpeg": Kind(gettext_lazy("een JPEG-afbeelding"), {"jpg": "image/jpeg", "jpeg": "image/jpeg"}),
    "gif": Kind(gettext_lazy("een GIF-afbeelding"), {"gif": "image/gif"}),
    # Word, Excel and PowerPoint before 2007 share one container format (OLE compound file).
    "ole": Kind(
        gettext_lazy("een ouder Office-document (doc, xls of ppt)"),
        {
            "doc": "application/msword",
            "xls": "application/vnd.ms-excel",
            "ppt": "application/vnd.ms-powerpoint",
        },
    ),
    "docx": Kind(gettext_lazy("een Word-document"), {"docx": _OOXML_WORD}),
    "xlsx": Kind(gettext_lazy("een Excel-werkblad"), {"xlsx": _OOXML_SHEET}),
    "pptx": Kind(gettext_lazy("een PowerPoint-presentatie"), {"pptx": _OOXML_SLIDES}),
    "text": Kind(gettext_lazy("platte tekst"), {"txt": "text/plain", "csv": "text/plain"}),
}
ALLOWED_EXTENSIONS = frozenset(ext for kind in KINDS.values() for ext in kind.extensions)

_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def extension_of(name):
    """The extension of a file name, lower case and without the dot ("" when there is none)."""
    return PurePath(name).suffix[1:].lower()


def _sniff(head, upload):
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
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
    for prefix, kind in _OOXML.items():
        if any(name.startswith(prefix) for name in names):
            return kind
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
    return "text"


def check_upload(upload):
    """Return the content type of an allowed file, or raise UploadRejected with the reason."""
    limit = settings.ZW_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise UploadRejected(
            _("Dit bestand is te groot (%(size)s MB). Het maximum is %(limit)s MB.")
            % {"size": number_format(round(upload.size / 1048576, 1), 1), "limit": limit // 1048576}
        )
    upload.seek(0)
    kind = _sniff(upload.read(8), upload)
    upload.seek(0)
    if kind is None:
        raise UploadRejected(
            _(
                "Dit soort bestand is niet toegestaan. Voeg een PDF, afbeelding, Office-document "
                "of tekstbestand toe."
            )
        )
    return _content_type_named(KINDS[kind], extension_of(upload.name))


def _content_type_named(kind, extension):
    """The content type for a file of this kind under this name; refused when the name's
    extension says something else than the content (a text file called notreally.pdf)."""
    if extension in kind.extensions:
        return kind.extensions[extension]
    expected = ", ".join(f".{ext}" for ext in kind.extensions)
    if not extension:
        raise UploadRejected(
            _(
                "Dit bestand heeft geen extensie maar is %(kind)s. Geef het de juiste extensie "
                "(%(expected)s) en voeg het opnieuw toe."
            )
            % {"kind": kind.label, "expected": expected}
        )
    raise UploadRejected(
        _(
            "Dit bestand heet .%(extension)s maar is %(kind)s. Geef het de juiste extensie "
            "(%(expected)s) of kies een ander bestand."
        )
        % {"extension": extension[:20], "kind": kind.label, "expected": expected}
    )
