import pytest
from django.contrib.auth.models import Group

from members.groups import SECRETARIAT
from members.models import UserRole
from tests.factories import UserFactory, country


@pytest.fixture
def delegate_mx(db):
    return UserFactory(
        email="delegate.mx@example.org",
        full_name="Marta Delegada",
        country=country("MX"),
        role=UserRole.DELEGATE,
        language="es",
    )


@pytest.fixture
def delegate_gt(db):
    return UserFactory(
        email="delegate.gt@example.org",
        full_name="Gustavo Delegado",
        country=country("GT"),
        role=UserRole.DELEGATE,
    )


@pytest.fixture
def secretariat(db):
    user = UserFactory(email="officer@example.org", full_name="Olivia Officer", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
