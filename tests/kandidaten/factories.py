import factory

from kandidaten.models import Candidate, Phase
from loket.core.models import PostcodeArea, Role
from tests.factories import RegionFactory, UserFactory, give_role


class CandidateFactory(factory.django.DjangoModelFactory):
    """A candidate who finished registration (step 5) and is orienting."""

    class Meta:
        model = Candidate
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.SelfAttribute("user.full_name")
    postcode = "3511 AB"
    region = factory.SubFactory(RegionFactory)
    latitude = 52.09
    longitude = 5.12
    education = "hbo"
    field_of_study = "Werktuigbouwkunde"
    field_related = "yes"
    situation = "employed"
    dutch_level = "native"
    sectors = factory.LazyFunction(lambda: ["vo"])
    hours_per_week = 24
    max_travel_km = 25
    consent_desk = True
    phase = Phase.ORIENTATIE
    registration_step = 5

    @factory.post_generation
    def candidate_role(self, create, extracted, **kwargs):
        if create:
            give_role(self.user, Role.CANDIDATE)


def utrecht_area():
    return PostcodeArea.objects.update_or_create(
        digits="3511",
        defaults={"municipality": "Utrecht", "latitude": 52.0907, "longitude": 5.1214},
    )[0]


def seed_reference_data():
    """Transactional (browser) tests flush the database, data migrations included; tests put
    the routes and privacy statement back when missing."""
    from loket.demo.candidates import ensure_reference_data

    ensure_reference_data()
