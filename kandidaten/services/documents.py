"""Documents a candidate uploads: only PDF or DOCX, recognised by their content (a renamed
program is refused), at most ``LOKET_DOCUMENT_MAX_BYTES``; stored under a random name outside
the public path (``kandidaten.models.documents``)."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Candidate, CandidateDocument
from kandidaten.models.documents import private_storage

MAX_DOCUMENTS = 10
Types = CandidateDocument.ContentType


def sniff_type(upload) -> str | None:
    """The document's real type from its first bytes and, for DOCX, its inner structure; None
    for anything else (whatever its name says)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return Types.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return Types.DOCX
    return None


@transaction.atomic
def document_upload(*, candidate: Candidate, kind: str, upload) -> CandidateDocument:
    """Store one document, or refuse it with a message and store nothing."""
    if candidate.is_anonymised:
        raise ValidationError(_("This record has been anonymised."))
    if upload.size > settings.LOKET_DOCUMENT_MAX_BYTES:
        raise ValidationError(_("This file is larger than 5 MB. Upload a smaller file."))
    if upload.size == 0:
        raise ValidationError(_("This file is empty."))
    content_type = sniff_type(upload)
    if content_type is None:
        raise ValidationError(
            _("Only PDF and Word (.docx) documents can be uploaded; this file is neither.")
        )
    if candidate.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(_("You have uploaded 10 documents; remove one first."))
    extension = ".pdf" if content_type == Types.PDF else ".docx"
    name = (upload.name or "document").rsplit("/", 1)[-1][:150]
    document = CandidateDocument(
        candidate=candidate,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=upload.size,
    )
    document.file.save(f"upload{extension}", upload, save=False)
    # If the row cannot be written, the file must not stay behind.
    stored = document.file.name
    try:
        document.save()
    except Exception:
        private_storage.delete(stored)
        raise
    return document


@transaction.atomic
def document_delete(*, candidate: Candidate, document: CandidateDocument) -> None:
    if document.candidate_id != candidate.pk:
        raise ValidationError(_("This is not your document."))
    name = document.file.name
    document.delete()
    transaction.on_commit(lambda: private_storage.delete(name))
