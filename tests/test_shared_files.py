"""Private files in a bucket every web node shares (issue 20): attachments, generated reports and
directory uploads go to an S3-compatible store — here a real one, moto in server mode, talked to
over HTTP — privately, and reach a browser only through the checked, logged views."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLogEntry
from cases.models import Case
from cases.services import add_attachment
from core.storage import private_storage
from directory import services as directory_services
from escalation import services as ladder
from escalation.models import CloseOutcome
from escalation.services import take_case
from programme.models import PeriodicReport
from retention.services import apply_retention
from tests.factories import ProgrammeFactory
from tests.s3_helpers import ACCESS_KEY, SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, case, name, content):
    url = reverse("cases:add_attachment", args=[case.reference])
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    return client.post(url, {"file": upload, "description": "Verslag"}, follow=True)


def test_an_attachment_added_on_the_page_is_an_object_under_its_random_name(
    client, case, counsellor, s3_server, s3_bucket, settings
):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    response = _upload(client, case, "verslag-Jansen.pdf", PDF)
    assert "De bijlage is toegevoegd." in response.text
    attachment = Case.objects.get(pk=case.pk).attachments.get()

    name = attachment.file.name
    assert s3_server.keys(s3_bucket) == [name]
    assert name.startswith(f"cases/{case.pk}/") and name.endswith(".pdf")
    assert "jansen" not in name.lower() and "verslag" not in name
    assert s3_server.read(s3_bucket, name) == PDF
    assert not (settings.PRIVATE_FILES_ROOT / name).exists()

    download = client.get(reverse("cases:download", args=[case.reference, attachment.pk]))
    assert download.streaming
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="verslag-Jansen.pdf"'
    row = AccessLogEntry.objects.get(action="download")
    assert (row.part, row.outcome) == (f"attachment:{attachment.pk}", "allowed")


def test_a_large_file_streams_back_whole_in_pieces(client, case, counsellor, s3_bucket):
    take_case(case, acting_user=counsellor)
    content = b"".join(b"regel %07d van het verslag\n" % i for i in range(100_000))  # ~2.7 MB
    upload = SimpleUploadedFile("lang.txt", content)
    attachment = add_attachment(case, upload=upload, description="", acting_user=counsellor)
    client.force_login(counsellor)
    download = client.get(reverse("cases:download", args=[case.reference, attachment.pk]))
    pieces = list(download.streaming_content)
    assert len(pieces) > 1
    assert b"".join(pieces) == content


def test_no_page_gives_the_browser_an_address_of_the_store(
    client, case, counsellor, s3_server, s3_bucket
):
    take_case(case, acting_user=counsellor)
    client.force_login(counsellor)
    page = _upload(client, case, "verslag.txt", b"Gesprek").text
    attachment = Case.objects.get(pk=case.pk).attachments.get()
    download = client.get(reverse("cases:download", args=[case.reference, attachment.pk]))
    assert reverse("cases:download", args=[case.reference, attachment.pk]) in page
    for seen in (page, str(download.headers)):
        for telltale in (f":{s3_server.port}", s3_bucket, "X-Amz-", "AWSAccessKeyId", ACCESS_KEY):
            assert telltale not in seen
    with pytest.raises(NotImplementedError):
        private_storage().url(attachment.file.name)


def test_the_local_folder_makes_no_address_either(private_root):
    with pytest.raises(NotImplementedError):
        private_storage().url("cases/1/x.pdf")


def test_objects_are_written_private(case, counsellor, s3_server, s3_bucket):
    take_case(case, acting_user=counsellor)
    upload = SimpleUploadedFile("a.txt", b"inhoud")
    attachment = add_attachment(case, upload=upload, description="", acting_user=counsellor)
    acl = s3_server.client().get_object_acl(Bucket=s3_bucket, Key=attachment.file.name)
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert all("URI" not in grant["Grantee"] for grant in acl["Grants"])  # no AllUsers group


def test_a_file_refused_by_the_rules_leaves_no_object(case, dean, s3_server, s3_bucket):
    from cases.services import CaseActionRefused

    with pytest.raises(CaseActionRefused):
        add_attachment(
            case, upload=SimpleUploadedFile("a.pdf", PDF), description="", acting_user=dean
        )
    assert s3_server.keys(s3_bucket) == []


def test_an_object_gone_from_the_bucket_is_a_404_not_a_crash(
    client, case, counsellor, s3_server, s3_bucket
):
    take_case(case, acting_user=counsellor)
    upload = SimpleUploadedFile("a.txt", b"inhoud")
    attachment = add_attachment(case, upload=upload, description="", acting_user=counsellor)
    s3_server.client().delete_object(Bucket=s3_bucket, Key=attachment.file.name)
    client.force_login(counsellor)
    response = client.get(reverse("cases:download", args=[case.reference, attachment.pk]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.get(action="download").outcome == "denied"


def test_a_generated_report_is_kept_in_the_bucket_and_served_by_its_view(
    client, training_coordinator, board_member, s3_server, s3_bucket
):
    client.force_login(training_coordinator)
    for _ in range(2):
        response = client.post(reverse("programme:generate_report"), {"periode": ""})
        assert response.status_code == 302
    first, second = PeriodicReport.objects.order_by("pk")
    # Two reports of one period are two objects: the second never overwrites the first.
    assert s3_server.keys(s3_bucket) == sorted([first.file.name, second.file.name])
    assert first.file.name != second.file.name

    client.force_login(board_member)
    listing = client.get(reverse("programme:report_list")).text
    assert s3_bucket not in listing and f":{s3_server.port}" not in listing
    download = client.get(reverse("programme:report_download", args=[first.pk]))
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert content == s3_server.read(s3_bucket, first.file.name)


def test_retention_removes_the_object_with_the_case(
    case, counsellor, s3_server, s3_bucket, django_capture_on_commit_callbacks
):
    take_case(case, acting_user=counsellor)
    upload = SimpleUploadedFile("verslag.txt", b"gesprek")
    add_attachment(case, upload=upload, description="", acting_user=counsellor)
    ladder.close_case(
        Case.objects.get(pk=case.pk),
        outcome=CloseOutcome.NO_FURTHER_ACTION,
        reason="Afgerond",
        acting_user=counsellor,
    )
    assert len(s3_server.keys(s3_bucket)) == 1
    later = timezone.localdate() + datetime.timedelta(days=366 * 6)
    with django_capture_on_commit_callbacks(execute=True):
        results = apply_retention(today=later)
    assert [r.case.pk for r, _tombstone in results] == [case.pk]
    assert s3_server.keys(s3_bucket) == []


def test_a_directory_upload_waits_in_the_bucket_until_it_is_applied(
    unit, functional_admin, s3_server, s3_bucket, django_capture_on_commit_callbacks
):
    ProgrammeFactory(code="SW", name="Social Work", parent=unit.parent)
    data = (
        b"studentnummer;voornaam;achternaam;opleidingscode;eenheid;ingeschreven_vanaf;"
        b"ingeschreven_tot\n5001;Noor;Veenstra;VPK;;;\n"
    )
    run, plan = directory_services.start_upload(
        data=data,
        file_name="studenten.csv",
        kind="students",
        full_export=False,
        acting_user=functional_admin,
    )
    assert s3_server.keys(s3_bucket) == [run.stored_file]
    assert re.fullmatch(r"imports/[0-9a-f]{32}\.csv", run.stored_file)
    assert s3_server.read(s3_bucket, run.stored_file) == data
    with django_capture_on_commit_callbacks(execute=True):
        directory_services.apply_upload(
            run, expected_digest=plan.digest(), acting_user=functional_admin
        )
    assert s3_server.keys(s3_bucket) == []


# --- Configuration from the environment ------------------------------------------------------


def _manage(*args, env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env,named",
    [
        ({"ZW_S3_BUCKET": "zw"}, ["ZW_S3_ACCESS_KEY_ID", "ZW_S3_SECRET_ACCESS_KEY"]),
        ({"ZW_S3_ENDPOINT_URL": "http://minio:9000"}, ["ZW_S3_BUCKET", "ZW_S3_ACCESS_KEY_ID"]),
        (
            {"ZW_S3_BUCKET": "zw", "ZW_S3_ACCESS_KEY_ID": "k", "ZW_S3_REGION": "eu-west-1"},
            ["ZW_S3_SECRET_ACCESS_KEY"],
        ),
        (
            {
                "ZW_S3_BUCKET": "zw",
                "ZW_S3_ACCESS_KEY_ID": "k",
                "ZW_S3_SECRET_ACCESS_KEY": "s",
                "ZW_S3_ENDPOINT_URL": "minio:9000",
            },
            ["ZW_S3_ENDPOINT_URL"],
        ),
    ],
    ids=["bucket-only", "endpoint-only", "no-secret", "endpoint-without-scheme"],
)
def test_a_partial_or_bad_bucket_configuration_stops_the_start(env, named):
    result = _manage("check", env=env)
    assert result.returncode != 0
    for variable in named:
        assert variable in result.stderr


def test_the_bucket_named_in_the_environment_is_where_files_go(s3_server):
    bucket = s3_server.new_bucket()
    env = {
        "ZW_S3_BUCKET": bucket,
        "ZW_S3_ENDPOINT_URL": s3_server.endpoint,
        "ZW_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "ZW_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "ZW_S3_REGION": "eu-west-1",
    }
    script = (
        "from django.core.files.base import ContentFile; "
        "from core.storage import private_storage; "
        "print(private_storage().save('probe/x.txt', ContentFile(b'hallo')))"
    )
    result = _manage("shell", "-v", "0", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert s3_server.keys(bucket) == [result.stdout.strip()]
    assert s3_server.read(bucket, "probe/x.txt") == b"hallo"
