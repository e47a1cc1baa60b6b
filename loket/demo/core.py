"""Fictional demo data for the desk: two regions with boards, schools, subjects and institutes.

Every row is created with ``update_or_create`` on a natural key, so seeding twice changes nothing.
School names, people and addresses are invented; coordinates are real places so distances work.
"""

from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.db import transaction

from loket import demo_constants
from loket.core.management.commands.import_postcode_areas import import_csv
from loket.core.models import (
    Board,
    Region,
    Role,
    RoleAssignment,
    School,
    Sector,
    Subject,
    TrainingInstitute,
    User,
)

PO, VO, MBO, SO = Sector.PO, Sector.VO, Sector.MBO, Sector.SO

# (slug, name, sectors, shortage, related slugs)
SUBJECTS: list[tuple[str, str, list[str], bool, list[str]]] = [
    ("groepsleerkracht", "Groepsleerkracht basisonderwijs", [PO], True, ["speciaal-onderwijs"]),
    ("speciaal-onderwijs", "Leerkracht speciaal onderwijs", [SO], True, ["groepsleerkracht"]),
    ("nederlands", "Nederlands", [VO, MBO], True, ["klassieke-talen"]),
    ("engels", "Engels", [VO, MBO], True, ["duits", "frans", "spaans"]),
    ("duits", "Duits", [VO, MBO], True, ["engels", "frans"]),
    ("frans", "Frans", [VO], True, ["engels", "duits", "spaans"]),
    ("spaans", "Spaans", [VO], False, ["frans"]),
    ("klassieke-talen", "Klassieke talen (Latijn en Grieks)", [VO], True, ["nederlands"]),
    ("wiskunde", "Wiskunde", [VO], True, ["natuurkunde", "rekenen", "informatica"]),
    ("rekenen", "Rekenen", [MBO], True, ["wiskunde"]),
    ("natuurkunde", "Natuurkunde", [VO], True, ["wiskunde", "scheikunde", "nask"]),
    ("scheikunde", "Scheikunde", [VO], True, ["natuurkunde", "biologie", "nask"]),
    ("nask", "Natuur- en scheikunde (NaSk)", [VO], True, ["natuurkunde", "scheikunde"]),
    ("biologie", "Biologie", [VO], False, ["scheikunde", "zorg-en-welzijn"]),
    ("informatica", "Informatica", [VO, MBO], True, ["wiskunde", "media-vormgeving-ict"]),
    ("aardrijkskunde", "Aardrijkskunde", [VO], False, ["geschiedenis"]),
    ("geschiedenis", "Geschiedenis", [VO], False, ["aardrijkskunde", "maatschappijleer"]),
    ("economie", "Economie", [VO, MBO], False, ["bedrijfseconomie", "economie-ondernemen"]),
    ("bedrijfseconomie", "Bedrijfseconomie", [VO], False, ["economie"]),
    ("maatschappijleer", "Maatschappijleer", [VO], False, ["geschiedenis", "burgerschap"]),
    ("filosofie", "Filosofie", [VO], False, ["levensbeschouwing"]),
    ("levensbeschouwing", "Levensbeschouwing", [VO], False, ["filosofie"]),
    ("lichamelijke-opvoeding", "Lichamelijke opvoeding", [VO, MBO], False, []),
    ("beeldende-vorming", "Beeldende vorming", [VO], False, ["ckv"]),
    ("muziek", "Muziek", [VO], False, ["ckv"]),
    ("ckv", "Culturele en kunstzinnige vorming (CKV)", [VO], False, ["muziek"]),
    ("techniek-bwi", "Bouwen, wonen en interieur (vmbo)", [VO], True, ["bouwkunde"]),
    ("techniek-pie", "Produceren, installeren en energie (vmbo)", [VO], True, ["elektrotechniek"]),
    ("techniek-mt", "Mobiliteit en transport (vmbo)", [VO], True, ["werktuigbouwkunde"]),
    ("media-vormgeving-ict", "Media, vormgeving en ICT (vmbo)", [VO], True, ["informatica"]),
    ("zorg-en-welzijn", "Zorg en welzijn", [VO, MBO], False, ["biologie"]),
    ("economie-ondernemen", "Economie en ondernemen (vmbo)", [VO], False, ["economie"]),
    ("horeca", "Horeca, bakkerij en recreatie", [VO, MBO], True, []),
    ("groen", "Groen", [VO, MBO], False, ["biologie"]),
    ("elektrotechniek", "Elektrotechniek", [MBO], True, ["techniek-pie", "natuurkunde"]),
    ("werktuigbouwkunde", "Werktuigbouwkunde", [MBO], True, ["techniek-mt"]),
    ("bouwkunde", "Bouwkunde", [MBO], True, ["techniek-bwi"]),
    ("ict-mbo", "ICT en software development", [MBO], True, ["informatica"]),
    ("burgerschap", "Loopbaan en burgerschap", [MBO], False, ["maatschappijleer"]),
]


