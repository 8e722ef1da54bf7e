import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import ObjectiveFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_the_end_date_cannot_be_before_the_start_date():
    workshop = WorkshopFactory.build(
        start_date=datetime.date(2022, 5, 10), end_date=datetime.date(2022, 5, 9)
    )

    with pytest.raises(ValidationError, match="The end date cannot be before the start date"):
        workshop.full_clean()
    with pytest.raises(IntegrityError):
        workshop.save()


def test_a_workshop_has_one_general_objective():
    first = ObjectiveFactory(kind="general", number=1)

    with pytest.raises(IntegrityError):
        ObjectiveFactory(workshop=first.workshop, kind="general", number=2)


def test_specific_objective_numbers_are_unique_within_a_workshop():
    first = ObjectiveFactory(number=1)
    duplicate = ObjectiveFactory.build(workshop=first.workshop, number=1)

    with pytest.raises(ValidationError, match="already has an objective with this number"):
        duplicate.full_clean()


def test_a_session_must_end_after_it_starts_and_fall_within_the_workshop():
    from workshops.models import AgendaSession

    workshop = WorkshopFactory(
        start_date=datetime.date(2025, 6, 10), end_date=datetime.date(2025, 6, 11)
    )
    backwards = AgendaSession(
        workshop=workshop, date=datetime.date(2025, 6, 10), kind="panel", title_en="Panel",
        start_time=datetime.time(11, 0), end_time=datetime.time(10, 0),
    )  # fmt: skip
    outside = AgendaSession(
        workshop=workshop, date=datetime.date(2025, 6, 12), kind="panel", title_en="Panel",
        start_time=datetime.time(9, 0), end_time=datetime.time(10, 0),
    )  # fmt: skip

    with pytest.raises(ValidationError, match="A session must end after it starts."):
        backwards.full_clean()
    with pytest.raises(ValidationError, match="must fall within the workshop"):
        outside.full_clean()
    with pytest.raises(IntegrityError):
        backwards.save()


def test_a_person_is_registered_once_per_workshop():
    from workshops.models import Participant

    workshop = WorkshopFactory()
    Participant.objects.create(
        workshop=workshop, full_name="Ana", email="ana@example.org", role="delegate"
    )
    again = Participant(
        workshop=workshop, full_name="Ana R.", email="ana@example.org", role="delegate"
    )

    with pytest.raises(ValidationError, match="already registered to this workshop"):
        again.full_clean()
    # Without e-mail addresses, two people of the same name are not confused.
    Participant.objects.create(workshop=workshop, full_name="Luis", role="observer")
    Participant.objects.create(workshop=workshop, full_name="Luis", role="observer")
