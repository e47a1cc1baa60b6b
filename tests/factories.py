import factory
from allauth.account.models import EmailAddress

from loket.core.models import Board, Region, Role, RoleAssignment, School, Sector, Subject, User

PASSWORD = "correct-horse-battery-9"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Onderwijsregio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    desk_email = factory.LazyAttribute(lambda o: f"loket@{o.slug}.example")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Stichting {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    board = factory.SubFactory(BoardFactory)
    region = factory.SelfAttribute("board.region")
    name = factory.Sequence(lambda n: f"School {n}")
    branch_number = factory.Sequence(
        lambda n: f"{n % 100:02d}Z{chr(65 + n // 100 % 26)}{n % 100:02d}"
    )
    sectors = factory.LazyFunction(lambda: [Sector.VO])
    school_types = factory.LazyFunction(lambda: ["havo", "vwo"])
    street_address = "Schoolstraat 1"
    postcode = "3511 AA"
    municipality = "Utrecht"
    latitude = 52.09
    longitude = 5.12

    class Params:
        primary = factory.Trait(
            sectors=factory.LazyFunction(lambda: [Sector.PO]),
            school_types=factory.LazyFunction(lambda: ["basisschool"]),
        )


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Vak {n}")
    slug = factory.Sequence(lambda n: f"vak-{n}")
    sectors = factory.LazyFunction(lambda: [Sector.VO])
    is_shortage = False


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def give_role(user: User, role: str, **scope) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, **scope)


def coordinator_of(region: Region, **kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    give_role(user, Role.COORDINATOR, region=region)
    return user


def deliver_outbox() -> None:
    """Send what the outbox holds, as the worker would (in this process, to mail.outbox)."""
    from loket.core.mail.delivery import mail_deliver
    from loket.core.models import OutgoingMail

    for pk in OutgoingMail.objects.filter(status="queued").values_list("pk", flat=True):
        mail_deliver(mail_id=pk)
