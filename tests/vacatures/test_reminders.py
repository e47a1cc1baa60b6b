"""The vacancy app's reminder rules on a travelling clock: unanswered proposals (HR after 5
working days, the guide after 10) and vacancies closing in 3 days."""

import datetime
from datetime import timedelta

import pytest
import time_machine

from loket.core.mail import delivery
from loket.core.mail.outbox import AMSTERDAM
from loket.core.mail.reminders import reminder_rule_run
from loket.core.models import MailReason, OutgoingMail, ReminderSetting, RoleAssignment
from loket.desk.models import Proposal, ProposalStatus
from tests.factories import SchoolFactory
from tests.kandidaten.factories import CandidateFactory, seed_reference_data
from tests.vacatures.factories import VacancyFactory, desk_staff_of, hr_officer_for

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status

MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def setup(db, monkeypatch):
    seed_reference_data()
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)


def day(date_text: str, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.fromisoformat(date_text).replace(
        hour=hour, minute=minute, tzinfo=AMSTERDAM
    )


def run_at(moment, name):
    with time_machine.travel(moment, tick=False):
        return reminder_rule_run(name=name)


def keys(**filters):
    return sorted(OutgoingMail.objects.filter(**filters).values_list("key", flat=True))


@pytest.fixture
def school(region):
    return SchoolFactory(board__region=region, name="Het Utrechts Lyceum")


@pytest.fixture
def officers(school):
    """One HR officer of the school, one of its whole board, and one of another school."""
    return (
        hr_officer_for(school=school, language="en", full_name="Hanna School"),
        hr_officer_for(board=school.board, language="en", full_name="Bas Bestuur"),
        hr_officer_for(school=SchoolFactory(board__region=school.region)),
    )


@pytest.fixture
def guide(region):
    return desk_staff_of(region, language="en", full_name="Lotte Loket")


def propose(school, *, when=MONDAY, guide=None, proposed_by=None, vacancy=None, **kwargs):
    with time_machine.travel(when, tick=False):
        candidate = CandidateFactory(region=school.region, guide=guide, full_name="Karim K")
        return Proposal.objects.create(
            candidate=candidate,
            school=school,
            vacancy=vacancy,
            motivation="Past goed.",
            proposed_by=proposed_by,
            **kwargs,
        )


def overview_sent_already(officer, region, day_text):
    """The officer's overview of that day, recorded by an earlier (or a concurrent) run."""
    OutgoingMail.objects.create(
        recipient=officer,
        to_email=officer.email,
        reason=MailReason.PROPOSAL_UNANSWERED,
        key=f"proposal_unanswered:hr:{officer.pk}:{region.pk}:{day_text}",
        subject="an earlier overview",
    )


# --- proposal_unanswered -------------------------------------------------------------------------


def test_hr_is_reminded_after_5_working_days_and_the_guide_after_10_then_nothing(
    school, officers, guide
):
    proposal = propose(school, guide=guide)
    school_hr, board_hr, _elsewhere = officers
    rule = "proposal_unanswered"
    assert run_at(day("2026-03-06"), rule) == 0  # Friday: 4 working days
    assert run_at(day("2026-03-07", 12), rule) == 0  # the weekend: schools are closed
    assert run_at(day("2026-03-08", 12), rule) == 0
    assert run_at(day("2026-03-09"), rule) == 2  # Monday: 5 working days
    assert run_at(day("2026-03-09", 10), rule) == 0
    assert run_at(day("2026-03-10", 10), rule) == 0  # the next day: it was dealt with
    assert run_at(day("2026-03-13"), rule) == 0  # 9 working days
    assert run_at(day("2026-03-16"), rule) == 1  # 10 working days: the guide
    assert run_at(day("2026-03-16", 11), rule) == 0
    assert run_at(day("2026-03-30"), rule) == 0
    assert keys() == sorted(
        [
            f"proposal_unanswered:guide:{guide.pk}:{school.region.pk}:2026-03-16",
            f"proposal_unanswered:hr:{board_hr.pk}:{school.region.pk}:2026-03-09",
            f"proposal_unanswered:hr:{school_hr.pk}:{school.region.pk}:2026-03-09",
        ]
    )
    proposal.refresh_from_db()
    assert proposal.hr_reminded_at == day("2026-03-09")
    assert proposal.escalated_at == day("2026-03-16")
    reminder = OutgoingMail.objects.get(recipient=school_hr)
    assert reminder.reason == MailReason.PROPOSAL_UNANSWERED and reminder.region == school.region
    assert reminder.subject == "A proposal to Het Utrechts Lyceum is waiting for your answer"
    assert "5 working days" in reminder.body_text and "Het Utrechts Lyceum" in reminder.body_text
    assert f"/vacatures/beheer/voorstellen/{proposal.pk}/" in reminder.body_text
    assert "Karim" not in reminder.body_text  # HR learns who only from the proposal itself
    escalation = OutgoingMail.objects.get(recipient=guide)
    assert escalation.reason == MailReason.PROPOSAL_ESCALATED
    assert escalation.subject == "No answer from Het Utrechts Lyceum about Karim K"
    assert "Hanna School" in escalation.body_text and "Bas Bestuur" in escalation.body_text
    assert "10 working days" in escalation.body_text


def test_each_officer_gets_one_overview_a_day_of_every_proposal_due(school, officers, guide):
    """Forty open proposals are one mail to the HR officer, not forty, and each is in it with
    its own wait; what falls due the next day comes in the next day's overview."""
    first = propose(school, vacancy=VacancyFactory(school=school, title="Wiskunde"))
    second = propose(school, when=MONDAY - timedelta(days=7))
    later = propose(school, when=MONDAY + timedelta(days=1))
    school_hr = officers[0]
    assert run_at(day("2026-03-09"), "proposal_unanswered") == 2  # school HR and board HR
    overview = OutgoingMail.objects.get(recipient=school_hr)
    assert overview.subject == "2 proposals are waiting for your answer"
    text = overview.body_text
    assert "These 2 proposals are waiting for your answer" in text
    assert "vacancy “Wiskunde”" in text and "Waiting for an answer for 5 working days" in text
    assert "Waiting for an answer for 10 working days" in text  # the older one
    for proposal in (first, second):
        assert (
            f"/vacatures/beheer/voorstellen/{proposal.pk}/" in text
            and f"/{proposal.pk}/" in overview.body_html
        )
    assert f"/vacatures/beheer/voorstellen/{later.pk}/" not in text
    # Each proposal an item of its own: a list item in HTML, its lines after a blank line.
    assert overview.body_html.count('<li style="margin-bottom:12px;"><a href=') == 2
    assert "answer:\n\n- Het Utrechts Lyceum" in text
    assert f"/voorstellen/{second.pk}/\n- Het Utrechts Lyceum, vacancy" in text  # oldest first
    assert run_at(day("2026-03-10"), "proposal_unanswered") == 2  # later, to both officers
    assert f"/vacatures/beheer/voorstellen/{later.pk}/" in (
        OutgoingMail.objects.get(
            key=f"proposal_unanswered:hr:{school_hr.pk}:{school.region.pk}:2026-03-10"
        ).body_text
    )


def test_two_overdue_proposals_are_one_escalation_to_the_guide(school, guide):
    propose(school, guide=guide, when=MONDAY - timedelta(days=14))
    propose(school, guide=guide, when=MONDAY - timedelta(days=7))
    assert run_at(day("2026-03-16"), "proposal_unanswered") == 1
    escalation = OutgoingMail.objects.get()
    assert escalation.subject == "2 proposals without an answer from the school"
    assert escalation.body_text.count("has not answered the proposal of Karim K") == 2
    assert "15 working days" in escalation.body_text  # each with its own wait
    assert escalation.body_text.count("no HR officer in the portal") == 2


def test_a_run_that_finds_the_overview_sent_leaves_its_proposals_for_the_next_day(school, officers):
    """Two runs at once: the second's overview of the same officer and day is not recorded,
    so its proposals are not marked, and come the next working day: late, never lost."""
    school_hr, board_hr, _elsewhere = officers
    proposal = propose(school)
    for officer in (school_hr, board_hr):
        overview_sent_already(officer, school.region, "2026-03-09")
    assert run_at(day("2026-03-09"), "proposal_unanswered") == 0
    proposal.refresh_from_db()
    assert proposal.hr_reminded_at is None
    assert run_at(day("2026-03-10"), "proposal_unanswered") == 2
    proposal.refresh_from_db()
    assert proposal.hr_reminded_at == day("2026-03-10")


def test_proposals_reminded_under_the_old_keys_are_not_reminded_again(school, officers, guide):
    """The migration marks what the rule sent one mail per proposal for."""
    import importlib  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415

    migration = importlib.import_module("loket.desk.migrations.0005_proposal_reminded")
    reminded, escalated, untouched = (propose(school, guide=guide) for _ in range(3))
    school_hr = officers[0]
    for key in (
        f"proposal_unanswered:{reminded.pk}:5wd:{school_hr.pk}",
        f"proposal_unanswered:{escalated.pk}:5wd:{school_hr.pk}",
        f"proposal_unanswered:{escalated.pk}:10wd",
    ):
        OutgoingMail.objects.create(
            recipient=school_hr, to_email="x@example.org", reason="proposal_unanswered", key=key
        )
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    marks = {
        p.pk: (p.hr_reminded_at is not None, p.escalated_at is not None)
        for p in Proposal.objects.all()
    }
    assert marks == {
        reminded.pk: (True, False),
        escalated.pk: (True, True),
        untouched.pk: (False, False),
    }


def test_a_proposal_sent_on_friday_counts_working_days_over_the_weekend(school, officers):
    propose(school, when=day("2026-03-06", 16))
    assert run_at(day("2026-03-12"), "proposal_unanswered") == 0  # Thursday: 4 working days
    assert run_at(day("2026-03-13"), "proposal_unanswered") == 2  # Friday: 5


def test_an_answered_proposal_gets_no_reminder(school, officers, guide):
    proposal = propose(school, guide=guide)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.INVITED, interview_at=MONDAY + timedelta(days=10)
    )
    assert run_at(day("2026-03-16"), "proposal_unanswered") == 0


