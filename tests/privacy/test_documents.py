"""Documents: PDF or DOCX by content, at most 5 MB, stored outside the static path, served only
to the candidate, their desk and an HR officer who invited them."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kandidaten.models import CandidateAccess, CandidateDocument
from loket.desk.models import Proposal, ProposalStatus
from tests.desk.conftest import login
from tests.factories import SchoolFactory
from tests.kandidaten.factories import CandidateFactory
from tests.privacy.conftest import PDF
from tests.vacatures.factories import desk_staff_of, hr_officer_for

pytestmark = pytest.mark.django_db


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, name: str, content: bytes, kind: str = "cv"):
    return client.post(
        reverse("kandidaten:upload_document"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_and_a_docx_are_stored_outside_the_static_path(candidate, client, private_media):
    login(client, candidate.user)
    assert upload(client, "mijn cv.pdf", PDF).status_code == 302
    assert upload(client, "diploma.docx", docx_bytes(), kind="diploma").status_code == 302
    documents = list(CandidateDocument.objects.order_by("pk"))
    assert [d.content_type.split("/")[-1][:3] for d in documents] == ["pdf", "vnd"]
    for document in documents:
        path = document.file.path
        assert path.startswith(str(private_media))
        assert "mijn cv" not in path and "static" not in path
    assert documents[0].original_name == "mijn cv.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),  # a Windows program, renamed
        ("cv.docx", b"PK\x03\x04" + b"not really a zip"),
        ("cv.docx", b""),
        ("cv.txt", b"just text"),
    ],
)
def test_other_types_are_refused_by_content_and_nothing_is_stored(
    candidate, client, private_media, name, content
):
    login(client, candidate.user)
    response = upload(client, name, content)
    assert response.status_code == 400
    assert not CandidateDocument.objects.exists()
    assert not private_media.exists() or not any(private_media.rglob("*.*"))
    assert "errorlist" in response.content.decode()


def test_a_pdf_renamed_exe_is_still_a_pdf_but_an_exe_renamed_pdf_is_refused(candidate, client):
    login(client, candidate.user)
    refused = upload(client, "cv.pdf", b"MZ" + b"\x00" * 64)
    assert "Only PDF and Word" in refused.content.decode()
    assert upload(client, "cv.exe", PDF).status_code == 302
    assert CandidateDocument.objects.get().file.name.endswith(".pdf")


def test_more_than_5_mb_is_refused(candidate, client, settings):
    login(client, candidate.user)
    big = PDF + b"0" * (5 * 1024 * 1024)
    response = upload(client, "big.pdf", big)
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    assert not CandidateDocument.objects.exists()


@pytest.fixture
def document(candidate, client):
    login(client, candidate.user)
    upload(client, "cv.pdf", PDF)
    client.logout()
    return CandidateDocument.objects.get()


def fetch(client, user, document):
    client.logout()
    login(client, user)
    return client.get(reverse("document", args=[document.pk]))


def test_who_may_fetch_the_file(document, client, candidate, guide, hr, school, vacancy, region):
    other_region_staff = desk_staff_of(CandidateFactory().region)
    other_candidate = CandidateFactory(region=region)
    own = fetch(client, candidate.user, document)
    assert own.status_code == 200
    assert b"".join(own.streaming_content).startswith(b"%PDF-")
    assert own["Content-Type"] == "application/pdf"
    assert fetch(client, guide, document).status_code == 200
    assert fetch(client, other_region_staff, document).status_code == 404
    assert fetch(client, other_candidate.user, document).status_code == 404
    # HR: not before inviting (a proposal that only waits is not enough) …
    proposal = Proposal.objects.create(
        candidate=candidate, vacancy=vacancy, school=school, motivation="m" * 30, proposed_by=guide
    )
    assert fetch(client, hr, document).status_code == 404
    hr_page = client.get(reverse("vacatures:hr_proposal", args=[proposal.pk])).content.decode()
    assert reverse("document", args=[document.pk]) not in hr_page
    # … but after the invitation, on the proposal page and by the link.
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.INVITED, interview_at=timezone.now()
    )
    assert fetch(client, hr, document).status_code == 200
    hr_page = client.get(reverse("vacatures:hr_proposal", args=[proposal.pk])).content.decode()
    assert reverse("document", args=[document.pk]) in hr_page


def test_hr_of_another_school_gets_404(document, client, candidate, guide, school, vacancy):
    other = hr_officer_for(school=SchoolFactory())
    Proposal.objects.create(
        candidate=candidate,
        vacancy=vacancy,
        school=school,
        motivation="m" * 30,
        proposed_by=guide,
        status=ProposalStatus.INVITED,
        interview_at=timezone.now(),
    )
    assert fetch(client, other, document).status_code == 404


def test_the_file_shows_the_documents_and_staff_downloads_are_logged(document, client, guide):
    login(client, guide)
    page = client.get(reverse("desk:candidate", args=[document.candidate_id])).content.decode()
    assert reverse("document", args=[document.pk]) in page
    client.get(reverse("document", args=[document.pk]))
    assert CandidateAccess.objects.filter(
        candidate=document.candidate, what="document", user=guide
    ).exists()


def test_the_candidate_removes_a_document_and_the_file_goes(
    document, client, candidate, django_capture_on_commit_callbacks
):
    path = document.file.path
    login(client, candidate.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("kandidaten:delete_document", args=[document.pk]))
    assert not CandidateDocument.objects.exists()
    assert not os.path.exists(path)
