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
