"""Step 4's subjects come in one group per sector, shortage subjects first; a keyboard user
passes a folded group with one Tab, and the sectors the person chose are open."""

import pytest

from kandidaten.forms import WishesForm
from loket.core.models import Sector
from tests.factories import SubjectFactory


@pytest.fixture
def subjects(db):
    return {
        "history": SubjectFactory(name="Geschiedenis", sectors=[Sector.VO]),
        "maths": SubjectFactory(name="Wiskunde", sectors=[Sector.VO, Sector.MBO], is_shortage=True),
        "pabo": SubjectFactory(name="Groepsleerkracht", sectors=[Sector.PO], is_shortage=True),
        "welding": SubjectFactory(name="Lastechniek", sectors=[Sector.MBO]),
    }


def labels(group):
    return [str(choice.choice_label) for choice in group["choices"]]


def test_subjects_are_grouped_by_sector_with_shortage_first_and_each_once(subjects):
    groups = WishesForm().subject_groups()
    assert [g["code"] for g in groups] == ["po", "vo", "mbo"]
    by_code = {g["code"]: g for g in groups}
    assert labels(by_code["vo"])[0].startswith("Wiskunde")  # shortage first
    assert labels(by_code["vo"])[1] == "Geschiedenis"
    assert labels(by_code["mbo"]) == ["Lastechniek"]  # maths sits in its first sector only
    assert not any(g["open"] for g in groups), "nothing chosen: every group folded"


def test_a_chosen_sector_opens_and_takes_its_shared_subjects(subjects):
    form = WishesForm(data={"sectors": ["mbo"], "hours_per_week": "20", "max_travel_km": "25"})
    by_code = {g["code"]: g for g in form.subject_groups()}
    assert by_code["mbo"]["open"] and not by_code["vo"]["open"]
    assert labels(by_code["mbo"])[0].startswith("Wiskunde")
    assert labels(by_code["vo"]) == ["Geschiedenis"]
