"""The Dutch routes into teaching and the first privacy statement, so a fresh install advises.

Rows are keyed on slug/version and only created when missing: a coordinator's later edits in
the admin are never overwritten.
"""

from django.db import migrations

ROUTES = [
    {
        "slug": "zij-instroom-po",
        "order": 10,
        "name": "Zij-instroom in het basisonderwijs",
        "name_en": "Career switch into primary education (zij-instroom po)",
        "explanation": (
            "Met een hbo- of wo-diploma ga je direct aan het werk als leerkracht op een "
            "basisschool en haal je in maximaal twee jaar je bevoegdheid via een verkort "
            "pabo-traject. De school neemt je in dienst; eerst volgt een geschiktheidsonderzoek."
        ),
        "explanation_en": (
            "With an hbo or wo degree you start working as a teacher at a primary school right "
            "away and earn your qualification within two years through a shortened pabo "
            "programme. The school employs you; a suitability assessment comes first."
        ),
        "sectors": ["po"],
        "min_education": "hbo",
        "requires_school_job": True,
        "leads_to": "primary",
        "duration": "Maximaal 2 jaar werken en leren",
        "duration_en": "At most 2 years of working and learning",
        "cost_indication": "Meestal betaalt de school met de subsidie zij-instroom; je krijgt salaris",
        "cost_indication_en": (
            "Usually paid by the school with the career-switch grant; you earn a salary"
        ),
        "where_to_study": "Pabo Eemland; Hogeschool Domstad",
    },
    {
        "slug": "zij-instroom-vo",
        "order": 20,
        "name": "Zij-instroom in het voortgezet onderwijs",
        "name_en": "Career switch into secondary education (zij-instroom vo)",
        "explanation": (
            "Met een hbo- of wo-diploma in een vak dat aansluit bij een schoolvak werk je als "
            "docent en haal je binnen twee jaar je bevoegdheid. Met een hbo-diploma wordt dat "
            "meestal tweedegraads, met een passende wo-master eerstegraads. Je hebt een baan op "
            "een school nodig en een positief geschiktheidsonderzoek."
        ),
        "explanation_en": (
            "With an hbo or wo degree in a field that matches a school subject you work as a "
            "teacher and earn your qualification within two years: usually second grade with an "
            "hbo degree, first grade with a related wo master. You need a job at a school and a "
            "positive suitability assessment."
        ),
        "sectors": ["vo"],
        "min_education": "hbo",
        "requires_related_field": True,
        "requires_school_job": True,
        "leads_to": "second",
        "duration": "Maximaal 2 jaar werken en leren",
        "duration_en": "At most 2 years of working and learning",
        "cost_indication": "Meestal betaalt de school met de subsidie zij-instroom; je krijgt salaris",
        "cost_indication_en": (
            "Usually paid by the school with the career-switch grant; you earn a salary"
        ),
        "where_to_study": (
            "Hogeschool Domstad, Instituut Archimedes; "
            "Universiteit Domstad, Graduate School of Teaching"
        ),
    },
    {
        "slug": "zij-instroom-mbo",
        "order": 30,
        "name": "Zij-instroom in het mbo",
        "name_en": "Career switch into vocational education (zij-instroom mbo)",
        "explanation": (
            "Als vakman of -vrouw met een hbo- of wo-diploma geef je les in jouw vak aan een "
            "mbo-college. Je werkt bij het college en haalt binnen twee jaar je bevoegdheid."
        ),
        "explanation_en": (
            "As a professional with an hbo or wo degree you teach your own trade at an mbo "
            "college. The college employs you and you earn your qualification within two years."
        ),
        "sectors": ["mbo"],
        "min_education": "hbo",
        "requires_related_field": True,
        "requires_school_job": True,
        "leads_to": "second",
        "duration": "Maximaal 2 jaar werken en leren",
        "duration_en": "At most 2 years of working and learning",
        "cost_indication": "Meestal betaalt het college; je krijgt salaris",
        "cost_indication_en": "Usually paid by the college; you earn a salary",
        "where_to_study": "Hogeschool Domstad, Instituut Archimedes",
    },
    {
        "slug": "mbo-pdg",
        "order": 40,
        "name": "Docent in het mbo met een PDG",
        "name_en": "Teaching in mbo with a PDG certificate",
        "explanation": (
            "Heb je een hbo- of wo-diploma in het vak dat je wilt onderwijzen, dan mag je in het "
            "mbo lesgeven terwijl je binnen een vaste termijn het pedagogisch-didactisch "
            "getuigschrift (PDG) haalt."
        ),
        "explanation_en": (
            "With an hbo or wo degree in the trade you want to teach, you may teach in mbo while "
            "you earn the pedagogical-didactic certificate (PDG) within a set period."
        ),
        "sectors": ["mbo"],
        "min_education": "hbo",
        "requires_related_field": True,
        "requires_school_job": True,
        "leads_to": "pdg",
        "duration": "1 tot 2 jaar naast je werk",
        "duration_en": "1 to 2 years alongside your job",
        "cost_indication": "Vaak vergoed door het mbo-college",
        "cost_indication_en": "Often paid by the mbo college",
        "where_to_study": "Hogeschool Domstad, Instituut Archimedes",
    },
    {
        "slug": "tweedegraads-hbo",
        "order": 50,
        "name": "Tweedegraads lerarenopleiding (hbo)",
        "name_en": "Second-grade teacher training (hbo)",
        "explanation": (
            "De hbo-lerarenopleiding leidt op voor het vmbo, de onderbouw van havo en vwo en het "
            "mbo. Voltijd, deeltijd of duaal; met een eerder diploma krijg je vaak vrijstellingen."
        ),
        "explanation_en": (
            "The hbo teacher-training programme qualifies you for vmbo, the lower years of havo "
            "and vwo, and mbo. Full-time, part-time or dual; an earlier degree often gives "
            "exemptions."
        ),
        "sectors": ["vo", "mbo"],
        "min_education": "mbo",
        "leads_to": "second",
        "duration": "4 jaar voltijd; deeltijd of duaal 2 tot 4 jaar",
        "duration_en": "4 years full-time; part-time or dual 2 to 4 years",
        "cost_indication": "Wettelijk collegegeld; de lerarenbeurs kan helpen",
        "cost_indication_en": "Statutory tuition fee; the teacher grant can help",
        "where_to_study": "Hogeschool Domstad, Instituut Archimedes",
    },
    {
        "slug": "educatieve-minor",
        "order": 60,
        "name": "Educatieve minor",
        "name_en": "Educational minor",
        "explanation": (
            "Studeer je nog, dan kun je binnen je bachelor een educatieve minor volgen. Die geeft "
            "een beperkte tweedegraads bevoegdheid voor de onderbouw van havo en vwo en het vmbo "
            "(theoretische leerweg)."
        ),
        "explanation_en": (
            "If you are still studying, you can take an educational minor within your bachelor. "
            "It gives a limited second-grade qualification for the lower years of havo and vwo "
            "and theoretical vmbo."
        ),
        "sectors": ["vo"],
        "min_education": "none",
        "situations": ["student"],
        "leads_to": "second",
        "duration": "Een half jaar (30 EC) binnen je bachelor",
        "duration_en": "Half a year (30 EC) within your bachelor",
        "cost_indication": "Geen extra kosten naast je collegegeld",
        "cost_indication_en": "No cost on top of your tuition fee",
        "where_to_study": "Universiteit Domstad; Hogeschool Domstad",
    },
    {
        "slug": "eerstegraads-universitair",
        "order": 70,
        "name": "Universitaire lerarenopleiding (eerstegraads)",
        "name_en": "University teacher training (first grade)",
        "explanation": (
            "Met een wo-master die aansluit bij een schoolvak volg je een eenjarige "
            "lerarenmaster en mag je daarna in alle klassen van het voortgezet onderwijs lesgeven, "
            "ook in de bovenbouw van havo en vwo."
        ),
        "explanation_en": (
            "With a wo master in a field that matches a school subject you follow a one-year "
            "teaching master and may then teach every year of secondary education, including "
            "upper havo and vwo."
        ),
        "sectors": ["vo"],
        "min_education": "wo_master",
        "requires_related_field": True,
        "leads_to": "first",
        "duration": "1 jaar voltijd of 2 jaar deeltijd",
        "duration_en": "1 year full-time or 2 years part-time",
        "cost_indication": "Collegegeld; voor een tweede master soms hoger, de lerarenbeurs helpt",
        "cost_indication_en": (
            "Tuition fee; sometimes higher for a second master, the teacher grant helps"
        ),
        "where_to_study": "Universiteit Domstad, Graduate School of Teaching",
    },
    {
        "slug": "hbo-master-leraar",
        "order": 80,
        "name": "Master Leraar (hbo, eerstegraads)",
        "name_en": "Master's in teaching (hbo, first grade)",
        "explanation": (
            "Een hbo-masteropleiding tot eerstegraads leraar, meestal in deeltijd naast je werk. "
            "Toegang met een tweedegraads bevoegdheid of een bachelor die aansluit bij het vak."
        ),
        "explanation_en": (
            "An hbo master's programme for a first-grade qualification, usually part-time next to "
            "your job. Entry with a second-grade qualification or a bachelor related to the "
            "subject."
        ),
        "sectors": ["vo"],
        "min_education": "hbo",
        "requires_related_field": True,
        "leads_to": "first",
        "duration": "2 tot 3 jaar deeltijd",
        "duration_en": "2 to 3 years part-time",
        "cost_indication": "Wettelijk collegegeld; de lerarenbeurs kan helpen",
        "cost_indication_en": "Statutory tuition fee; the teacher grant can help",
        "where_to_study": "Hogeschool Domstad, Instituut Archimedes",
    },
    {
        "slug": "pabo",
        "order": 90,
        "name": "Pabo (voltijd of deeltijd)",
        "name_en": "Primary teacher training (pabo, full-time or part-time)",
        "explanation": (
            "De pabo leidt op tot leerkracht in het basisonderwijs, voltijd of in deeltijd naast "
            "je werk."
        ),
        "explanation_en": (
            "The pabo trains you as a primary school teacher, full-time or part-time next to "
            "your job."
        ),
        "sectors": ["po"],
        "min_education": "mbo",
        "leads_to": "primary",
        "duration": "4 jaar voltijd; deeltijd 3 tot 4 jaar",
        "duration_en": "4 years full-time; part-time 3 to 4 years",
        "cost_indication": "Wettelijk collegegeld",
        "cost_indication_en": "Statutory tuition fee",
        "where_to_study": "Pabo Eemland; Hogeschool Domstad",
    },
    {
        "slug": "pabo-verkort-wo",
        "order": 100,
        "name": "Verkorte pabo voor wo-afgestudeerden",
        "name_en": "Shortened pabo for university graduates",
        "explanation": (
            "Met een wo-diploma volg je een verkorte, intensieve pabo en sta je na twee jaar "
            "bevoegd voor de klas in het basisonderwijs."
        ),
        "explanation_en": (
            "With a university degree you follow a shortened, intensive pabo and are qualified "
            "to teach in primary education after two years."
        ),
        "sectors": ["po"],
        "min_education": "wo_bachelor",
        "leads_to": "primary",
        "duration": "2 jaar",
        "duration_en": "2 years",
        "cost_indication": "Wettelijk collegegeld",
        "cost_indication_en": "Statutory tuition fee",
        "where_to_study": "Pabo Eemland",
    },
    {
        "slug": "erkenning-buitenlands",
        "order": 110,
        "name": "Erkenning van je buitenlandse lerarendiploma (DUO)",
        "name_en": "Recognition of your foreign teaching qualification (DUO)",
        "explanation": (
            "Ben je in het buitenland leraar geworden, dan vraag je bij DUO erkenning van je "
            "diploma aan. Veel gevluchte leraren zijn al bevoegd verklaard en hebben vooral "
            "taalondersteuning en een school nodig; het loket helpt met beide."
        ),
        "explanation_en": (
            "If you qualified as a teacher abroad, you ask DUO to recognise your qualification. "
            "Many refugee teachers have already been declared qualified and mainly need language "
            "support and a school; the desk helps with both."
        ),
        "sectors": ["po", "vo", "mbo"],
        "min_education": "none",
        "qualification_needed": "foreign",
        "leads_to": "recognition",
        "duration": "De aanvraag duurt een paar maanden",
        "duration_en": "The application takes a few months",
        "cost_indication": "Een vast bedrag voor de aanvraag bij DUO",
        "cost_indication_en": "A fixed fee for the application at DUO",
        "where_to_study": "DUO (aanvraag); taalcursus via het loket",
    },
    {
        "slug": "herintreden",
        "order": 120,
        "name": "Terug voor de klas met je bevoegdheid",
        "name_en": "Back in the classroom with your qualification",
        "explanation": (
            "Heb je al een Nederlandse onderwijsbevoegdheid, dan kun je direct solliciteren. Het "
            "loket helpt met een opfriscursus en stelt je voor aan scholen."
        ),
        "explanation_en": (
            "If you already hold a Dutch teaching qualification you can apply straight away. The "
            "desk helps with a refresher course and introduces you to schools."
        ),
        "sectors": ["po", "vo", "mbo"],
        "min_education": "none",
        "qualification_needed": "nl",
        "leads_to": "back",
        "duration": "Direct; eventueel een korte opfriscursus",
        "duration_en": "Straight away; perhaps a short refresher course",
        "cost_indication": "Geen kosten",
        "cost_indication_en": "No cost",
        "where_to_study": "",
    },
    {
        "slug": "hybride-docent",
        "order": 130,
        "name": "Hybride docent",
        "name_en": "Hybrid teacher",
        "explanation": (
            "Je houdt je baan buiten het onderwijs en geeft een paar uur per week les in je vak. "
            "Met een passend hbo- of wo-diploma volg je daarnaast een korte didactische "
            "opleiding."
        ),
        "explanation_en": (
            "You keep your job outside education and teach your subject a few hours a week. With "
            "a related hbo or wo degree you follow a short teaching course alongside."
        ),
        "sectors": ["vo", "mbo"],
        "min_education": "hbo",
        "requires_related_field": True,
        "situations": ["employed", "self_employed"],
        "max_hours_per_week": 16,
        "requires_school_job": True,
        "leads_to": "pdg",
        "duration": "Een paar uur per week, naast je baan",
        "duration_en": "A few hours a week, next to your job",
        "cost_indication": "Vaak gedeeld door je werkgever en de school",
        "cost_indication_en": "Often shared by your employer and the school",
        "where_to_study": "Hogeschool Domstad, Instituut Archimedes",
    },
    {
        "slug": "eerst-diploma",
        "order": 140,
        "name": "Eerst een hbo-diploma halen",
        "name_en": "A degree first",
        "explanation": (
            "Voor de meeste routes naar het leraarschap heb je een hbo- of wo-diploma nodig. Met "
            "een mbo-4-diploma kun je instromen in een hbo-lerarenopleiding of de pabo, of eerst "
            "een associate degree volgen."
        ),
        "explanation_en": (
            "Most routes into teaching need an hbo or wo degree. With an mbo level 4 diploma you "
            "can enter hbo teacher training or the pabo, or start with an associate degree."
        ),
        "sectors": ["po", "vo", "mbo"],
        "min_education": "none",
        "max_education": "mbo",
        "leads_to": "degree",
        "duration": "2 tot 4 jaar",
        "duration_en": "2 to 4 years",
        "cost_indication": "Wettelijk collegegeld",
        "cost_indication_en": "Statutory tuition fee",
        "where_to_study": "Hogeschool Domstad; Pabo Eemland",
    },
    {
        "slug": "onderwijsassistent",
        "order": 150,
        "name": "Onderwijsassistent",
        "name_en": "Teaching assistant",
        "explanation": (
            "Als onderwijsassistent ondersteun je de leraar in de klas en begeleid je groepjes "
            "leerlingen. Een goede manier om het onderwijs te leren kennen; je kunt later "
            "doorstromen naar de pabo of een lerarenopleiding."
        ),
        "explanation_en": (
            "As a teaching assistant you support the teacher in class and guide small groups of "
            "pupils. A good way to get to know education; you can move on to the pabo or teacher "
            "training later."
        ),
        "sectors": ["po", "vo"],
        "min_education": "none",
        "max_education": "mbo",
        "leads_to": "role",
        "duration": "Direct aan de slag; de mbo-opleiding duurt 2 tot 3 jaar",
        "duration_en": "Start straight away; the mbo programme takes 2 to 3 years",
        "cost_indication": "Vaak betaald door de school als je er werkt",
        "cost_indication_en": "Often paid by the school if you work there",
        "where_to_study": "ROC Midden-Domstad",
    },
    {
        "slug": "instructeur-mbo",
        "order": 160,
        "name": "Instructeur in het mbo",
        "name_en": "Instructor in mbo",
        "explanation": (
            "Als vakman of -vrouw zonder hbo-diploma kun je als instructeur in het mbo de "
            "praktijklessen in jouw vak geven, samen met een docent."
        ),
        "explanation_en": (
            "As a skilled professional without an hbo degree you can give practical lessons in "
            "your trade as an instructor in mbo, together with a teacher."
        ),
        "sectors": ["mbo"],
        "min_education": "mbo",
        "max_education": "mbo",
        "requires_related_field": True,
        "requires_school_job": True,
        "leads_to": "role",
        "duration": "Direct aan de slag",
        "duration_en": "Start straight away",
        "cost_indication": "Geen kosten; je bent in dienst van het college",
        "cost_indication_en": "No cost; the college employs you",
        "where_to_study": "",
    },
]

