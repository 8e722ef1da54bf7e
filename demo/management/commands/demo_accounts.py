import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from members.groups import SECRETARIAT
from members.models import Country, User

ACCOUNTS = [
    # e-mail, name, country ISO code, role
    ("admin@rcm-demo.org", "Administrator (demo)", None, "superuser"),
    ("secretariat@rcm-demo.org", "Technical Secretariat officer (demo)", None, "secretariat"),
    ("delegate.mx@rcm-demo.org", "Delegate of Mexico (demo)", "MX", "delegate"),
    ("delegate.gt@rcm-demo.org", "Delegate of Guatemala (demo)", "GT", "delegate"),
]


class Command(BaseCommand):
    help = "Create the demo accounts with fresh passwords, and print them."

    def handle(self, *args, **options):
        lines = []
        for email, name, iso_code, role in ACCOUNTS:
            user = User.objects.filter(email=email).first() or User(email=email)
            user.full_name = name
            user.country = Country.objects.get(iso_code=iso_code) if iso_code else None
            user.is_staff = role in ("superuser", "secretariat")
            user.is_superuser = role == "superuser"
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
        self.stdout.write(self.style.SUCCESS("Demo accounts (e-mail, password, role):"))
        self.stdout.write("\n".join(lines))
