"""The sealed archive holds every uploaded file (the work report's attachment, each signed pledge)
beside the issued documents, each with its SHA-256 in the manifest; the handover list takes rows
of the branch's own (e.g. 办公场所) on the page, in the saved record and in the summary PDF."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from elections import demo
from elections.models import DocumentKind, Phase
from elections.services.approve import renewal_approve_result
from elections.services.archive import archive_save, renewal_seal
from tests.pdf_text import pdftotext

REPORT = b"%PDF-1.4\n% work report\n"
FIXED = ("seals", "files", "funds", "applications")


@pytest.fixture
def archiving(users, renewal):
    """B1's renewal with a work report attached, through the meeting and approved."""
    secretary, approver = users["secretary"], users["approver"]
    renewal = demo.plan(
        renewal, actor=secretary, work_report_file=SimpleUploadedFile("报告.pdf", REPORT)
    )
    renewal = demo.submit_request(renewal, actor=secretary, approver=approver)
    demo.hold_recommendation(renewal, actor=secretary, votes=[8] * 7, present=9)
    renewal = demo.to_vote(
        demo.vet_list(renewal, actor=secretary, approver=approver), actor=secretary
    )
    demo.prepare_meeting(renewal, actor=secretary)
    renewal = demo.hold_meeting(renewal, actor=secretary)
    renewal = renewal_approve_result(actor=approver, renewal=renewal)
    assert renewal.phase == Phase.ARCHIVE
    return renewal


def _bundle(renewal) -> dict[str, bytes]:
    with renewal.archive.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def test_the_archive_holds_every_upload_with_its_hash_in_the_manifest(users, archiving):
    pledges = list(archiving.nominees.exclude(pledge="").select_related("member").order_by("pk"))
    assert pledges
    sealed = demo.seal(archiving, actor=users["secretary"])
    files = _bundle(sealed)
    assert files["附件/上届委员会工作报告.pdf"] == REPORT
    for number, nominee in enumerate(pledges, start=1):
        name = f"附件/承诺书/{number:02d}-{nominee.member.name}.pdf"
        with nominee.pledge.open("rb") as fh:
            assert files[name] == fh.read()
    manifest = files["MANIFEST-SHA256.txt"].decode().splitlines()[1:]
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in manifest}
    assert set(listed) == set(files) - {"MANIFEST-SHA256.txt"}
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name


def test_an_upload_missing_from_storage_stops_the_seal(users, archiving):
    archiving.work_report_file.storage.delete(archiving.work_report_file.name)
    demo_handover = [{"item": code, "handed_by": "甲", "received_by": "乙"} for code in FIXED]
    archive_save(
        actor=users["secretary"], renewal=archiving, summary="总结", handover=demo_handover
    )
    with pytest.raises(ValidationError) as refused:
        renewal_seal(actor=users["secretary"], renewal=archiving)
    assert refused.value.messages == [
        "上传的文件“附件/上届委员会工作报告.pdf”在存储中找不到，不能归档。"
    ]
    archiving.refresh_from_db()
    assert not archiving.sealed_at


def test_an_upload_changed_in_storage_after_it_was_uploaded_stops_the_seal(users, archiving):
    """The audit trail recorded each upload's SHA-256: a file swapped in storage is refused."""
    pledge = archiving.nominees.exclude(pledge="").order_by("pk").first().pledge
    storage, name = pledge.storage, pledge.name
    storage.delete(name)
    assert storage.save(name, io.BytesIO(b"%PDF-1.4\n% another pledge\n")) == name
    handover = [{"item": code, "handed_by": "甲", "received_by": "乙"} for code in FIXED]
    archive_save(actor=users["secretary"], renewal=archiving, summary="总结", handover=handover)
    with pytest.raises(ValidationError) as refused:
        renewal_seal(actor=users["secretary"], renewal=archiving)
    assert "与上传时记录的 SHA-256 不一致" in refused.value.messages[0]
    assert "承诺书" in refused.value.messages[0]
    archiving.refresh_from_db()
    assert not archiving.sealed_at


def _post_handover(client, renewal, **rows):
    data = {"summary": "本次换届顺利完成。"}
    for code in FIXED:
        data |= {f"{code}_handed_by": "上届书记", f"{code}_received_by": "新任书记"}
    return client.post(reverse("elections:archive_save", args=[renewal.pk]), data | rows)


def test_the_branch_adds_handover_rows_of_its_own(client, users, archiving):
    client.force_login(users["secretary"])
    page = client.get(archiving.get_absolute_url()).content.decode()
    assert 'name="own0_label"' in page
    assert 'name="own1_label"' in page
    response = _post_handover(
        client, archiving,
        own0_label="办公场所", own0_handed_by="上届书记", own0_received_by="新任书记",
        own0_note="党员活动室钥匙两把", own1_label="",
    )  # fmt: skip
    assert response.status_code == 302
    archiving.refresh_from_db()
    own = [row for row in archiving.handover if row["item"] == "own"]
    assert own == [
        {"item": "own", "label": "办公场所", "handed_by": "上届书记",
         "received_by": "新任书记", "note": "党员活动室钥匙两把"},
    ]  # fmt: skip
    page = client.get(archiving.get_absolute_url()).content.decode()
    assert 'value="办公场所"' in page  # kept in the form, with two blank rows more
    assert 'name="own2_label"' in page

    sealed = renewal_seal(actor=users["secretary"], renewal=archiving)
    summary = sealed.documents.get(kind=DocumentKind.SUMMARY)
    with summary.file.open("rb") as fh:
        text = pdftotext(fh.read())
    assert "办公场所" in text


def test_an_own_row_needs_a_name_and_both_people(client, users, archiving):
    client.force_login(users["secretary"])
    page = _post_handover(client, archiving, own0_handed_by="上届书记").content.decode()
    assert "其他交接事项：请填写事项名称。" in page
    assert 'value="上届书记"' in page  # what was typed stays
    page = _post_handover(client, archiving, own0_label="办公场所", own0_handed_by="甲")
    assert "办公场所：请同时填写移交人和接收人。" in page.content.decode()
    archiving.refresh_from_db()
    assert not [row for row in archiving.handover if row["item"] == "own"]
