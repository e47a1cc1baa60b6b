"""A message rendered in its cached frame is the message ``{% extends %}`` renders."""

import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context, Engine
from django.utils import translation

from loket.core.mail.frame import render_framed
from loket.core.mail.outbox import mail_render
from tests.factories import UserFactory

MAIL_DIR = Path(settings.BASE_DIR) / "templates" / "mail"
MAIL_TEMPLATES = sorted(
    f"mail/{path.name}"
    for path in MAIL_DIR.iterdir()
    if path.suffix in {".html", ".txt"}
    and not path.name.startswith("_")
    and not path.name.endswith("_subject.txt")
    and not path.name.startswith("base.")
)


class Anything(int):
    """Whatever a template asks of it: a number (3) for counts, the same for any attribute (a
    moment for a date), an empty list to loop over; so every mail template renders without a
    context of its own."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return anything(name)

    def __iter__(self):
        return iter([])

    def __len__(self):
        return 0


DATE_LIKE = ("_at", "_on", "_until", "_date", "day", "starts", "ends", "deadline")


def anything(name: str):
    """A moment for names that look like one (they go through ``date`` filters), else Anything."""
    if name.endswith(DATE_LIKE):
        return datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    return Anything(3)


# Every name the mail templates (and the parts they include) use, as Anything.
NAMES = {
    name: anything(name)
    for path in MAIL_DIR.iterdir()
    for name in re.findall(r"\b[a-z_][a-z0-9_]*\b", path.read_text())
}


def ordinary(name: str, context: dict, *, autoescape: bool) -> str:
    return Engine.get_default().get_template(name).render(Context(context, autoescape=autoescape))


def contexts(region):
    """Every combination the frame tells apart, with a name and a link that need escaping."""
    named = SimpleNamespace(full_name="Ans <b>& Bo</b>", email="ans@example.org")
    nameless = SimpleNamespace(full_name="", email="x@example.org")
    for recipient in (named, nameless, None):
        for place in (region, None):
            for link in ("https://loket.example/e-mail/afmelden/1:a&b/", None):
                yield {
                    **NAMES,
                    "recipient": recipient,
                    "region": place,
                    "portal_name": "Regioloket <test>",
                    "site_url": "https://loket.example",
                    "unsubscribe_url": link,
                }


@pytest.mark.parametrize("name", MAIL_TEMPLATES)
def test_every_mail_template_renders_the_same_in_its_cached_frame(name, region):
    region.desk_phone = "030 123 45 67"
    autoescape = name.endswith(".html")
    compared = 0
    for language in ("nl", "en"):
        with translation.override(language):
            for context in contexts(region):
                try:
                    expected = ordinary(name, context, autoescape=autoescape)
                except Exception as error:  # a message that needs its region, say: the same
                    with pytest.raises(type(error)):
                        render_framed(name, context, autoescape=autoescape)
                    continue
                assert render_framed(name, context, autoescape=autoescape) == expected
                compared += 1
    assert compared >= 12  # at least every combination with a region, in both languages


def test_the_frame_follows_the_region_and_the_language(region, other_region):
    """Two regions, two languages, one after the other: each message gets its own signature."""
    person = UserFactory(full_name="Piet", language="nl")
    english = UserFactory(full_name="Jane", language="en")
    other_region.desk_phone = "020 555 00 00"
    seen = set()
    for place in (region, other_region, region):
        for recipient in (person, english):
            _language, _subject, text, html = mail_render(
                recipient=recipient, template="test", context={}, region=place
            )
            assert place.name in text and place.name in html
            assert recipient.full_name in text and recipient.full_name in html
            assert ("020 555 00 00" in text) == (place == other_region)
            seen.add((place.pk, recipient.language, "Beste" in text))
    assert seen == {
        (region.pk, "nl", True),
        (region.pk, "en", False),
        (other_region.pk, "nl", True),
        (other_region.pk, "en", False),
    }


def test_a_template_that_is_not_a_plain_frame_is_rendered_the_ordinary_way():
    engine = Engine.get_default()
    template = engine.from_string(
        '{% extends "mail/base.txt" %}{% block title %}T{% endblock %}{% block body %}B'
        "{% endblock %}"
    )
    from loket.core.mail.frame import _framed_parts  # noqa: PLC0415

    assert _framed_parts(template) == (None, None)


def test_a_body_sees_what_the_base_sets_and_block_super_renders_the_ordinary_way(settings):
    """A body that reads the base's LANGUAGE_CODE, or asks for the base's block, renders as
    it would inside the base (templates of this test only, in an engine of their own)."""
    sources = {
        name: (MAIL_DIR / name.removeprefix("mail/")).read_text()
        for name in ("mail/base.html", "mail/base.txt")
    }
    sources["mail/lang.html"] = (
        '{% extends "mail/base.html" %}{% block body %}<p lang="{{ LANGUAGE_CODE }}">'
        "{{ note }}</p>{% endblock %}"
    )
    sources["mail/super.txt"] = (
        '{% extends "mail/base.txt" %}{% block body %}[{{ block.super }}]{% endblock %}'
    )
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", sources)]},
        }
    ]
    context = {
        "recipient": SimpleNamespace(full_name="Ans"),
        "region": None,
        "portal_name": "Regioloket",
        "site_url": "https://loket.example",
        "unsubscribe_url": None,
        "note": "<b>",
    }
    for language in ("nl", "en"):
        with translation.override(language):
            html = render_framed("mail/lang.html", context, autoescape=True)
            assert html == ordinary("mail/lang.html", context, autoescape=True)
            assert f'<p lang="{language}">&lt;b&gt;</p>' in html
    text = render_framed("mail/super.txt", context, autoescape=False)
    assert text == ordinary("mail/super.txt", context, autoescape=False) and "[]" in text
