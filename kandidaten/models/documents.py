"""Documents a candidate uploads (a CV, a diploma): kept outside the public static path and
served only through a view that checks who asks (``loket.desk.views.documents``)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models.candidate import Candidate


class PrivateStorage(FileSystemStorage):
    """Files under ``LOKET_PRIVATE_MEDIA_ROOT`` (read on every use, so tests can move it); they
    have no public URL: whitenoise and the static path never see them."""

    @property
    def base_location(self):
        return str(settings.LOKET_PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise NotImplementedError("Private files are served by an access-checking view only.")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


def document_path(instance, filename: str) -> str:
    """A random name: neither the candidate's name nor the original file name is on disk."""
    suffix = Path(filename).suffix.lower()
    return f"candidates/{instance.candidate_id}/{uuid.uuid4().hex}{suffix}"


class CandidateDocument(models.Model):
    """A CV or diploma: PDF or DOCX (checked by content), at most 5 MB. Deleted with the record;
    shown on the candidate file and, once the school has invited them, to the school's HR."""

    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        DIPLOMA = "diploma", _("Diploma")

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        DOCX = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
        )

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="documents", verbose_name=_("candidate")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(
        _("file"), upload_to=document_path, storage=get_private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.candidate_id})"

    @property
    def extension(self) -> str:
        return "pdf" if self.content_type == self.ContentType.PDF else "docx"
