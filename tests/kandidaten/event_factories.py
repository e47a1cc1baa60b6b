import datetime

import factory
from django.utils import timezone

from kandidaten.models import Appointment, Event, EventRegistration, IntakeSlot
from tests.factories import RegionFactory
from tests.kandidaten.factories import CandidateFactory


def in_days(days: float, *, hour: int | None = None) -> datetime.datetime:
    moment = timezone.now() + datetime.timedelta(days=days)
    if hour is not None:
        moment = timezone.localtime(moment).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment


class EventFactory(factory.django.DjangoModelFactory):
    """A published information evening a week from now, two hours long, 20 places."""

    class Meta:
        model = Event

    region = factory.SubFactory(RegionFactory)
    kind = Event.Kind.INFO
    title = factory.Sequence(lambda n: f"Informatieavond {n}")
    description = "Kom kennismaken met het loket."
    starts_at = factory.LazyFunction(lambda: in_days(7, hour=19))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "Stadhuisplein 1, Utrecht"
    capacity = 20
    is_published = True


class EventRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    candidate = factory.SubFactory(CandidateFactory)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    candidate = factory.SubFactory(CandidateFactory)
    kind = Appointment.Kind.INTAKE
    starts_at = factory.LazyFunction(lambda: in_days(3, hour=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    location = "Loket Domstad, Utrecht"


class IntakeSlotFactory(factory.django.DjangoModelFactory):
    """A free hour of a guide, three days from now at 14:00, at the desk."""

    class Meta:
        model = IntakeSlot

    guide = factory.SubFactory("tests.factories.UserFactory")
    region = factory.SubFactory(RegionFactory)
    starts_at = factory.LazyFunction(lambda: in_days(3, hour=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    location = "Loket Domstad, Utrecht"
