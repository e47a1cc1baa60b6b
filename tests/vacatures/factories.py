import datetime

import factory
from django.utils import timezone

from loket.core.models import Role
from tests.factories import SchoolFactory, SubjectFactory, UserFactory, give_role
from vacatures.models import ContractType, Qualification, Vacancy, VacancyStatus
from vacatures.services.vacancies import vacancy_refresh_search_vector


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Docent {n}")
    sectors = factory.LazyAttribute(lambda o: list(o.school.sectors))
    school_types = factory.LazyAttribute(lambda o: list(o.school.school_types))
    qualification = Qualification.SECOND_GRADE
    hours_per_week = 24
    contract_type = ContractType.PERMANENT
    start_date = factory.LazyFunction(lambda: in_days(30))
    closing_date = factory.LazyFunction(lambda: in_days(30))
    open_to_career_switchers = True
    salary_scale = "LB"
    description = "Wij zoeken een enthousiaste docent.\n\n- Goede begeleiding\n- Ruimte om te leren"
    contact_name = "Hanna de Wit"
    contact_email = "vacatures@school.example"
    status = VacancyStatus.DRAFT

    class Params:
        published = factory.Trait(
            status=VacancyStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if not create:
            return
        self.subjects.set(extracted if extracted is not None else [SubjectFactory()])
        vacancy_refresh_search_vector(vacancy=self)


def hr_officer_for(*, school=None, board=None, **kwargs):
    user = UserFactory(**kwargs)
    give_role(user, Role.HR_OFFICER, school=school, board=board)
    return user


def desk_staff_of(region, **kwargs):
    user = UserFactory(**kwargs)
    give_role(user, Role.DESK_STAFF, region=region)
    return user


def candidate(**kwargs):
    user = UserFactory(**kwargs)
    give_role(user, Role.CANDIDATE)
    return user
