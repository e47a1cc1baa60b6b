"""Error summaries link to something focusable and do not double the label's punctuation; dates
read the way each language writes them."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from loket.core.templatetags.forms_a11y import error_anchor, with_message


class GroupsForm(forms.Form):
    level = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    sectors = forms.MultipleChoiceField(
        choices=[("po", "po"), ("vo", "vo")], widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField()


def test_error_links_of_radio_and_checkbox_groups_go_to_their_first_option():
    form = GroupsForm(data={})
    assert error_anchor(form["level"]) == "id_level_0"
    assert error_anchor(form["sectors"]) == "id_sectors_0"
    assert error_anchor(form["name"]) == "id_name"
    html = form.as_div()
    assert 'id="id_level_0"' in html and 'id="id_sectors_0"' in html


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Wil je les geven?", "Wil je les geven? Dit veld is verplicht."),
        ("Postcode", "Postcode: Dit veld is verplicht."),
        ("Let op:", "Let op: Dit veld is verplicht."),
    ],
)
def test_a_label_and_its_message_never_double_the_punctuation(label, expected):
    assert with_message(label, "Dit veld is verplicht.") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "6 december 2026 · 6 dec 2026 · zo 6 dec 2026, 19:00"),
        ("en", "6 December 2026 · 6 Dec 2026 · Sun 6 Dec. 2026, 19:00"),
    ],
)
def test_dates_are_written_in_the_readers_language(language, expected):
    moment = datetime.datetime(2026, 12, 6, 19, 0)
    template = Template(
        '{{ d|date:"DATE_FORMAT" }} · {{ d|date:"SHORT_DATE_FORMAT" }}'
        ' · {{ d|date:"D j N Y, H:i" }}'
    )
    with translation.override(language):
        assert template.render(Context({"d": moment})) == expected
