import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from members.models import Country, CountryStatus, Organization, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


def test_member_and_observer_countries_are_shipped_as_rows():
    members = set(
        Country.objects.filter(status=CountryStatus.MEMBER).values_list("name_en", flat=True)
    )
    observers = set(
        Country.objects.filter(status=CountryStatus.OBSERVER).values_list("iso_code", flat=True)
    )

    assert members == {
        "Belize", "Canada", "Costa Rica", "Dominican Republic", "El Salvador", "Guatemala",
        "Honduras", "Mexico", "Nicaragua", "Panama", "United States",
    }  # fmt: skip
    assert observers == {"AR", "CO", "EC", "JM", "PE"}
    assert Country.objects.get(iso_code="DO").name_es == "República Dominicana"
    assert Organization.objects.get(acronym_en="IOM").acronym_es == "OIM"


def test_users_log_in_with_their_email(client):
    UserFactory(email="delegate@example.org")

    response = client.post(
        "/en/accounts/login/",
        {"login": "Delegate@Example.org", "password": "a-long-test-password"},
    )

    assert response.status_code == 302
    assert client.get("/en/").context["user"].email == "delegate@example.org"


def test_a_wrong_password_gets_a_clear_message(client):
    UserFactory(email="delegate@example.org")

    response = client.post(
        "/es/accounts/login/", {"login": "delegate@example.org", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "la contraseña que ha indicado no son correct" in response.content.decode()


def test_nobody_can_sign_up_on_their_own(client):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "stranger@example.org",
            "password1": "x-Strong-pass-1",
            "password2": "x-Strong-pass-1",
        },
    )

    assert "Sign Up Closed" in response.content.decode()
    assert not User.objects.filter(email="stranger@example.org").exists()


def test_demo_accounts_are_created_and_printed(capsys):
    call_command("demo_accounts")
    printed = capsys.readouterr().out

    admin = User.objects.get(email="admin@rcm-demo.org")
    staff = User.objects.get(email="secretariat@rcm-demo.org")
    delegate = User.objects.get(email="delegate.mx@rcm-demo.org")
    assert admin.is_superuser and admin.is_staff
    assert staff.is_staff and not staff.is_superuser
    assert staff.has_perm("workshops.change_workshop") and not staff.has_perm("members.change_user")
    assert delegate.country.iso_code == "MX" and not delegate.is_staff
    line = next(line for line in printed.splitlines() if "delegate.mx@rcm-demo.org" in line)
    assert delegate.check_password(line.split()[1])


def _settings_import(**environment):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT,
        env={**env, "DJANGO_SETTINGS_MODULE": "rcm_portal.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_import(DJANGO_ENV="production", DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production." in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = _settings_import(
        DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 50, DJANGO_DEBUG="true"
    )

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be off in production." in result.stderr


def test_production_refuses_to_start_with_the_staff_second_factor_off():
    result = _settings_import(
        DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 50, RCM_STAFF_REQUIRE_MFA="false"
    )

    assert result.returncode != 0
    assert "RCM_STAFF_REQUIRE_MFA must stay on in production." in result.stderr


def test_production_starts_with_a_secret_key_and_debug_off():
    result = _settings_import(DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, mailoutbox):
    user = UserFactory(email="delegate@example.org")

    client.post("/es/accounts/password/reset/", {"email": "delegate@example.org"})

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["delegate@example.org"]
    link = next(word for word in message.body.split() if "/accounts/password/reset/key/" in word)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a-new-long-password-42", "password2": "a-new-long-password-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-password-42")
