"""Retention with time travel: warned → untouched before the date in the mail → anonymised on
it; a sign-in in between resets the clock; the dry run changes nothing; twice anonymises
nobody twice; every run leaves a log row without personal data."""

import datetime
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils.formats import date_format

from kandidaten.models import Candidate, RetentionRun
from kandidaten.services import retention
from kandidaten.services.retention import retention_run
from loket.core.mail.outbox import AMSTERDAM
from loket.core.mail.reminders import reminder_rule_run
from loket.core.models import OutgoingMail
from tests.desk.conftest import login
from tests.kandidaten.factories import CandidateFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def quiet_pair(region, no_broker):
    """Two candidates of a region that keeps records 60 days, quiet since START."""
    region.retention_days = 60
    region.save()
    with at(START):
        stays_quiet = CandidateFactory(region=region, user__language="en", full_name="Stil Blijver")
        signs_in = CandidateFactory(region=region, user__language="en", full_name="Komt Terug")
    return stays_quiet, signs_in


def warn(moment):
    with at(moment):
        return reminder_rule_run(name="retention_warning")


def run(moment, **kwargs):
    with at(moment):
        return retention_run(**kwargs)


def test_warned_then_untouched_before_the_date_then_anonymised_on_it(quiet_pair):
    stays_quiet, signs_in = quiet_pair
    assert warn(START + timedelta(days=31)) == 2
    stays_quiet.refresh_from_db()
    due = stays_quiet.removal_due_on
    assert due == (START + timedelta(days=61)).date()
    # The date in the mail is the day the task acts.
    mail = OutgoingMail.objects.get(recipient=stays_quiet.user)
    assert date_format(due, "j F Y") in mail.body_text
    assert f"will be removed on {date_format(due, 'j F Y')}" in mail.body_text

    # A sign-in in between resets the clock.
    with at(START + timedelta(days=40)):
        login(Client(), signs_in.user)

    the_day_before = datetime.datetime.combine(due - timedelta(days=1), datetime.time(23, 30))
    assert run(the_day_before.replace(tzinfo=AMSTERDAM))["anonymised"] == []
    stays_quiet.refresh_from_db()
    assert not stays_quiet.is_anonymised

    on_the_day = datetime.datetime.combine(due, datetime.time(0, 30), tzinfo=AMSTERDAM)
    result = run(on_the_day)
    assert result["anonymised"] == [stays_quiet.pk]
    stays_quiet.refresh_from_db()
    signs_in.refresh_from_db()
    assert stays_quiet.is_anonymised and stays_quiet.full_name == ""
    assert stays_quiet.erasure.reason == "retention"
    assert not signs_in.is_anonymised
    # The cancelled warning is cleared, so a new one comes when they fall quiet again.
    assert signs_in.removal_due_on is None and signs_in.retention_warned_at is None

    # Twice: nobody twice.
    assert run(on_the_day + timedelta(hours=1))["anonymised"] == []
    runs = list(RetentionRun.objects.order_by("ran_at"))
    assert [r.candidate_ids for r in runs] == [[], [stays_quiet.pk], []]
    assert [r.anonymised for r in runs] == [0, 1, 0]
    assert runs[1].acted_on == due
    # No personal data in the log.
    assert "Stil" not in str(RetentionRun.objects.values_list()) + str(runs)


def test_the_dry_run_lists_and_changes_nothing(quiet_pair):
    stays_quiet, signs_in = quiet_pair
    warn(START + timedelta(days=31))
    on_the_day = START + timedelta(days=61, hours=1)
    with at(on_the_day):
        out = StringIO()
        call_command("retention", "--dry-run", stdout=out)
    assert f"2 would be anonymised: {stays_quiet.pk}, {signs_in.pk}" in out.getvalue()
    assert not Candidate.objects.filter(anonymised_at__isnull=False).exists()
    assert not RetentionRun.objects.exists()
    with at(on_the_day):
        out = StringIO()
        call_command("retention", stdout=out)
    assert "2 anonymised" in out.getvalue()
    assert "Stil" not in out.getvalue()
    assert RetentionRun.objects.get().anonymised == 2


def test_a_contact_by_the_desk_also_resets(quiet_pair):
    stays_quiet, signs_in = quiet_pair
    warn(START + timedelta(days=31))
    Candidate.objects.filter(pk=stays_quiet.pk).update(
        last_contact_on=(START + timedelta(days=45)).date()
    )
    assert run(START + timedelta(days=62))["anonymised"] == [signs_in.pk]


def test_a_change_to_their_record_resets(quiet_pair):
    stays_quiet, signs_in = quiet_pair
    warn(START + timedelta(days=31))
    with at(START + timedelta(days=50)):
        stays_quiet.refresh_from_db()
        stays_quiet.hours_per_week = 12
        stays_quiet.save()
    assert run(START + timedelta(days=62))["anonymised"] == [signs_in.pk]


def test_one_record_that_fails_does_not_stop_the_others(quiet_pair, monkeypatch):
    stays_quiet, signs_in = quiet_pair
    warn(START + timedelta(days=31))
    real = retention.candidate_erase

    def erase(*, candidate, **kwargs):
        if candidate.pk == stays_quiet.pk:
            raise RuntimeError("disk full")
        return real(candidate=candidate, **kwargs)

    monkeypatch.setattr(retention, "candidate_erase", erase)
    result = run(START + timedelta(days=62))
    assert (result["anonymised"], result["failed"]) == ([signs_in.pk], [stays_quiet.pk])
    assert RetentionRun.objects.get().failed_ids == [stays_quiet.pk]
    stays_quiet.refresh_from_db()
    assert not stays_quiet.is_anonymised and stays_quiet.removal_due_on is not None
