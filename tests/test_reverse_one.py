"""Links with one value, written without the resolver, are the links ``reverse`` writes."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from loket.core.http import reverse_one


@pytest.mark.parametrize(
    ("viewname", "value"),
    [
        ("desk:candidate", 1),
        ("desk:candidate", 2147483647),
        ("desk:candidate", 98765432101),
        ("vacatures:hr_proposal", 42),
        ("mail:unsubscribe", "12:AbC-d_e.f"),
    ],
)
def test_the_same_link_as_reverse(viewname, value):
    assert reverse_one(viewname, value) == reverse(viewname, args=[value])


def test_a_value_that_needs_quoting_is_quoted_as_reverse_does():
    value = "a b ë?"
    assert reverse_one("mail:unsubscribe", value) == reverse("mail:unsubscribe", args=[value])


def test_a_value_the_url_does_not_take_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        reverse_one("desk:candidate", "not-a-number")


def test_the_script_prefix_is_followed():
    try:
        set_script_prefix("/portal/")
        assert reverse_one("desk:candidate", 7) == "/portal/loket/kandidaten/7/"
    finally:
        set_script_prefix("/")
    assert reverse_one("desk:candidate", 7) == "/loket/kandidaten/7/"


def test_a_url_without_a_value_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        reverse_one("desk:pipeline", 5)
