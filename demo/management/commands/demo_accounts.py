import secrets

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand

from members.models import Country, User

ACCOUNTS = [
    # e-mail, name, country ISO code, superuser
    ("secretariat@rcm-demo.org", "Technical Secretariat (demo)", None, True),
    ("delegate.mx@rcm-demo.org", "Delegate of Mexico (demo)", "MX", False),
    ("delegate.gt@rcm-demo.org", "Delegate of Guatemala (demo)", "GT", False),
]


class Command(BaseCommand):
    help = "Create the demo accounts with fresh passwords, and print them."

    def handle(self, *args, **options):
        lines = []
        for email, name, iso_code, superuser in ACCOUNTS:
            user = User.objects.filter(email=email).first() or User(email=email)
            user.full_name = name
            user.country = Country.objects.get(iso_code=iso_code) if iso_code else None
            user.is_staff = user.is_superuser = superuser
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.full_clean()
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            role = "superuser, admin at /en/admin/" if superuser else f"delegate, {user.country}"
            lines.append(f"  {email:<28} {password:<14} {role}")
        self.stdout.write(self.style.SUCCESS("Demo accounts (e-mail, password, role):"))
        self.stdout.write("\n".join(lines))