def test_without_a_guide_the_escalation_goes_to_who_proposed(school, officers, region):
    proposer = desk_staff_of(region)
    propose(school, proposed_by=proposer)
    run_at(day("2026-03-16"), "proposal_unanswered")
    assert OutgoingMail.objects.get(reason=MailReason.PROPOSAL_ESCALATED).recipient == proposer


def test_a_school_without_hr_officers_still_escalates(school, guide):
    propose(school, guide=guide)
    assert run_at(day("2026-03-09"), "proposal_unanswered") == 0
    assert run_at(day("2026-03-16"), "proposal_unanswered") == 1
    assert "no HR officer in the portal" in OutgoingMail.objects.get().body_text


def test_an_hr_reminder_due_at_night_waits_for_the_morning(school, officers):
    propose(school)
    run_at(day("2026-03-09", 6, 30), "proposal_unanswered")
    assert {m.not_before for m in OutgoingMail.objects.all()} == {day("2026-03-09", 8)}


def test_every_unanswered_proposal_reaches_the_hr_officer_despite_the_cap(school, officers):
    """A school's open work is not a nudge to a private person: the cap would silently drop
    the reminders of all but one proposal, and a withheld key is never tried again."""
    propose(school, vacancy=VacancyFactory(school=school, start_date=None))
    propose(school)
    run_at(day("2026-03-09"), "proposal_unanswered")
    school_hr = officers[0]
    overview = OutgoingMail.objects.get(recipient=school_hr)
    assert overview.status == Status.QUEUED and "These 2 proposals" in overview.body_text


