"""The delegates in whose name the examples propose amendments and report progress.

The declarations' and roadmaps' services act for a person who acts for a member country,
as in real use. Each example country has one delegate account, `delegate.<iso>@rcm-demo.org`.
Made here without a password, nobody logs in with it; `manage.py demo_accounts` gives the
Mexican and Guatemalan ones a password (it finds them by their address), so that the demo
delegates see their country's example updates as their own."""

from members.models import Country, User, UserRole

DOMAIN = "rcm-demo.org"
# The names demo_accounts gives its two delegates; the other countries' are examples only.
DEMO_ACCOUNTS = ("MX", "GT")


def demo_delegate_email(iso_code: str) -> str:
    return f"delegate.{iso_code.lower()}@{DOMAIN}"


def demo_delegate(iso_code: str) -> tuple[User, bool]:
    """The delegate of the country `iso_code`, made when missing; and whether it was made."""
    email = demo_delegate_email(iso_code)
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    country = Country.objects.get(iso_code=iso_code)
    suffix = "demo" if iso_code in DEMO_ACCOUNTS else "example"
    # Without a password (None): nobody logs in with it until demo_accounts gives it one.
    user = User.objects.create_user(
        email,
        password=None,
        full_name=f"Delegate of {country.name_en or country.name} ({suffix})",
        country=country,
        role=UserRole.DELEGATE,
    )
    return user, True