PRIVACY_SUMMARY = (
    "Het regioloket bewaart je gegevens om je te helpen bij je route naar het onderwijs. Je "
    "bepaalt zelf of scholen in je regio en loketten in andere regio's je profiel mogen zien. Je "
    "kunt je toestemming altijd intrekken, je gegevens inzien en laten verwijderen. Gegevens van "
    "wie lange tijd niet actief is, worden na een waarschuwing geanonimiseerd."
)
PRIVACY_SUMMARY_EN = (
    "The regional desk keeps your data to help you on your route into education. You decide "
    "whether schools in your region and desks in other regions may see your profile. You can "
    "withdraw your consent at any time, see your data and have it deleted. Data of people who "
    "have been inactive for a long time is anonymised after a warning."
)


def seed(apps, schema_editor):
    Route = apps.get_model("kandidaten", "Route")
    PrivacyStatement = apps.get_model("kandidaten", "PrivacyStatement")
    # Later versions of the model add regional copies: the national rows have no region.
    national = {"region": None} if any(f.name == "region" for f in Route._meta.fields) else {}
    for data in ROUTES:
        data = dict(data)
        Route.objects.get_or_create(slug=data.pop("slug"), **national, defaults=data)
    PrivacyStatement.objects.get_or_create(
        version="2026-1",
        defaults={"summary": PRIVACY_SUMMARY, "summary_en": PRIVACY_SUMMARY_EN},
    )


class Migration(migrations.Migration):
    dependencies = [("kandidaten", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
