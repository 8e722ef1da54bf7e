import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command

from members.models import User, UserRole
from tests.factories import UserFactory, country, with_totp

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # UserFactory's
NEEDS_SECOND_FACTOR = (
    "Staff accounts act only with their second factor: verify it, or set it up, to continue."
)


def _code(secret: str) -> str:
    """What an authenticator app shows now for `secret`."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _staff_without_totp(**fields) -> User:
    user = UserFactory(**fields)
    user.is_staff = True
    user.save()
    return user


def test_staff_without_an_authenticator_are_sent_from_the_admin_to_set_one_up(client):
    client.force_login(_staff_without_totp(is_superuser=True))

    response = client.get("/en/admin/workshops/workshop/")

    assert response.status_code == 302
    assert response["Location"] == (
        "/en/accounts/second-factor/?next=%2Fen%2Fadmin%2Fworkshops%2Fworkshop%2F"
    )
    assert (
        client.get("/es/admin/")["Location"] == "/es/accounts/second-factor/?next=%2Fes%2Fadmin%2F"
    )
    page = client.get(response["Location"]).content.decode()
    assert NEEDS_SECOND_FACTOR in page
    assert "E-mail me a set-up link" in page
    # Setting one up takes the link of an e-mail: see test_second_factor.py.


def test_staff_log_in_to_the_admin_with_password_and_authenticator_code(client):
    staff = UserFactory(email="officer@example.org", is_staff=True, is_superuser=True)
    secret = with_totp(staff)

    to_login = client.get("/en/admin/")
    assert to_login.status_code == 302
    login_page = client.get(to_login["Location"], follow=True)
    assert login_page.redirect_chain[-1][0].startswith("/en/accounts/login/?next=")
    response = client.post(
        "/en/accounts/login/",
        {"login": "officer@example.org", "password": PASSWORD, "next": "/en/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert not client.get("/en/").context["user"].is_authenticated  # not without the code

    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post("/en/accounts/2fa/authenticate/", {"code": _code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"
    admin = client.get("/en/admin/")
    assert admin.status_code == 200
    assert "Site administration" in admin.content.decode()


def test_delegates_log_in_with_their_password_alone(client):
    UserFactory(email="delegate@example.org", country=country("MX"), role=UserRole.DELEGATE)

    response = client.post(
        "/en/accounts/login/", {"login": "delegate@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert client.get("/en/").context["user"].email == "delegate@example.org"
    assert client.get("/en/workshops/").status_code == 200
    assert client.get("/en/admin/")["Location"] != "/en/accounts/2fa/totp/activate/"


def test_the_requirement_can_be_switched_off(client, settings):
    settings.RCM_STAFF_REQUIRE_MFA = False
    client.force_login(_staff_without_totp(is_superuser=True))

    assert client.get("/en/admin/").status_code == 200


def test_demo_staff_accounts_come_with_a_working_second_factor(client, capsys):
    call_command("demo_accounts")
    call_command("demo_accounts")  # running it again changes no second factor
    printed = capsys.readouterr().out

    for email in ("admin@rcm-demo.org", "secretariat@rcm-demo.org"):
        assert Authenticator.objects.filter(user__email=email).count() == 2  # TOTP, codes
        secrets = set(re.findall(rf"{re.escape(email)}\s+authenticator app secret: (\w+)", printed))
        assert len(secrets) == 1
    assert User.objects.get(email="delegate.gt@rcm-demo.org").role == UserRole.DELEGATE
    assert not Authenticator.objects.filter(user__email__startswith="delegate.").exists()

    # The second run's lines: the password, then the secret and the recovery codes.
    password = re.findall(r"admin@rcm-demo.org\s+(\S+)\s+superuser", printed)[-1]
    secret = re.findall(r"admin@rcm-demo.org\s+authenticator app secret: (\w+)", printed)[-1]
    codes = re.findall(r"authenticator app secret: \w+\n\s+recovery codes: ([\d ]+)", printed)
    recovery_code = codes[-2].split()[0]  # admin's, printed before the secretariat's

    client.post("/en/accounts/login/", {"login": "admin@rcm-demo.org", "password": password})
    response = client.post("/en/accounts/2fa/authenticate/", {"code": recovery_code})
    assert response.status_code == 302
    assert client.get("/en/admin/").status_code == 200

    client.logout()
    client.post("/en/accounts/login/", {"login": "admin@rcm-demo.org", "password": password})
    assert client.post("/en/accounts/2fa/authenticate/", {"code": recovery_code}).status_code == 200
    client.post("/en/accounts/2fa/authenticate/", {"code": _code(secret)})
    assert client.get("/en/admin/").status_code == 200
