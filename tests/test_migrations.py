"""Moving the desk's records to the desk app changed no table: a database at the migrations
before the move, with rows in every model's table, migrates forward with every row (and every
content type and permission) as it was.

The move is state only (``desk.0001``, ``kandidaten.0006``, ``vacatures.0003``): the tables keep
their names, so the rows are written here with today's models into the old schema, which is the
same schema.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from kandidaten.models import (
    CandidateAccess,
    DuplicateFlag,
    Phase,
    PhaseEvent,
    TeachingQualification,
)
from kandidaten.services.journey import candidate_change_phase
from kandidaten.services.privacy import access_record, consent_set, current_privacy_statement
from loket.core.health import heartbeat_record
from loket.core.mail import delivery
from loket.core.mail.preferences import mail_preference_set
from loket.core.models import ReminderSetting, Role, TrainingInstitute
from loket.desk.models import (
    Assessment,
    CandidateNote,
    Contact,
    PhaseNorm,
    Proposal,
    ProposalEvent,
    Referral,
)
from loket.desk.services.assessments import assessment_refer
from loket.desk.services.guidance import candidate_add_note, candidate_log_contact
from loket.desk.services.proposals import proposal_send
from loket.desk.services.referrals import referral_send
from tests.factories import BoardFactory, RegionFactory, SchoolFactory, SubjectFactory, give_role
from tests.kandidaten.event_factories import (
    AppointmentFactory,
    EventFactory,
    EventRegistrationFactory,
)
from tests.kandidaten.factories import CandidateFactory, seed_reference_data, utrecht_area
from tests.vacatures.factories import VacancyFactory, desk_staff_of
from vacatures.models import Interest
from vacatures.services.vacancies import vacancy_change_status

# main's migrations just before the desk got its own app. The core's own later migrations (the
# mail's leases, ...) do not touch the move; the test data is written by today's models, so the
# core stays at its latest migration.
BEFORE_THE_MOVE = [
    ("loket", MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("loket")[0][1]),
    ("kandidaten", "0005_regional_routes"),
    ("vacatures", "0002_proposals"),
    ("desk", None),
]
PROJECT_APPS = ["loket", "kandidaten", "vacatures", "desk"]
MOVED = {
    "kandidaten": ["phasenorm", "contact", "candidatenote", "assessment", "referral"],
    "vacatures": ["proposal", "proposalevent"],
}


def project_tables() -> list[str]:
    tables = set()
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            tables.add(model._meta.db_table)
            tables.update(
                field.remote_field.through._meta.db_table
                for field in model._meta.local_many_to_many
            )
    return sorted(tables)


def fingerprint() -> dict[str, tuple[int, str]]:
    """Per table: how many rows, and a hash of all of them as text."""
    result = {}
    with connection.cursor() as cursor:
        for table in project_tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608 - table names from _meta
                f"FROM {quoted} t"
            )
            result[table] = cursor.fetchone()
    return result


def fill_every_model() -> None:
    seed_reference_data()  # routes and the privacy statement (data migrations)
    region, elsewhere = RegionFactory(), RegionFactory()
    staff = desk_staff_of(region)
    desk_staff_of(elsewhere)
    school = SchoolFactory(region=region, board=BoardFactory(region=region))
    subject = SubjectFactory()
    subject.related.add(SubjectFactory())
    utrecht_area()
    heartbeat_record(name="heartbeat")
    institute = TrainingInstitute.objects.create(
        name="Lerarenopleiding", kind="hbo", city="Utrecht"
    )
    institute.regions.add(region)
    adviser = desk_staff_of(elsewhere)
    give_role(adviser, Role.STUDY_ADVISER, institute=institute)
    ReminderSetting.objects.create(region=region, rule="registration_unfinished")
    PhaseNorm.objects.create(region=region, phase=Phase.INTAKE, days=30)

    candidate = CandidateFactory(region=region, consent_region_schools=True)
    candidate.subjects.add(subject)
    other = CandidateFactory(region=region, consent_other_regions=True)
    TeachingQualification.objects.create(candidate=candidate, country="nl", grade="second")
    DuplicateFlag.objects.create(candidate=candidate, looks_like=other, reason="same phone")
    consent_set(
        candidate=candidate,
        kind="region_schools",
        given=True,
        statement=current_privacy_statement(),
    )
    candidate_change_phase(candidate=candidate, to_phase=Phase.INTAKE, actor=staff)
    access_record(user=staff, candidates=[candidate], action="view", what="file")
    mail_preference_set(user=candidate.user, reminders_opt_out=False)

    event = EventFactory(region=region)
    EventRegistrationFactory(event=event, candidate=candidate)
    AppointmentFactory(candidate=candidate, with_user=staff, created_by=staff)

    vacancy = VacancyFactory(school=school, subjects=[subject], published=True)
    Interest.objects.create(user=candidate.user, vacancy=vacancy)
    closed = VacancyFactory(school=school, subjects=[subject], published=True)
    vacancy_change_status(actor=None, vacancy=closed, to_status="closed")

    candidate_log_contact(
        actor=staff,
        candidate=candidate,
        kind="phone",
        occurred_on=timezone.localdate(),
        summary="Eerste gesprek",
    )
    candidate_add_note(actor=staff, candidate=candidate, text="Belt terug")
    staff.groups.add(Group.objects.create(name="Loket"))
    assessment_refer(actor=staff, candidate=candidate, institute=institute, question="Vaktoets?")
    proposal_send(
        actor=staff,
        candidate=candidate,
        vacancy=vacancy,
        motivation="Past goed bij de vacature en de school.",
    )
    referral_send(actor=staff, candidate=other, to_region=elsewhere, note="Woont daar bijna")


@pytest.fixture
def migrator(transactional_db, monkeypatch):
    """A migration executor; whatever the test does, the database ends at today's migrations."""
    monkeypatch.setattr(delivery, "dispatch", lambda pk, countdown=None: None)
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migrating_forward_from_before_the_move_keeps_every_row(migrator):
    executor = migrator
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old_types = {
        (label, model): ContentType.objects.get(app_label=label, model=model).pk
        for label, models in MOVED.items()
        for model in models
    }

    fill_every_model()
    coordinator = desk_staff_of(RegionFactory())
    coordinator.user_permissions.add(
        Permission.objects.get(
            content_type_id=old_types["kandidaten", "phasenorm"], codename="change_phasenorm"
        )
    )
    before = fingerprint()
    empty = [table for table, (count, _hash) in before.items() if count == 0]
    assert empty == [], "fill every model's table, so the test proves something for each"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert fingerprint() == before
    for (label, model), pk in old_types.items():
        moved = ContentType.objects.get(pk=pk)
        assert (moved.app_label, moved.model) == ("desk", model)
        assert not ContentType.objects.filter(app_label=label, model=model).exists()
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    assert coordinator.has_perm("desk.change_phasenorm")
    # Today's models read the rows that were written before the move.
    assert Proposal.objects.get().status == "sent"
    assert ProposalEvent.objects.count() == 1
    assert Referral.objects.get().to_region.pk != Referral.objects.get().from_region.pk
    assert (
        Assessment.objects.count() == Contact.objects.count() == CandidateNote.objects.count() == 1
    )
    assert PhaseNorm.objects.get().days == 30
    assert PhaseEvent.objects.exists() and CandidateAccess.objects.exists()


def test_the_move_can_be_migrated_back_without_touching_a_row(migrator):
    fill_every_model()
    before = fingerprint()
    executor = migrator
    executor.migrate(BEFORE_THE_MOVE)
    assert fingerprint() == before
    assert ContentType.objects.filter(app_label="kandidaten", model="proposal").exists() is False
    assert ContentType.objects.filter(app_label="vacatures", model="proposal").exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert fingerprint() == before
