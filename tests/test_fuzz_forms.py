"""Fuzzed input on the product's forms: long strings, Unicode, empty values, wrong types, huge
numbers, HTML and SQL fragments and NUL bytes. Never a server error, and a rejected post saves
nothing (row counts of every product table, history included, are unchanged). Uploads refuse a
renamed executable, an oversized file and a zip bomb."""

import io
import re
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Attachment
from cases.uploads import UploadRejected, check_upload
from escalation.services import take_case
from tests.escalation_helpers import fresh, ready_to_escalate
from tests.factories import report_case
from tests.overleg_helpers import plan

PRODUCT_APPS = {
    "accounts", "cases", "escalation", "overleg", "incidents", "training", "network",
    "directory", "retention", "programme",
}  # fmt: skip
NASTY = [
    "",
    " ",
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE cases_case; --",
    "\x00",
    "9" * 40,
    "-1",
    "1e309",
    "2026-02-30",
    "ZW-9999-9999",
    "😀" * 50,
    "x" * 5000,
    "<img src=x onerror=alert(1)>",
    "../../etc/passwd",
    "true",
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.lists(st.sampled_from(NASTY), max_size=3),
)


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PRODUCT_APPS and model._meta.model_name != "inboxitem"
    }


def _field_names(html):
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))
    return sorted(names - {"csrfmiddlewaretoken"})


@pytest.fixture
def world(reporter, counsellor, dean, care_team_member, training_coordinator, privacy_officer):
    case = take_case(report_case(reporter=reporter, unit=counsellor.units.first()),
                     acting_user=counsellor)  # fmt: skip
    ready_to_escalate(case, counsellor)
    meeting = plan(dean, people=[care_team_member])
    return {"case": fresh(case), "meeting": meeting}


# (URL name, persona who may use the form, which object the address names)
FORMS = [
    ("cases:report", "reporter", None),
    ("cases:student_search", "reporter", None),
    ("cases:add_entry", "counsellor", "case"),
    ("escalation:assign_handler", "dean", "case"),
    ("cases:team", "counsellor", "case"),
    ("cases:link_student", "counsellor", "case"),
    ("escalation:sign_framework1", "counsellor", "case"),
    ("escalation:sign_framework2", "counsellor", "case"),
    ("escalation:request", "counsellor", "case"),
    ("escalation:close", "counsellor", "case"),
    ("escalation:acute", "counsellor", "case"),
    ("overleg:meeting_create", "dean", None),
    ("overleg:meeting_edit", "dean", "meeting"),
    ("incidents:create", "dean", None),
    ("training:course_create", "training_coordinator", None),
    ("training:team_request_create", "reporter", None),
    ("network:article_create", "training_coordinator", None),
    ("network:partner_create", "functional_admin", None),
    ("retention:set_hold", "privacy_officer", None),
    ("subject_access:search", "privacy_officer", None),
]


def _url(name, target, world):
    if target == "case":
        return reverse(name, args=[world["case"].reference])
    if target == "meeting":
        return reverse(name, args=[world["meeting"].pk])
    return reverse(name)


@pytest.mark.parametrize("name,persona_name,target", FORMS, ids=[f[0] for f in FORMS])
def test_fuzzed_posts_never_fail_and_never_half_save(
    name, persona_name, target, world, client, request
):
    user = request.getfixturevalue(persona_name)
    client.force_login(user)
    url = _url(name, target, world)
    page = client.get(url)
    fields = _field_names(page.content.decode()) if page.status_code == 200 else []
    assert fields or page.status_code == 405, f"{name}: no form fields found"

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.fixed_dictionaries(dict.fromkeys(fields, VALUES)), extra=VALUES)
    def post(data, extra):
        before = _row_counts()
        response = client.post(url, {**data, "onverwacht": extra})
        assert response.status_code < 500, f"{name}: {response.status_code}"
        if response.status_code != 302:  # refused: nothing of it may remain
            assert _row_counts() == before, f"{name}: a refused post changed rows"

    post()


# --- Uploads -------------------------------------------------------------------------------


def _docx(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


def test_an_ordinary_office_document_is_accepted():
    upload = SimpleUploadedFile("verslag.docx", _docx({"word/document.xml": "<w:document/>"}))
    assert check_upload(upload).endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "filename,content,message",
    [
        ("verslag.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "niet toegestaan"),
        ("foto.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "niet toegestaan"),
        ("bom.docx", _docx({"word/document.xml": b"\x00" * 20_000_000}), "pakt uit"),
    ],
    ids=["renamed-windows-executable", "renamed-linux-executable", "zip-bomb"],
)
def test_dangerous_uploads_are_refused_and_nothing_is_saved(
    filename, content, message, client, counsellor, case, private_root
):
    with pytest.raises(UploadRejected, match=message):
        check_upload(SimpleUploadedFile(filename, content))
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    upload = SimpleUploadedFile(filename, content, "application/pdf")
    url = reverse("cases:add_attachment", args=[case.reference])
    response = client.post(url, {"file": upload, "description": "bijlage"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(private_root.rglob("*.*"))


def test_an_oversized_file_is_refused(settings, client, counsellor, case, private_root):
    settings.ZW_ATTACHMENT_MAX_BYTES = 1024 * 1024
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    upload = SimpleUploadedFile("groot.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))
    url = reverse("cases:add_attachment", args=[case.reference])
    response = client.post(url, {"file": upload, "description": ""})
    assert "te groot" in response.content.decode()
    assert not Attachment.objects.exists()
