"""Consent, recorded with the privacy statement's version, and the access log (who saw whose
data)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten import hooks
from kandidaten.models import (
    Candidate,
    CandidateAccess,
    ConsentKind,
    ConsentRecord,
    DropoutReason,
    Phase,
    PrivacyStatement,
)
from kandidaten.services.journey import candidate_change_phase, system_note
from loket.core.models import User

_CONSENT_FIELD = {
    ConsentKind.DESK: "consent_desk",
    ConsentKind.REGION_SCHOOLS: "consent_region_schools",
    ConsentKind.OTHER_REGIONS: "consent_other_regions",
}


def current_privacy_statement() -> PrivacyStatement:
    return PrivacyStatement.objects.order_by("-published_at").first()


def needs_new_agreement(candidate: Candidate) -> bool:
    """A newer privacy statement than the one the candidate's current consents name: they are
    asked to agree again at their next sign-in (consents they withdrew stay withdrawn)."""
    statement = current_privacy_statement()
    if statement is None or candidate.is_anonymised:
        return False
    latest = candidate.consents.order_by("-created_at", "-pk").first()
    return latest is not None and latest.statement_id != statement.pk


@transaction.atomic
def candidate_agree_to_statement(*, candidate: Candidate, statement: PrivacyStatement) -> int:
    """Agree to a new statement version: every consent that is given now is recorded again
    against it. Returns how many records were added."""
    added = 0
    for kind in ConsentKind:
        if getattr(candidate, _CONSENT_FIELD[kind]):
            added += (
                consent_set(candidate=candidate, kind=kind, given=True, statement=statement)
                is not None
            )
    if not added:
        # Nothing given at the moment: a record that they read it, as a withdrawn desk consent
        # under the new version, keeps them from being asked again.
        latest = candidate.consents.filter(kind=ConsentKind.DESK).order_by("-created_at").first()
        ConsentRecord.objects.create(
            candidate=candidate,
            kind=ConsentKind.DESK,
            given=bool(latest and latest.given),
            statement=statement,
        )
    return added


@transaction.atomic
def consent_set(
    *, candidate: Candidate, kind: str, given: bool, statement: PrivacyStatement
) -> ConsentRecord | None:
    """Record giving or withdrawing one kind of consent against a statement version.

    Nothing is recorded when the state and version do not change; the candidate's mirror field
    always equals the latest record, so matching can filter on it.
    """
    latest = candidate.consents.filter(kind=kind).order_by("-created_at", "-pk").first()
    if latest and latest.given == given and latest.statement_id == statement.pk:
        return None
    if latest is None and not given:
        # Never given: nothing to record, but the mirror must say so too.
        Candidate.objects.filter(pk=candidate.pk).update(**{_CONSENT_FIELD[kind]: False})
        setattr(candidate, _CONSENT_FIELD[kind], False)
        return None
    record = ConsentRecord.objects.create(
        candidate=candidate, kind=kind, given=given, statement=statement
    )
    Candidate.objects.filter(pk=candidate.pk).update(
        **{_CONSENT_FIELD[kind]: given, "updated_at": timezone.now()}
    )
    setattr(candidate, _CONSENT_FIELD[kind], given)
    if kind == ConsentKind.REGION_SCHOOLS and not given:
        # Out of matching and HR's views at once: the mirror field is what they filter on; no
        # school keeps waiting for an answer about them.
        hooks.schools_consent_withdrawn.call(candidate=candidate, actor=candidate.user)
    return record


@transaction.atomic
def candidate_withdraw_desk_consent(*, candidate: Candidate, statement: PrivacyStatement) -> None:
    """Withdrawing consent for processing by the desk ends the desk's work: the candidate's
    journey stops (with that as the reason) and they are no longer shown to schools or other
    regions. Their open proposals are withdrawn, so no school keeps waiting for them."""
    consent_set(candidate=candidate, kind=ConsentKind.DESK, given=False, statement=statement)
    for kind in (ConsentKind.REGION_SCHOOLS, ConsentKind.OTHER_REGIONS):
        consent_set(candidate=candidate, kind=kind, given=False, statement=statement)
    hooks.desk_consent_withdrawn.call(candidate=candidate, actor=candidate.user)
    candidate.refresh_from_db()
    if candidate.phase != Phase.AFGEHAAKT:
        candidate_change_phase(
            candidate=candidate,
            to_phase=Phase.AFGEHAAKT,
            actor=candidate.user,
            dropout_reason=DropoutReason.OTHER,
            note=system_note(_("Withdrew consent for processing by the desk.")),
        )


def access_record(*, user: User, candidates, action: str, what: str = "") -> None:
    """Log that a person opened, changed or exported candidate records (AVG access log)."""
    CandidateAccess.objects.bulk_create(
        CandidateAccess(candidate_id=getattr(c, "pk", c), user=user, action=action, what=what)
        for c in candidates
    )
