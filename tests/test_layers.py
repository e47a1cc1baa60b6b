"""The seams between the layers: hooks that a lower layer calls and the desk answers, and the
small helpers every page shares."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from kandidaten import hooks as candidate_hooks
from loket.core.hooks import Hook
from loket.core.http import submit
from loket.core.models import Region, Role
from loket.core.people import people_with_role, staff_of_region
from loket.desk.selectors.journey import journey_sections
from loket.desk.services.guidance import interest_tell_desk
from loket.desk.services.proposals import proposals_answer_filled_vacancy, proposals_withdraw_all
from tests.factories import RegionFactory, UserFactory, give_role
from vacatures import hooks as vacancy_hooks


def test_a_hook_runs_each_handler_once_in_order_and_passes_errors_on():
    hook = Hook("test", provides="value")
    seen = []

    def first(*, value):
        seen.append(("first", value))
        return 1

    def second(*, value):
        seen.append(("second", value))
        return 2

    hook.connect(first)
    hook.connect(second)
    hook.connect(first)  # connecting twice changes nothing
    assert hook.call(value="x") == [1, 2]
    assert seen == [("first", "x"), ("second", "x")]

    def broken(*, value):
        raise ValidationError("no")

    hook.connect(broken)
    with pytest.raises(ValidationError):
        hook.call(value="y")  # the caller's transaction rolls back: nothing half-saved
    hook.disconnect(broken)
    assert hook.call(value="z") == [1, 2]


def test_the_desk_answers_every_hook_of_the_apps_below_it():
    assert proposals_withdraw_all in candidate_hooks.desk_consent_withdrawn._handlers
    assert journey_sections in candidate_hooks.journey_sections._handlers
    assert proposals_answer_filled_vacancy in vacancy_hooks.vacancy_filled._handlers
    assert interest_tell_desk in vacancy_hooks.interest_registered._handlers


@pytest.mark.django_db
def test_the_people_of_a_region_are_its_active_staff_each_once():
    region, other = RegionFactory(), RegionFactory()
    both = UserFactory(full_name="Anna")
    give_role(both, Role.DESK_STAFF, region=region)
    give_role(both, Role.COORDINATOR, region=region)
    elsewhere = UserFactory(full_name="Bram")
    give_role(elsewhere, Role.DESK_STAFF, region=other)
    gone = UserFactory(full_name="Cas", is_active=False)
    give_role(gone, Role.DESK_STAFF, region=region)
    assert list(staff_of_region(region)) == [both]
    assert list(people_with_role([Role.COORDINATOR], region__in=Region.objects.all())) == [both]


class _NameForm(forms.Form):
    name = forms.CharField(max_length=10)


@pytest.mark.django_db
def test_submit_puts_a_refusal_on_the_form_and_saves_nothing():
    region = RegionFactory(name="Voor")

    def rename_then_refuse(data):
        Region.objects.filter(pk=region.pk).update(name=data["name"])
        raise ValidationError("Deze naam is al in gebruik.")

    form = _NameForm({"name": "Na"})
    assert submit(form, rename_then_refuse) is False
    assert form.non_field_errors() == ["Deze naam is al in gebruik."]
    region.refresh_from_db()
    assert region.name == "Voor"

    invalid = _NameForm({"name": "x" * 11})
    assert submit(invalid, rename_then_refuse) is False
    assert "name" in invalid.errors

    assert submit(_NameForm({"name": "Na"}), lambda data: None) is True
