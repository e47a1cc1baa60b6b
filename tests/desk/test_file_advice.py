"""The candidate file shows what the advice reads (a degree in progress, DUO recognition, still
teaching, the years of secondary) and the advice's first step with its reason."""

import pytest
from django.urls import reverse

from tests.desk.conftest import login

pytestmark = pytest.mark.django_db


def test_the_file_shows_the_advice_profile_and_the_first_step(client, guide, candidate):
    candidate.education = "havo_vwo"
    candidate.degree_in_progress = "wo_bachelor"
    candidate.sectors = ["vo"]
    candidate.secondary_level = "upper"
    candidate.save()
    candidate.qualifications.create(country="foreign", grade="first", recognised=True)
    login(client, guide)
    html = client.get(reverse("desk:candidate", args=[candidate.pk])).content.decode()
    assert "Studying for a wo bachelor" in html
    assert "(recognised by DUO)" in html
    assert "Also the upper years of havo and vwo (first grade)" in html
    assert "First step:" in html
    assert "You already hold a teaching qualification for what you want to teach" in html
