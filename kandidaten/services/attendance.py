"""Attendance at an event, recorded by the desk on one screen for the whole list.

* only staff of the event's region record it, and only once the event has started;
* coming to an information event or a trial day is the step from Interest to Orientation: the
  phase moves (an event on the timeline) when the desk confirms it;
* a first no-show gets a friendly mail (once per place) and, when the candidate has a guide
  with no next action planned, a follow-up as the next action on the next working day;
* changing a mark later changes the record, but mails and moves nothing twice.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kandidaten.models import Candidate, CandidateAccess, Event, EventRegistration, Phase
from kandidaten.services.events import ORIENTATION_EVENT_KINDS, _check_region
from kandidaten.services.journey import candidate_change_phase, system_note
from kandidaten.services.privacy import access_record
from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, User
from loket.core.workdays import next_working_day


@dataclass
class AttendanceResult:
    came: int = 0
    missed: int = 0
    to_orientation: int = 0


@transaction.atomic
def event_record_attendance(
    *, actor: User, event: Event, attended: dict[int, bool]
) -> AttendanceResult:
    """Mark who came (True) and who did not (False), by registration id; ids of other events
    and registrations without a mark are left alone."""
    locked = Event.objects.select_for_update().select_related("region").get(pk=event.pk)
    _check_region(actor, locked.region, field=None)
    now = timezone.now()
    if locked.cancelled_at is not None:
        raise ValidationError(_("This event was cancelled; there is no attendance to record."))
    if locked.starts_at > now:
        raise ValidationError(_("You can record who came once the event has started."))
    registrations = (
        EventRegistration.objects.select_for_update(of=("self",))
        .filter(event=locked, cancelled_at=None, pk__in=list(attended))
        .select_related("candidate__user", "candidate__region")
    )
    result = AttendanceResult()
    touched = []
    for registration in registrations:
        came = attended[registration.pk]
        result.came += came
        result.missed += not came
        if registration.attended is came:
            continue
        first_mark = registration.attended is None
        registration.attended = came
        registration.attendance_recorded_at = now
        registration.attendance_recorded_by = actor
        registration.save(
            update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"]
        )
        touched.append(registration.candidate)
        if came:
            result.to_orientation += _to_orientation(registration.candidate, locked, actor)
        elif first_mark:
            _after_no_show(registration, locked, now=now)
    if touched:
        access_record(
            user=actor,
            candidates=touched,
            action=CandidateAccess.Action.CHANGE,
            what="event attendance",
        )
    return result


def _to_orientation(candidate: Candidate, event: Event, actor: User) -> int:
    if event.kind not in ORIENTATION_EVENT_KINDS or candidate.phase != Phase.INTERESSE:
        return 0
    candidate_change_phase(
        candidate=candidate,
        to_phase=Phase.ORIENTATIE,
        actor=actor,
        note=system_note(_("Came to “%(title)s”."), title=event.title),
    )
    return 1


def _after_no_show(registration: EventRegistration, event: Event, *, now) -> None:
    candidate = registration.candidate
    mail_queue(
        recipient=candidate.user,
        reason=MailReason.EVENT_MISSED,
        key=f"event_missed:{registration.pk}",
        context={"event": event, "candidate": candidate},
        region=event.region,
    )
    if candidate.guide_id is None:
        return
    # The guide's own plan comes first: a next action already set stays.
    Candidate.objects.filter(pk=candidate.pk, next_action="").update(
        next_action=system_note(_("Call about the missed “%(title)s”"), title=event.title)[:200],
        next_action_on=next_working_day(timezone.localdate(now)),
    )
