"""The accounts the example layer acts as: the Secretariat officer who reviews and
publishes, and one delegate per country who writes and submits. They are the accounts
`manage.py demo_accounts` gives a password to (the same e-mail addresses), created here
without one so that `load_demo` can run first."""

from django.contrib.auth.models import Group

from members.groups import SECRETARIAT
from members.models import Country, User, UserRole

SECRETARIAT_EMAIL = "secretariat@rcm-demo.org"
SECRETARIAT_NAME = "Technical Secretariat officer (demo)"


def _user(*, email: str, values: dict) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User(email=email, **values)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user, True


def demo_secretariat_user() -> tuple[User, int]:
    """The Secretariat officer, in the Secretariat group; 1 when anything was created."""
    user, created = _user(
        email=SECRETARIAT_EMAIL,
        values={"full_name": SECRETARIAT_NAME, "is_staff": True, "role": ""},
    )
    group = Group.objects.get(name=SECRETARIAT)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        created = True
    return user, int(created)


def demo_delegate_user(country: Country) -> tuple[User, int]:
    """The demo delegate of `country`; 1 when it was created."""
    user, created = _user(
        email=f"delegate.{country.iso_code.lower()}@rcm-demo.org",
        values={
            "full_name": f"Delegate of {country.name_en} (demo)",
            "country": country,
            "role": UserRole.DELEGATE,
        },
    )
    return user, int(created)
