"""The Secretariat officer in whose name the example practices are reviewed and published
(the delegates who write and submit them are those of `demo.delegates`). It is the account
`manage.py demo_accounts` gives a password and a second factor to (the same e-mail
address), made here without a password, so that `load_demo` can run first: nobody can log
in with it until then."""

from django.contrib.auth.models import Group

from members.groups import SECRETARIAT
from members.models import User

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
