"""Fictional demo vacancies at the demo schools (see ``loket.demo``).

Each vacancy's natural key is (school, title): seeding twice creates nothing new. Dates are
relative to the day of seeding so the board always shows open posts; a few are drafts or
closed so the HR pages show every status.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from loket.core.models import School, Subject, User
from vacatures.models import ContractType, Vacancy, VacancyEvent, VacancyStatus
from vacatures.services.vacancies import vacancy_refresh_search_vector

P, T, R = ContractType.PERMANENT, ContractType.TEMPORARY, ContractType.REPLACEMENT
FIRST, SECOND, TRAINING = "first_grade", "second_grade", "in_training"

# (branch, title, subject slugs, qualification, hours, contract, start in days (None = asap),
#  closes in days, career switchers, salary scale, salary min, salary max, status, contact)
VACANCIES = [
    (
        "90AA00",
        "Groepsleerkracht groep 5/6",
        ["groepsleerkracht"],
        TRAINING,
        32,
        P,
        60,
        30,
        True,
        "L10",
        3400,
        5100,
        "published",
        "Marieke de Vries",
    ),  # noqa: E501
    (
        "90AA00",
        "Invalkracht onderbouw (zwangerschapsverlof)",
        ["groepsleerkracht"],
        SECOND,
        24,
        R,
        20,
        14,
        True,
        "L10",
        3400,
        5100,
        "published",
        "Marieke de Vries",
    ),  # noqa: E501
    (
        "90AB00",
        "Leerkracht groep 8 met ICT-taak",
        ["groepsleerkracht"],
        SECOND,
        40,
        P,
        None,
        21,
        True,
        "L11",
        3600,
        5600,
        "published",
        "Joost Bakker",
    ),  # noqa: E501
    (
        "90AC00",
        "Zij-instromer basisonderwijs",
        ["groepsleerkracht"],
        TRAINING,
        32,
        T,
        90,
        45,
        True,
        "L10",
        3400,
        5100,
        "published",
        "Fatima el Amrani",
    ),  # noqa: E501
    (
        "90AD00",
        "Leerkracht speciaal onderwijs (cluster 4)",
        ["speciaal-onderwijs"],
        SECOND,
        28,
        P,
        45,
        28,
        True,
        "L11",
        3600,
        5600,
        "published",
        "Peter Jansen",
    ),  # noqa: E501
    (
        "90BA00",
        "Docent wiskunde bovenbouw havo/vwo",
        ["wiskunde"],
        FIRST,
        32,
        P,
        60,
        30,
        False,
        "LC",
        4000,
        6000,
        "published",
        "Hanna HR-School",
    ),  # noqa: E501
    (
        "90BA00",
        "Docent natuurkunde (eerstegraads)",
        ["natuurkunde"],
        FIRST,
        24,
        P,
        60,
        35,
        True,
        "LD",
        4700,
        6900,
        "published",
        "Hanna HR-School",
    ),  # noqa: E501
    (
        "90BA00",
        "Docent Nederlands onderbouw",
        ["nederlands"],
        SECOND,
        20,
        T,
        30,
        20,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Hanna HR-School",
    ),  # noqa: E501
    (
        "90BA00",
        "Docent Frans",
        ["frans"],
        SECOND,
        16,
        R,
        14,
        10,
        True,
        "LB",
        3700,
        5300,
        "draft",
        "Hanna HR-School",
    ),  # noqa: E501
    (
        "90BB00",
        "Docent techniek BWI (vmbo)",
        ["techniek-bwi"],
        TRAINING,
        32,
        P,
        45,
        30,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Sander Visser",
    ),  # noqa: E501
    (
        "90BB00",
        "Docent Produceren, installeren en energie",
        ["techniek-pie"],
        TRAINING,
        40,
        P,
        45,
        30,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Sander Visser",
    ),  # noqa: E501
    (
        "90BB00",
        "Docent Engels vmbo",
        ["engels"],
        SECOND,
        24,
        T,
        30,
        14,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Sander Visser",
    ),  # noqa: E501
    (
        "90BC00",
        "Docent scheikunde havo/vwo",
        ["scheikunde"],
        FIRST,
        28,
        P,
        60,
        40,
        True,
        "LC",
        4000,
        6000,
        "published",
        "Ingrid Smit",
    ),  # noqa: E501
    (
        "90BC00",
        "Docent klassieke talen",
        ["klassieke-talen"],
        FIRST,
        20,
        P,
        60,
        40,
        False,
        "LD",
        4700,
        6900,
        "published",
        "Ingrid Smit",
    ),  # noqa: E501
    (
        "90BD00",
        "Docent informatica",
        ["informatica"],
        SECOND,
        24,
        P,
        45,
        25,
        True,
        "LC",
        4000,
        6000,
        "published",
        "Ahmed Yilmaz",
    ),  # noqa: E501
    (
        "90BD00",
        "Docent Duits (vervanging)",
        ["duits"],
        SECOND,
        16,
        R,
        10,
        7,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Ahmed Yilmaz",
    ),  # noqa: E501
    (
        "90BD00",
        "Docent economie",
        ["economie"],
        SECOND,
        24,
        T,
        60,
        -3,
        True,
        "LB",
        3700,
        5300,
        "closed",
        "Ahmed Yilmaz",
    ),  # noqa: E501
    (
        "90BE00",
        "Praktijkdocent groen en techniek",
        ["groen"],
        TRAINING,
        32,
        P,
        30,
        21,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Wim de Boer",
    ),  # noqa: E501
    (
        "90CA00",
        "Docent elektrotechniek",
        ["elektrotechniek"],
        TRAINING,
        32,
        P,
        60,
        30,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Karin Mulder",
    ),  # noqa: E501
    (
        "90CA00",
        "Docent werktuigbouwkunde",
        ["werktuigbouwkunde"],
        TRAINING,
        36,
        P,
        60,
        30,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Karin Mulder",
    ),  # noqa: E501
    (
        "90CB00",
        "Docent zorg en welzijn",
        ["zorg-en-welzijn"],
        TRAINING,
        28,
        T,
        45,
        20,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Ellen Bos",
    ),  # noqa: E501
    (
        "90CB00",
        "Docent rekenen",
        ["rekenen"],
        SECOND,
        20,
        T,
        30,
        18,
        True,
        "LB",
        3700,
        5300,
        "draft",
        "Ellen Bos",
    ),  # noqa: E501
    (
        "91AA00",
        "Leerkracht groep 3",
        ["groepsleerkracht"],
        SECOND,
        32,
        P,
        60,
        30,
        True,
        "L10",
        3400,
        5100,
        "published",
        "Saskia Kok",
    ),  # noqa: E501
    (
        "91AB00",
        "Jenaplanleerkracht middenbouw",
        ["groepsleerkracht"],
        TRAINING,
        24,
        P,
        60,
        28,
        True,
        "L10",
        3400,
        5100,
        "published",
        "Tom Hendriks",
    ),  # noqa: E501
    (
        "91AE00",
        "Leerkracht groep 7/8",
        ["groepsleerkracht"],
        SECOND,
        40,
        P,
        None,
        14,
        True,
        "L11",
        3600,
        5600,
        "published",
        "Anja van Dijk",
    ),  # noqa: E501
    (
        "91BA00",
        "Docent wiskunde (eerstegraads)",
        ["wiskunde"],
        FIRST,
        32,
        P,
        60,
        30,
        True,
        "LC",
        4000,
        6000,
        "published",
        "Ruud Vermeulen",
    ),  # noqa: E501
    (
        "91BA00",
        "Docent biologie",
        ["biologie"],
        SECOND,
        20,
        T,
        60,
        30,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Ruud Vermeulen",
    ),  # noqa: E501
    (
        "91BB00",
        "Docent mobiliteit en transport",
        ["techniek-mt"],
        TRAINING,
        32,
        P,
        45,
        30,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Nicole Peters",
    ),  # noqa: E501
    (
        "91BC00",
        "Docent Nederlands (vmbo-havo)",
        ["nederlands"],
        SECOND,
        28,
        P,
        45,
        25,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Mark Willems",
    ),  # noqa: E501
    (
        "91BE00",
        "Docent aardrijkskunde",
        ["aardrijkskunde"],
        SECOND,
        16,
        R,
        20,
        10,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Laura Dekker",
    ),  # noqa: E501
    (
        "91CA00",
        "Docent ICT en software development",
        ["ict-mbo"],
        TRAINING,
        32,
        P,
        60,
        35,
        True,
        "LB",
        3700,
        5300,
        "published",
        "Bram Schouten",
    ),  # noqa: E501
    (
        "91CB00",
        "Docent bedrijfseconomie mbo",
        ["economie"],
        TRAINING,
        24,
        P,
        60,
        -10,
        True,
        "LB",
        3700,
        5300,
        "filled",
        "Yvonne Maas",
    ),  # noqa: E501
]

DESCRIPTION = """{school} zoekt een {title_lower}.