def test_a_region_sets_its_own_working_days(school, officers, guide):
    ReminderSetting.objects.create(
        region=school.region,
        rule="proposal_unanswered",
        params={"remind_after": 3, "escalate_after": 6},
    )
    proposal = propose(school, guide=guide)
    assert run_at(day("2026-03-05"), "proposal_unanswered") == 2
    assert run_at(day("2026-03-10"), "proposal_unanswered") == 1
    assert f"proposal_unanswered:guide:{guide.pk}:{school.region.pk}:2026-03-10" in keys()
    assert "6 working days" in OutgoingMail.objects.get(recipient=guide).body_text
    proposal.refresh_from_db()
    assert proposal.escalated_at == day("2026-03-10")


# --- vacancy_closing -----------------------------------------------------------------------------


def closing(school, owner, closes_on="2026-03-12", **kwargs):
    with time_machine.travel(MONDAY, tick=False):
        return VacancyFactory(
            school=school,
            published=True,
            start_date=None,
            closing_date=datetime.date.fromisoformat(closes_on),
            created_by=owner,
            title="Docent scheikunde",
            **kwargs,
        )


def test_the_owner_hears_three_days_before_closing_once(school, officers):
    owner = officers[0]
    vacancy = closing(school, owner)
    closing(school, owner, status="draft", published_at=None)  # not public: no notice
    assert run_at(day("2026-03-08", 12), "vacancy_closing") == 0
    assert run_at(day("2026-03-09"), "vacancy_closing") == 1
    assert run_at(day("2026-03-09", 15), "vacancy_closing") == 0
    assert run_at(day("2026-03-10"), "vacancy_closing") == 0
    mail = OutgoingMail.objects.get()
    assert mail.recipient == owner
    assert mail.key == f"vacancy_closing:{vacancy.pk}:2026-03-12:{owner.pk}"
    assert mail.subject == "Your vacancy “Docent scheikunde” closes on 12 March"
    assert f"/vacatures/beheer/{vacancy.pk}/bewerken/" in mail.body_text


