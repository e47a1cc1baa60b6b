"""The candidate's journey: the one way a phase changes (every change an event), pausing and
resuming, and asking for an intake."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kandidaten.models import (
    MAIN_PHASES,
    Candidate,
    DropoutReason,
    Phase,
    PhaseEvent,
)
from loket.core.models import (
    User,
)


@transaction.atomic
def candidate_request_intake(*, candidate: Candidate) -> bool:
    """Ask the desk for an intake conversation. Asking twice changes nothing; returns whether
    this was a new request."""
    updated = Candidate.objects.filter(pk=candidate.pk, intake_requested_at=None).update(
        intake_requested_at=timezone.now(), updated_at=timezone.now()
    )
    candidate.refresh_from_db(fields=["intake_requested_at"])
    return bool(updated)


@transaction.atomic
def candidate_change_phase(
    *,
    candidate: Candidate,
    to_phase: str,
    actor: User | None,
    note: str = "",
    paused_until: datetime.date | None = None,
    dropout_reason: str = "",
) -> PhaseEvent:
    """The one way a candidate's phase changes; every change leaves a PhaseEvent.

    Side exits carry their reason: a pause needs a future resume date, dropping out a reason,
    a referral a note. Leaving a pause clears the resume date.
    """
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    from_phase = locked.phase
    if to_phase not in Phase.values:
        raise ValidationError(_("Unknown phase."))
    if to_phase == from_phase:
        raise ValidationError(_("The candidate is already in this phase."))
    now = timezone.now()
    fields = {"phase": to_phase, "updated_at": now, "phase_changed_at": now}
    if to_phase == Phase.GEPAUZEERD:
        if paused_until is None or paused_until <= timezone.localdate():
            raise ValidationError(_("Choose a date in the future to resume."))
        fields["paused_until"] = paused_until
    else:
        fields["paused_until"] = None
    if to_phase == Phase.AFGEHAAKT:
        if dropout_reason not in DropoutReason.values:
            raise ValidationError(_("Choose a reason."))
        fields["dropout_reason"] = dropout_reason
    elif to_phase in MAIN_PHASES:
        fields["dropout_reason"] = ""
    if to_phase == Phase.DOORVERWEZEN and not note.strip():
        raise ValidationError(_("Say where the candidate was referred to."))
    Candidate.objects.filter(pk=locked.pk).update(**fields)
    for name, value in fields.items():
        setattr(candidate, name, value)
    return PhaseEvent.objects.create(
        candidate=candidate,
        from_phase=from_phase,
        to_phase=to_phase,
        actor=actor,
        note=note.strip(),
    )


def phase_before_side_exit(candidate: Candidate) -> str:
    """The phase to return to after a pause or a stop: the last main phase the candidate was
    in, however many side exits followed it (paused, then stopped, then back)."""
    event = (
        candidate.phase_events.filter(to_phase__in=MAIN_PHASES)
        .order_by("-created_at", "-pk")
        .first()
    )
    return event.to_phase if event else Phase.ORIENTATIE


def system_note(text, **params) -> str:
    """A note the portal writes itself on an event, in the desk's language (the default), since
    it is stored once and read by the desk."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text) % {k: str(v) for k, v in params.items()} if params else str(text)
