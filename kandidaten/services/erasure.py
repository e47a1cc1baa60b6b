"""Erasure (AVG art. 17): a candidate's record anonymised in one transaction, by the candidate,
by the desk on their request, or by the retention task.

What stays is an anonymous row that keeps the region's figures right: region, phase and phase
history (without notes), sectors, subjects, source, teaching level, placements, consent history
(kinds and versions), event registrations and the access log. Everything else goes: name,
email, phone, postcode, coordinates, date of birth, every free text, qualifications, documents,
mail addresses and bodies, the account's addresses and second factors. The account can no
longer sign in (inactive, unusable password, an address that reaches nobody).

The desk's records (contacts, notes, proposals, referrals, assessments) are anonymised by the
desk's handler of ``hooks.candidate_erasing``, in this same transaction: an error anywhere rolls
everything back and the record stays as it was. Files are removed only after the commit.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from kandidaten import hooks
from kandidaten.models import (
    Candidate,
    CandidateDocument,
    DuplicateFlag,
    ErasureRecord,
)
from kandidaten.models.documents import private_storage
from loket.core.mail.outbox import mail_queue
from loket.core.mail.preferences import outbox_forget_person
from loket.core.models import MailPreference, MailReason, OutgoingMail, User

# What the anonymous row keeps: the figures of the region (README, "Privacy").
BLANKED_FIELDS = {
    "full_name": "",
    "phone": "",
    "date_of_birth": None,
    "postcode": "",
    "lives_abroad": False,
    "latitude": None,
    "longitude": None,
    "education": "",
    "field_of_study": "",
    "field_related": "",
    "situation": "",
    "occupation": "",
    "years_experience": None,
    "dutch_level": "",
    "has_school_job": False,
    "hours_per_week": None,
    "earliest_start": None,
    "max_travel_km": None,
    "trial_day_interest": False,
    "consent_desk": False,
    "consent_region_schools": False,
    "consent_other_regions": False,
    "source_detail": "",
    "utm": {},
    "guide": None,
    "dropout_reason": "",
    "intake_requested_at": None,
    "next_action": "",
    "next_action_on": None,
    "retention_warned_at": None,
    "removal_due_on": None,
}


def anonymous_email(user: User) -> str:
    """An address that reaches nobody (``.invalid`` is reserved) and says nothing of the person."""
    return f"removed-{user.pk}@anonymised.invalid"


def personal_values(candidate: Candidate) -> list[str]:
    """The strings that identify the candidate, to find them in text that others own (a mail
    to the guide that names them)."""
    user = candidate.user
    values = {candidate.full_name, user.full_name, user.email, candidate.phone}
    return sorted((v for v in values if v and len(v) >= 4), key=len, reverse=True)


def _forget_mail_mentions(values: list[str]) -> int:
    """Mail to others (a guide's digest, HR's proposal mail) that names the candidate keeps its
    log line but loses subject and text."""
    if not values:
        return 0
    mentions = Q()
    for value in values:
        for variant in {value, str(escape(value))}:
            mentions |= (
                Q(subject__icontains=variant)
                | Q(body_text__icontains=variant)
                | Q(body_html__icontains=variant)
                | Q(to_email__iexact=variant)
            )
    return OutgoingMail.objects.filter(mentions).update(
        subject="", body_text="", body_html="", sealed="", last_error=""
    )


def _forget_admin_log(candidate: Candidate) -> None:
    """The admin's history names the object as it was ("Noor El Amrani"): keep the line, not
    the name."""
    for model, pk in ((Candidate, candidate.pk), (User, candidate.user_id)):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        ).update(object_repr="—", change_message="")


def _delete_files_after_commit(names: list[str]) -> None:
    def delete():
        for name in names:
            private_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor: User | None, reason: str) -> ErasureRecord:
    """Anonymise one candidate's record everywhere, all or nothing (see the module docstring).

    ``actor`` is the member of staff who does it on the candidate's request, or None for the
    candidate themselves and the retention task; ``reason`` is an ``ErasureReason``. The
    candidate gets a confirmation at the address they had; that outbox row is blanked once the
    message is sent. Refused for a record that is already anonymised.
    """
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("user", "region")
        .get(pk=candidate.pk)
    )
    if candidate.is_anonymised:
        raise ValidationError(_("This record has already been anonymised."), code="anonymised")
    user = candidate.user
    address, language, region = user.email, user.language, candidate.region
    values = personal_values(candidate)

    # The desk first: it withdraws what is open and tells HR and the other desk (no names).
    hooks.candidate_erasing.call(candidate=candidate, actor=actor)

    candidate.phase_events.update(note="")
    candidate.appointments.update(location="", note="")
    candidate.qualifications.all().delete()
    DuplicateFlag.objects.filter(Q(candidate=candidate) | Q(looks_like=candidate)).delete()
    documents = CandidateDocument.objects.filter(candidate=candidate)
    _delete_files_after_commit([d.file.name for d in documents])
    documents.delete()

    now = timezone.now()
    Candidate.objects.filter(pk=candidate.pk).update(**BLANKED_FIELDS, anonymised_at=now)

    outbox_forget_person(user=user)
    _forget_mail_mentions(values)
    _forget_admin_log(candidate)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    MailPreference.objects.filter(user=user).delete()
    user.email = anonymous_email(user)
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])

    record = ErasureRecord.objects.create(candidate=candidate, reason=reason, by=actor)
    # The last message to them; sent to the address they had and forgotten once it is sent.
    mail_queue(
        recipient=address,
        reason=MailReason.DATA_REMOVED,
        key=f"data_removed:{candidate.pk}",
        context={"by_retention": reason == "retention"},
        region=region,
        essential=True,
        language=language,
        forget_after_send=True,
    )
    return record