def test_a_new_closing_date_gives_a_new_notice(school, officers):
    vacancy = closing(school, officers[0])
    run_at(day("2026-03-09"), "vacancy_closing")
    type(vacancy).objects.filter(pk=vacancy.pk).update(closing_date=datetime.date(2026, 3, 20))
    assert run_at(day("2026-03-17"), "vacancy_closing") == 1
    assert len(keys()) == 2


def test_when_the_owner_left_the_schools_hr_officers_hear_it(school, officers):
    former = hr_officer_for(school=school)
    closing(school, former)
    RoleAssignment.objects.filter(user=former).delete()
    assert run_at(day("2026-03-09"), "vacancy_closing") == 2
    school_hr, board_hr, elsewhere = officers
    assert set(OutgoingMail.objects.values_list("recipient", flat=True)) == {
        school_hr.pk,
        board_hr.pk,
    }


def test_desk_staff_who_posted_it_still_count_as_the_owner(school, officers, region):
    staff = desk_staff_of(region)
    closing(school, staff)
    run_at(day("2026-03-09"), "vacancy_closing")
    assert list(OutgoingMail.objects.values_list("recipient", flat=True)) == [staff.pk]


def test_a_closing_notice_waits_for_the_morning(school, officers):
    closing(school, officers[0])
    run_at(day("2026-03-09", 0, 15), "vacancy_closing")
    assert OutgoingMail.objects.get().not_before == day("2026-03-09", 8)


def test_the_rules_are_registered_with_their_labels():
    from loket.core.mail.reminders import registered_rules

    rules = registered_rules()
    assert rules["proposal_unanswered"].defaults == {"remind_after": 5, "escalate_after": 10}
    assert rules["vacancy_closing"].defaults == {"days_before": 3}
    assert {"registration_unfinished", "appointment_tomorrow", "guide_digest"} <= set(rules)
    assert rules["retention_warning"].defaults == {"warn_days_before": 30}


def test_a_guide_of_two_regions_gets_each_regions_overview_and_both_are_dealt_with(
    school, other_region
):
    """Each region's run signs its own overview; neither blocks the other's proposals."""
    guide = desk_staff_of(school.region, language="en")
    RoleAssignment.objects.create(user=guide, role="desk_staff", region=other_region)
    here = propose(school, guide=guide, when=MONDAY - timedelta(days=14))
    there = propose(
        SchoolFactory(board__region=other_region), guide=guide, when=MONDAY - timedelta(days=14)
    )
    assert run_at(day("2026-03-09"), "proposal_unanswered") == 2
    assert run_at(day("2026-03-09", 11), "proposal_unanswered") == 0
    assert {m.region for m in OutgoingMail.objects.filter(recipient=guide)} == {
        school.region,
        other_region,
    }
    assert Proposal.objects.filter(pk__in=[here.pk, there.pk], escalated_at=None).count() == 0


def test_the_overview_speaks_the_officers_language(school):
    officer = hr_officer_for(school=school, language="nl")
    propose(school, vacancy=VacancyFactory(school=school, title="Wiskunde"))
    propose(school)
    run_at(day("2026-03-09"), "proposal_unanswered")
    overview = OutgoingMail.objects.get(recipient=officer)
    assert overview.subject == "2 voorstellen wachten op je antwoord"
    assert "Het Utrechts Lyceum, vacature “Wiskunde”, voorgesteld op 2 maart 2026" in (
        overview.body_text
    )
    assert "Wacht 5 werkdagen op antwoord" in overview.body_text
    assert "Wacht 5 werkdagen op antwoord" in overview.body_html