@dataclass
class RegionSeed:
    slug: str
    name: str
    email: str
    phone: str
    boards: list[tuple[str, str]] = field(default_factory=list)
    # (branch, name, board index, sectors, school types, street, postcode, municipality, lat, lon,
    #  takes career switchers)
    schools: list[tuple] = field(default_factory=list)


REGIONS = [
    RegionSeed(
        slug="domstad",
        name="Onderwijsregio Domstad",
        email="loket@domstad.regioloket.example",
        phone="030 000 1234",
        boards=[
            ("41001", "Stichting Primair Onderwijs Vecht en Rijn"),
            ("41002", "Stichting Voortgezet Onderwijs Domstad"),
            ("41003", "ROC Midden-Domstad"),
        ],
        schools=[
            (
                "90AA00",
                "Basisschool De Regenboog",
                0,
                [PO],
                ["basisschool"],
                "Kanaalweg 12",
                "3526 KL",
                "Utrecht",
                52.0786,
                5.0994,
                True,
            ),
            (
                "90AB00",
                "Basisschool Het Klokhuis",
                0,
                [PO],
                ["basisschool"],
                "Amsterdamsestraatweg 310",
                "3551 CV",
                "Utrecht",
                52.1069,
                5.1006,
                True,
            ),
            (
                "90AC00",
                "Daltonschool De Uithof",
                0,
                [PO],
                ["basisschool"],
                "Weg tot de Wetenschap 4",
                "3584 CA",
                "Utrecht",
                52.0854,
                5.1721,
                True,
            ),
            (
                "90AD00",
                "Basisschool De Vlinder",
                0,
                [PO],
                ["basisschool"],
                "Lekboulevard 8",
                "3433 AA",
                "Nieuwegein",
                52.0291,
                5.0837,
                False,
            ),
            (
                "90AE00",
                "Montessorischool Houten",
                0,
                [PO],
                ["basisschool"],
                "Rondweg 55",
                "3991 AB",
                "Houten",
                52.0283,
                5.1681,
                True,
            ),
            (
                "90AF00",
                "Speciaal Onderwijs De Brug",
                0,
                [SO],
                ["so"],
                "Oudwijk 20",
                "3581 TJ",
                "Utrecht",
                52.0892,
                5.1356,
                True,
            ),
            (
                "90BA00",
                "Domstad College",
                1,
                [VO],
                ["havo", "vwo"],
                "Biltstraat 150",
                "3572 BJ",
                "Utrecht",
                52.0950,
                5.1339,
                True,
            ),
            (
                "90BB00",
                "Vakcollege Leidsche Rijn",
                1,
                [VO],
                ["vmbo"],
                "Grauwaartsingel 2",
                "3541 AA",
                "Utrecht",
                52.0977,
                5.0491,
                True,
            ),
            (
                "90BC00",
                "Lyceum Zeist",
                1,
                [VO],
                ["havo", "vwo"],
                "Laan van Vollenhove 3",
                "3706 AR",
                "Zeist",
                52.0907,
                5.2333,
                True,
            ),
            (
                "90BD00",
                "Scholengemeenschap Nieuwegein",
                1,
                [VO],
                ["vmbo", "havo", "vwo"],
                "Batauweg 4",
                "3438 EH",
                "Nieuwegein",
                52.0210,
                5.0914,
                True,
            ),
            (
                "90BE00",
                "Praktijkschool De Werkplaats",
                1,
                [VO],
                ["praktijkonderwijs"],
                "Industrieweg 30",
                "3542 AD",
                "Utrecht",
                52.1052,
                5.0717,
                False,
            ),
            (
                "90CA00",
                "ROC Midden-Domstad Techniek",
                2,
                [MBO],
                ["mbo"],
                "Australiëlaan 5",
                "3526 AB",
                "Utrecht",
                52.0731,
                5.1089,
                True,
            ),
            (
                "90CB00",
                "ROC Midden-Domstad Zorg",
                2,
                [MBO],
                ["mbo"],
                "Vondellaan 200",
                "3521 GZ",
                "Utrecht",
                52.0802,
                5.1192,
                True,
            ),
        ],
    ),
    RegionSeed(
        slug="eemland",
        name="Onderwijsregio Eemland",
        email="loket@eemland.regioloket.example",
        phone="033 000 5678",
        boards=[
            ("42001", "Stichting Basisonderwijs Eem en Vallei"),
            ("42002", "Eemland Scholengroep"),
            ("42003", "MBO Eemland"),
        ],
        schools=[
            (
                "91AA00",
                "Basisschool De Eemster",
                0,
                [PO],
                ["basisschool"],
                "Soesterweg 100",
                "3812 BK",
                "Amersfoort",
                52.1601,
                5.3712,
                True,
            ),
            (
                "91AB00",
                "Jenaplanschool De Kei",
                0,
                [PO],
                ["basisschool"],
                "Hogeweg 40",
                "3814 CE",
                "Amersfoort",
                52.1524,
                5.4007,
                True,
            ),
            (
                "91AC00",
                "Basisschool Het Palet",
                0,
                [PO],
                ["basisschool"],
                "Dorpsstraat 15",
                "3732 HJ",
                "De Bilt",
                52.1105,
                5.1822,
                True,
            ),
            (
                "91AD00",
                "Basisschool De Wingerd",
                0,
                [PO],
                ["basisschool"],
                "Kerkewijk 60",
                "3904 JG",
                "Veenendaal",
                52.0262,
                5.5560,
                False,
            ),
            (
                "91AE00",
                "Basisschool Bunschoten",
                0,
                [PO],
                ["basisschool"],
                "Oostsingel 9",
                "3752 AA",
                "Bunschoten",
                52.2433,
                5.3747,
                True,
            ),
            (
                "91BA00",
                "Eemland Lyceum",
                1,
                [VO],
                ["havo", "vwo"],
                "Leusderweg 100",
                "3817 KB",
                "Amersfoort",
                52.1461,
                5.3811,
                True,
            ),
            (
                "91BB00",
                "Vakschool Eemland",
                1,
                [VO],
                ["vmbo"],
                "Hardwareweg 3",
                "3821 BL",
                "Amersfoort",
                52.1729,
                5.4102,
                True,
            ),
            (
                "91BC00",
                "Valleicollege Veenendaal",
                1,
                [VO],
                ["vmbo", "havo"],
                "Ericaweg 2",
                "3904 KS",
                "Veenendaal",
                52.0341,
                5.5699,
                True,
            ),
            (
                "91BD00",
                "Baarnsch Gymnasium",
                1,
                [VO],
                ["vwo"],
                "Wilhelminalaan 8",
                "3743 DA",
                "Baarn",
                52.2111,
                5.2884,
                False,
            ),
            (
                "91BE00",
                "Scholengemeenschap Leusden",
                1,
                [VO],
                ["vmbo", "havo", "vwo"],
                "Hamersveldseweg 60",
                "3833 GR",
                "Leusden",
                52.1312,
                5.4295,
                True,
            ),
            (
                "91CA00",
                "MBO Eemland Techniek",
                2,
                [MBO],
                ["mbo"],
                "Ringweg-Koppel 2",
                "3822 BZ",
                "Amersfoort",
                52.1721,
                5.3976,
                True,
            ),
            (
                "91CB00",
                "MBO Eemland Economie en Zorg",
                2,
                [MBO],
                ["mbo"],
                "Stadsring 180",
                "3811 HS",
                "Amersfoort",
                52.1579,
                5.3833,
                True,
            ),
        ],
    ),
]

