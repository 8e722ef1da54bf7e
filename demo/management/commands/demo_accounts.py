import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from members.groups import SECRETARIAT
from members.models import Country, User, UserRole

ACCOUNTS = [
    # e-mail, name, country ISO code, role
    ("admin@rcm-demo.org", "Administrator (demo)", None, "superuser"),
    ("secretariat@rcm-demo.org", "Technical Secretariat officer (demo)", None, "secretariat"),
    ("delegate.mx@rcm-demo.org", "Delegate of Mexico (demo)", "MX", "delegate"),
    ("delegate.gt@rcm-demo.org", "Delegate of Guatemala (demo)", "GT", "delegate"),
]


def _second_factor(user: User) -> tuple[str, list[str]]:
    """The user's authenticator-app secret and unused recovery codes, made on the first run
    and kept after, so that an authenticator app set up once goes on working."""
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        totp = TOTP.activate(user, generate_totp_secret()).instance
    codes = RecoveryCodes.activate(user).get_unused_codes()
    if not codes:  # all used up: a new set
        Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
        codes = RecoveryCodes.activate(user).get_unused_codes()
    return decrypt(totp.data["secret"]), codes


class Command(BaseCommand):
    help = (
        "Create the demo accounts with fresh passwords, and print them, with the staff "
        "accounts' second factor: the authenticator-app secret and recovery codes."
    )

    def handle(self, *args, **options):
        lines = []
        second_factors = []
        for email, name, iso_code, role in ACCOUNTS:
            user = User.objects.filter(email=email).first() or User(email=email)
            user.full_name = name
            user.country = Country.objects.get(iso_code=iso_code) if iso_code else None
            user.is_staff = role in ("superuser", "secretariat")
            user.is_superuser = role == "superuser"
            user.role = UserRole.DELEGATE if role == "delegate" else ""
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.full_clean()
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if role == "secretariat":
                user.groups.add(Group.objects.get(name=SECRETARIAT))
            described = {
                "superuser": "superuser, administration at /en/admin/",
                "secretariat": f"{SECRETARIAT} staff, administration at /en/admin/",
                "delegate": f"delegate of {user.country}",
            }[role]
            lines.append(f"  {email:<28} {password:<14} {described}")
            if user.is_staff:
                secret, codes = _second_factor(user)
                second_factors.append(f"  {email:<28} authenticator app secret: {secret}")
                second_factors.append(f"  {'':<28} recovery codes: {' '.join(codes)}")
        self.stdout.write(self.style.SUCCESS("Demo accounts (e-mail, password, role):"))
        self.stdout.write("\n".join(lines))
        self.stdout.write(
            self.style.SUCCESS(
                "Staff second factor: add the secret to an authenticator app (TOTP), or give "
                "a recovery code, each usable once, when the login asks for a code:"
            )
        )
        self.stdout.write("\n".join(second_factors))