def test_names_in_an_overview_are_escaped_in_html_and_plain_in_text(region, guide):
    school = SchoolFactory(board__region=region, name="Lyceum <b>&</b> co")
    officer = hr_officer_for(school=school, language="en", full_name="Anne <i>")
    propose(school, guide=guide, when=MONDAY - timedelta(days=14))
    run_at(day("2026-03-09"), "proposal_unanswered")
    overview = OutgoingMail.objects.get(recipient=officer)
    assert "Lyceum <b>&</b> co, open introduction of 16 February 2026" in overview.body_text
    assert "Lyceum &lt;b&gt;&amp;&lt;/b&gt; co" in overview.body_html
    assert "<b>" not in overview.body_html
    escalation = OutgoingMail.objects.get(recipient=guide)
    assert "Anne <i> <" in escalation.body_text
    assert 'Anne &lt;i&gt; &lt;<a href="mailto:' in escalation.body_html


def test_a_proposal_sent_on_saturday_has_waited_as_long_as_one_sent_on_monday(school, officers):
    """Both are due on the Monday after next: both have waited 5 working days."""
    saturday = propose(school, when=day("2026-03-07", 11))
    monday = propose(school, when=day("2026-03-09", 11))
    assert run_at(day("2026-03-13"), "proposal_unanswered") == 0
    assert run_at(day("2026-03-16"), "proposal_unanswered") == 2
    text = OutgoingMail.objects.get(recipient=officers[0]).body_text
    assert text.count("Waiting for an answer for 5 working days") == 2
    assert saturday.pk and monday.pk


def test_an_hr_officer_who_joins_later_still_hears_of_a_waiting_proposal(school, guide):
    propose(school, guide=guide)
    assert run_at(day("2026-03-09"), "proposal_unanswered") == 0  # nobody at the school yet
    officer = hr_officer_for(school=school, language="en")
    assert run_at(day("2026-03-11"), "proposal_unanswered") == 1
    assert "Waiting for an answer for 7 working days" in (
        OutgoingMail.objects.get(recipient=officer).body_text
    )


def test_a_guide_assigned_later_still_gets_the_escalation(school, region):
    proposal = propose(school)
    assert run_at(day("2026-03-16"), "proposal_unanswered") == 0  # no guide, nobody proposed
    guide = desk_staff_of(region, language="en")
    proposal.candidate.guide = guide
    proposal.candidate.save()
    assert run_at(day("2026-03-17"), "proposal_unanswered") == 1
    assert OutgoingMail.objects.get().recipient == guide


def test_a_proposal_one_officer_did_not_get_today_is_kept_for_the_next_run(school, officers):
    """One officer's overview of the day exists already (a run before this proposal was due for
    them): the other officer's is recorded, but the proposal is not marked, so the first one
    hears of it the next working day: late, not lost."""
    school_hr, board_hr, _elsewhere = officers
    proposal = propose(school)
    overview_sent_already(board_hr, school.region, "2026-03-09")
    assert run_at(day("2026-03-09"), "proposal_unanswered") == 1
    proposal.refresh_from_db()
    assert proposal.hr_reminded_at is None
    run_at(day("2026-03-10"), "proposal_unanswered")
    later = OutgoingMail.objects.get(
        key=f"proposal_unanswered:hr:{board_hr.pk}:{school.region.pk}:2026-03-10"
    )
    assert f"/vacatures/beheer/voorstellen/{proposal.pk}/" in later.body_text
    proposal.refresh_from_db()
    assert proposal.hr_reminded_at == day("2026-03-10")


def test_the_guides_overview_speaks_the_guides_language(school, region):
    guide = desk_staff_of(region, language="nl")
    propose(school, guide=guide, vacancy=VacancyFactory(school=school, title="Wiskunde"))
    run_at(day("2026-03-16"), "proposal_unanswered")
    escalation = OutgoingMail.objects.get(recipient=guide)
    assert escalation.subject == "Geen antwoord van Het Utrechts Lyceum over Karim K"
    for body in (escalation.body_text, escalation.body_html):
        assert "Vacature: Wiskunde" in body
        assert "heeft het voorstel van Karim K van 2 maart 2026 al 10 werkdagen" in body