INSTITUTES = [
    ("Hogeschool Domstad, Instituut Archimedes", "hbo", "Utrecht", ["domstad", "eemland"]),
    ("Universiteit Domstad, Graduate School of Teaching", "wo", "Utrecht", ["domstad"]),
    ("Pabo Eemland", "hbo", "Amersfoort", ["eemland"]),
]

DEMO_PASSWORD = demo_constants.DEMO_PASSWORD
# (email, full name, role, scope kind, scope key, is_staff)
DEMO_USERS = [
    ("beheer@demo.regioloket.example", "Demo Beheerder", None, None, None, True),
    (
        "coordinator@demo.regioloket.example",
        "Carla Coördinator",
        Role.COORDINATOR,
        "region",
        "domstad",
        True,
    ),
    (
        "loket@demo.regioloket.example",
        "Lotte Loketmedewerker",
        Role.DESK_STAFF,
        "region",
        "domstad",
        False,
    ),
    (
        "loket.eemland@demo.regioloket.example",
        "Erik Eemland",
        Role.DESK_STAFF,
        "region",
        "eemland",
        False,
    ),
    (
        "hr.school@demo.regioloket.example",
        "Hanna HR-School",
        Role.HR_OFFICER,
        "school",
        "90BA00",
        False,
    ),
    ("hr.bestuur@demo.regioloket.example", "Bas Bestuur", Role.HR_OFFICER, "board", "41002", False),
    (
        "adviseur@demo.regioloket.example",
        "Ada Adviseur",
        Role.STUDY_ADVISER,
        "institute",
        "Hogeschool Domstad, Instituut Archimedes",
        False,
    ),
    ("kandidaat@demo.regioloket.example", "Karim Kandidaat", Role.CANDIDATE, None, None, False),
]


