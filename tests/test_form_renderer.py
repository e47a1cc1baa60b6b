"""The portal's form renderer writes exactly the HTML of Django's own widget templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from loket.core.form_renderer import PortalFormRenderer


class Everything(forms.Form):
    name = forms.CharField(max_length=20, help_text="Voornaam", initial='O"Brien <b>&')
    email = forms.EmailField(
        required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    hours = forms.IntegerField(min_value=1, max_value=40, initial=24)
    born = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x<y")
    hidden = forms.CharField(widget=forms.HiddenInput, initial="3")
    agree = forms.BooleanField(required=False, initial=True)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "disabled": True}))
    phase = forms.ChoiceField(
        choices=[
            ("", "Alle fasen"),
            ("a&b", "Oriëntatie <eerst>"),
            ("2", mark_safe("<i>Twee</i>")),
        ],
        initial="a&b",
    )
    sector = forms.MultipleChoiceField(
        choices=[("Onderwijs", [("po", "Primair"), ("vo", "Voortgezet")]), ("mbo", "MBO")],
        initial=["vo", "mbo"],
        required=False,
    )
    kind = forms.ChoiceField(
        choices=[("1", "Een"), ("2", "Twee")], widget=forms.RadioSelect, help_text="<b>Kies</b>"
    )
    note = forms.CharField(widget=forms.Textarea, label="Notitie?", required=False)
    nameless = forms.CharField(label="", required=False)


@pytest.mark.parametrize("bound", [False, True])
def test_every_widget_renders_as_django_renders_it(bound):
    data = {"name": "Zoë & <script>", "phase": "2", "sector": ["po"], "hours": "abc", "kind": "2"}
    ours = Everything(data if bound else None, renderer=PortalFormRenderer())
    django = Everything(data if bound else None, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert parse_html(str(ours[name])) == parse_html(str(django[name])), name
        group, expected = ours[name].as_field_group(), django[name].as_field_group()
        assert parse_html(group) == parse_html(expected), name
        assert parse_html(str(ours[name].errors)) == parse_html(str(django[name].errors)), name
    assert parse_html(ours.as_div()) == parse_html(django.as_div())
    assert parse_html(ours.as_p()) == parse_html(django.as_p())
    if bound:
        assert ours.errors and 'class="errorlist"' in ours.as_div()


def test_a_form_without_ids_and_with_a_css_class_for_required_fields():
    class Required(Everything):
        required_css_class = "verplicht"

    ours = Required({}, auto_id=False, renderer=PortalFormRenderer())
    django = Required({}, auto_id=False, renderer=DjangoTemplates())
    assert parse_html(ours.as_div()) == parse_html(django.as_div())
    ours = Required({}, renderer=PortalFormRenderer())
    django = Required({}, renderer=DjangoTemplates())
    assert parse_html(ours.as_div()) == parse_html(django.as_div())
    assert 'class="verplicht"' in ours.as_div()


def test_the_escaping_holds():
    html = str(Everything(renderer=PortalFormRenderer())["name"])
    assert 'value="O&quot;Brien &lt;b&gt;&amp;"' in html
    select = str(Everything(renderer=PortalFormRenderer())["phase"])
    assert "Oriëntatie &lt;eerst&gt;" in select and "<i>Twee</i>" in select
    assert '<option value="a&amp;b" selected>' in select


def test_the_portal_uses_it(settings):
    assert settings.FORM_RENDERER == "loket.core.form_renderer.PortalFormRenderer"