**Wat ga je doen?**
Je geeft les aan gemotiveerde leerlingen, werkt samen in een betrokken sectie en denkt mee
over de ontwikkeling van het onderwijs.

**Wat vragen wij?**
- {qualification}
- Enthousiasme om met jongeren te werken
- Zin om te blijven leren

**Wat bieden wij?**
- Een goede inwerkperiode met een vaste begeleider
- Ruimte voor opleiding{switchers}
- Salaris volgens de cao, schaal {scale}
"""

QUALIFICATION_TEXT = {
    FIRST: "Een eerstegraads bevoegdheid (of bijna afgerond)",
    SECOND: "Een tweedegraads bevoegdheid (of bijna afgerond)",
    TRAINING: "Een bevoegdheid, of de wil om die via een opleiding te halen",
}


@transaction.atomic
def seed() -> None:
    today = timezone.localdate()
    now = timezone.now()
    schools = {school.branch_number: school for school in School.objects.all()}
    subjects = {subject.slug: subject for subject in Subject.objects.all()}
    hr_user = User.objects.filter(email="hr.school@demo.regioloket.example").first()
    for (
        branch,
        title,
        subject_slugs,
        qualification,
        hours,
        contract,
        start_in,
        closes_in,
        switchers,
        scale,
        salary_min,
        salary_max,
        status,
        contact,
    ) in VACANCIES:
        school = schools.get(branch)
        if school is None or Vacancy.objects.filter(school=school, title=title).exists():
            continue
        start = today + datetime.timedelta(days=start_in) if start_in is not None else None
        closing = today + datetime.timedelta(days=closes_in)
        if start and closing < start:
            # The desk's rule: applications close on or after the start date.
            start = closing
        if status in ("closed", "filled"):
            # Closed and filled posts ran their course in the past.
            start, closing = None, today + datetime.timedelta(days=closes_in)
        vacancy = Vacancy.objects.create(
            school=school,
            title=title,
            sectors=list(school.sectors),
            school_types=list(school.school_types),
            qualification=qualification,
            hours_per_week=hours,
            contract_type=contract,
            start_date=start,
            closing_date=closing,
            open_to_career_switchers=switchers and school.accepts_career_switchers,
            salary_scale=scale,
            salary_min=salary_min,
            salary_max=salary_max,
            description=DESCRIPTION.format(
                school=school.name,
                title_lower=title[0].lower() + title[1:],
                qualification=QUALIFICATION_TEXT[qualification],
                switchers=" en zij-instroom" if switchers else "",
                scale=scale,
            ),
            contact_name=contact,
            contact_email=f"vacatures@{branch.lower()}.school.example",
            contact_phone="030 000 0000" if school.region.slug == "domstad" else "033 000 0000",
            status=status,
            published_at=None if status == "draft" else now - datetime.timedelta(days=len(title)),
            created_by=hr_user if branch == "90BA00" else None,
        )
        vacancy.subjects.set([subjects[slug] for slug in subject_slugs if slug in subjects])
        VacancyEvent.objects.create(
            vacancy=vacancy, kind=VacancyEvent.Kind.CREATED, to_status=VacancyStatus.DRAFT
        )
        if status != "draft":
            VacancyEvent.objects.create(
                vacancy=vacancy,
                kind=VacancyEvent.Kind.STATUS,
                from_status=VacancyStatus.DRAFT,
                to_status=status,
            )
        vacancy_refresh_search_vector(vacancy=vacancy)
