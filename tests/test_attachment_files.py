"""Attachments that reveal nothing: the name must agree with the content, and the stored file
carries a random name in its case's folder; the original name lives in the database only."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AccessLogEntry
from cases.models import Attachment, Case
from cases.services import add_attachment
from cases.uploads import UploadRejected, check_upload
from escalation.services import take_case
from tests.factories import report_case


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
DOCX = _zip({"word/document.xml": "<w:document/>"})
XLSX = _zip({"xl/workbook.xml": "<workbook/>"})
PPTX = _zip({"ppt/presentation.xml": "<p:presentation/>"})
TEXT = b"Gespreksverslag: het gaat beter.\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200

# Every allowed kind: a matching name, the content type it is served as, a wrong name, and
# how the refusal names what the content really is.
KINDS = [
    ("verslag.pdf", PDF, "application/pdf", "verslag.png", "een PDF-document"),
    ("foto.png", PNG, "image/png", "foto.jpg", "een PNG-afbeelding"),
    ("foto.jpg", JPEG, "image/jpeg", "foto.png", "een JPEG-afbeelding"),
    ("foto.jpeg", JPEG, "image/jpeg", "foto.gif", "een JPEG-afbeelding"),
    ("plaatje.gif", GIF, "image/gif", "plaatje.pdf", "een GIF-afbeelding"),
    ("oud.doc", OLE, "application/msword", "oud.docx", "een ouder Office-document"),
    ("oud.xls", OLE, "application/vnd.ms-excel", "oud.xlsx", "een ouder Office-document"),
    ("oud.ppt", OLE, "application/vnd.ms-powerpoint", "oud.pdf", "een ouder Office-document"),
    (
        "verslag.docx",
        DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "verslag.doc",
        "een Word-document",
    ),
    (
        "cijfers.xlsx",
        XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "cijfers.docx",
        "een Excel-werkblad",
    ),
    (
        "dia.pptx",
        PPTX,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "dia.xlsx",
        "een PowerPoint-presentatie",
    ),
    ("verslag.txt", TEXT, "text/plain", "verslag.pdf", "platte tekst"),
    ("lijst.csv", TEXT, "text/plain", "lijst.xls", "platte tekst"),
]
IDS = [kind[0].rsplit(".")[-1] for kind in KINDS]


@pytest.mark.parametrize("name,content,content_type,_wrong,_label", KINDS, ids=IDS)
def test_every_allowed_kind_is_accepted_under_its_own_extension(
    name, content, content_type, _wrong, _label
):
    assert check_upload(SimpleUploadedFile(name, content)) == content_type


@pytest.mark.parametrize("_name,content,_type,wrong,label", KINDS, ids=IDS)
def test_every_allowed_kind_is_refused_under_another_extension(_name, content, _type, wrong, label):
    extension = wrong.rsplit(".")[-1]
    with pytest.raises(UploadRejected) as refused:
        check_upload(SimpleUploadedFile(wrong, content))
    assert f"Dit bestand heet .{extension} maar is {label}" in str(refused.value)


def test_the_extension_is_compared_without_regard_to_case():
    assert check_upload(SimpleUploadedFile("SCAN.PDF", PDF)) == "application/pdf"


def test_a_file_without_an_extension_is_refused_saying_what_it_is():
    with pytest.raises(UploadRejected, match=r"geen extensie maar is een PDF-document.*\.pdf"):
        check_upload(SimpleUploadedFile("verslag", PDF))


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.exe", TEXT, "Dit bestand heet .exe maar is platte tekst"),
        ("notreally.pdf", TEXT, "Dit bestand heet .pdf maar is platte tekst"),
        ("verslag.pdf", EXE, "Dit soort bestand is niet toegestaan"),
        ("setup.exe", EXE, "Dit soort bestand is niet toegestaan"),
    ],
    ids=["text-called-exe", "text-called-pdf", "renamed-executable", "executable"],
)
def test_a_misnamed_or_executable_file_is_refused_on_the_page_and_nothing_is_kept(
    name, content, message, client, case, counsellor, private_root
):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    url = reverse("cases:add_attachment", args=[case.reference])
    response = client.post(url, {"file": upload, "description": "Verslag van het gesprek"})
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Verslag van het gesprek"' in response.text
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in private_root.rglob("*"))


def test_the_stored_file_has_a_random_name_in_the_case_folder(case, counsellor, private_root):
    take_case(case, acting_user=counsellor)
    name = "verslag-Jansen-Pietje.pdf"
    first = add_attachment(
        case, upload=SimpleUploadedFile(name, PDF), description="", acting_user=counsellor
    )
    second = add_attachment(
        case, upload=SimpleUploadedFile(name, PDF), description="", acting_user=counsellor
    )
    for attachment in (first, second):
        stored = attachment.file.name
        folder, _, filename = stored.rpartition("/")
        assert folder == f"cases/{case.pk}"
        assert filename.endswith(".pdf")
        stem = filename.removesuffix(".pdf").lower()
        assert len(stem) == 32
        for part in ("verslag", "jansen", "pietje"):
            assert part not in stored.lower()
        assert (private_root / stored).read_bytes() == PDF
        assert attachment.original_name == name
    assert first.file.name != second.file.name
    files = [p.relative_to(private_root) for p in private_root.rglob("*") if p.is_file()]
    assert sorted(str(p) for p in files) == sorted([first.file.name, second.file.name])


def test_each_case_keeps_its_files_in_its_own_folder(
    case, counsellor, reporter, student, private_root
):
    other = take_case(report_case(reporter=reporter, student=student), acting_user=counsellor)
    take_case(case, acting_user=counsellor)
    mine = add_attachment(
        case, upload=SimpleUploadedFile("a.txt", TEXT), description="", acting_user=counsellor
    )
    theirs = add_attachment(
        other, upload=SimpleUploadedFile("a.txt", TEXT), description="", acting_user=counsellor
    )
    assert mine.file.name.startswith(f"cases/{case.pk}/")
    assert theirs.file.name.startswith(f"cases/{other.pk}/")


def test_the_download_gives_the_original_name_and_is_logged(client, case, counsellor, private_root):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    upload = SimpleUploadedFile("Gesprek met Pietje.docx", DOCX, "application/octet-stream")
    url = reverse("cases:add_attachment", args=[case.reference])
    response = client.post(url, {"file": upload, "description": "Verslag"}, follow=True)
    assert "De bijlage is toegevoegd." in response.text
    attachment = Case.objects.get(pk=case.pk).attachments.get()
    assert "Pietje" not in attachment.file.name

    download = client.get(reverse("cases:download", args=[case.reference, attachment.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="Gesprek met Pietje.docx"'
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert b"".join(download.streaming_content) == DOCX
    row = AccessLogEntry.objects.get(action="download")
    assert (row.part, row.outcome, row.user) == (
        f"attachment:{attachment.pk}",
        "allowed",
        counsellor,
    )


def test_an_attachment_stored_under_the_old_layout_still_downloads(
    client, case, counsellor, private_root
):
    take_case(case, acting_user=counsellor)
    attachment = add_attachment(
        case, upload=SimpleUploadedFile("oud.txt", TEXT), description="", acting_user=counsellor
    )
    # Rows written before the random names point at cases/<year>/<month>/<original name>.
    old_name = "cases/2025/03/verslag-oud.txt"
    (private_root / "cases/2025/03").mkdir(parents=True)
    (private_root / old_name).write_bytes(b"oude inhoud")
    Attachment.objects.filter(pk=attachment.pk).update(file=old_name)
    client.force_login(counsellor)
    download = client.get(reverse("cases:download", args=[case.reference, attachment.pk]))
    assert b"".join(download.streaming_content) == b"oude inhoud"
    assert download["Content-Disposition"] == 'attachment; filename="oud.txt"'