def seed_subjects() -> dict[str, Subject]:
    subjects = {}
    for slug, name, sectors, shortage, _related in SUBJECTS:
        subjects[slug], _ = Subject.objects.update_or_create(
            slug=slug, defaults={"name": name, "sectors": sectors, "is_shortage": shortage}
        )
    for slug, _name, _sectors, _shortage, related in SUBJECTS:
        subjects[slug].related.set([subjects[r] for r in related])
    return subjects


DEMO_PRIVACY_STATEMENT = """### Wie is verantwoordelijk?

Het regioloket {region} verwerkt je gegevens om je te begeleiden naar een baan in het onderwijs.

### Welke gegevens en waarom?

Je profiel, je antwoorden en de notities van het loket, alleen met je toestemming. Scholen zien je
pas als je daar toestemming voor gaf, en je contactgegevens pas als een school je uitnodigt.

### Hoe lang?

Ben je lange tijd niet actief, dan krijg je eerst een waarschuwing; daarna worden je gegevens
verwijderd. Je kunt ze ook zelf inzien, downloaden en verwijderen via Mijn traject.

### Vragen?

Mail naar {email}.
"""


def seed_regions() -> dict[str, Region]:
    regions = {}
    for seed in REGIONS:
        region, _ = Region.objects.update_or_create(
            slug=seed.slug,
            defaults={"name": seed.name, "desk_email": seed.email, "desk_phone": seed.phone},
        )
        if not region.privacy_statement:
            # A demo text (a region writes its own in the admin); kept once edited.
            region.privacy_statement = DEMO_PRIVACY_STATEMENT.format(
                region=seed.name, email=seed.email
            )
            region.save(update_fields=["privacy_statement"])
        regions[seed.slug] = region
        boards = [
            Board.objects.update_or_create(
                region=region, name=name, defaults={"board_number": number}
            )[0]
            for number, name in seed.boards
        ]
        for (
            branch,
            name,
            board_index,
            sectors,
            types,
            street,
            postcode,
            town,
            lat,
            lon,
            takes,
        ) in seed.schools:
            School.objects.update_or_create(
                branch_number=branch,
                defaults={
                    "region": region,
                    "board": boards[board_index],
                    "name": name,
                    "sectors": sectors,
                    "school_types": types,
                    "street_address": street,
                    "postcode": postcode,
                    "municipality": town,
                    "latitude": lat,
                    "longitude": lon,
                    "accepts_career_switchers": takes,
                },
            )
    for name, kind, city, region_slugs in INSTITUTES:
        institute, _ = TrainingInstitute.objects.update_or_create(
            name=name, defaults={"kind": kind, "city": city}
        )
        institute.regions.set([regions[slug] for slug in region_slugs])
    return regions


def seed_users() -> list[tuple[str, str]]:
    """Create one demo user per role; returns (email, role label) for the start-up banner."""
    logins = []
    for email, full_name, role, scope_kind, scope_key, is_staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "is_staff": is_staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role is None:
                user.is_superuser = True
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role is not None:
            scope = {}
            if scope_kind == "region":
                scope["region"] = Region.objects.get(slug=scope_key)
            elif scope_kind == "school":
                scope["school"] = School.objects.get(branch_number=scope_key)
            elif scope_kind == "board":
                scope["board"] = Board.objects.get(board_number=scope_key)
            elif scope_kind == "institute":
                scope["institute"] = TrainingInstitute.objects.get(name=scope_key)
            RoleAssignment.objects.get_or_create(user=user, role=role, **scope)
        logins.append((email, str(Role(role).label) if role else "Superuser"))
    return logins


def seed_postcode_areas() -> None:
    import_csv(Path(__file__).resolve().parent.parent / "data" / "pc4_demo.csv")


@transaction.atomic
def seed() -> list[tuple[str, str]]:
    seed_postcode_areas()
    seed_subjects()
    seed_regions()
    return seed_users()
