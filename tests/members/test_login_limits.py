"""Failed logins are limited per account and, at a higher figure, per client address, so
that one account's failures do not lock out everyone behind the same address."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # UserFactory's
TOO_MANY = "Too many failed login attempts. Try again later."
PROJECT = Path(__file__).resolve().parents[2]


def _per(kind: str) -> int:
    """The configured number of failures allowed per `kind` ("key" or "ip")."""
    rates = django_settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    return next(int(rate.split("/")[0]) for rate in rates if rate.endswith("/" + kind))


def _login(client, email, password, **extra):
    return client.post("/en/accounts/login/", {"login": email, "password": password}, **extra)


def _logged_in(response) -> bool:
    return response.status_code == 302


def test_the_figures_count_per_account_and_more_per_address():
    assert 3 <= _per("key") <= 10
    assert _per("ip") >= 5 * _per("key")


def test_failures_on_one_account_do_not_lock_out_another_from_the_same_address(client):
    UserFactory(email="ana@example.org")
    UserFactory(email="bruno@example.org")

    # Twice the per-account figure, and more than the old figure of 10 per address.
    failures = [_login(client, "ana@example.org", "wrong") for _ in range(2 * _per("key") + 2)]

    assert TOO_MANY in failures[-1].content.decode()
    assert TOO_MANY in _login(client, "ana@example.org", PASSWORD).content.decode()
    assert _logged_in(_login(client, "bruno@example.org", PASSWORD))


def test_an_account_is_locked_after_its_failures_from_any_address(client):
    UserFactory(email="ana@example.org")
    for number in range(_per("key")):
        _login(client, "ana@example.org", "wrong", REMOTE_ADDR=f"198.51.100.{number + 1}")

    response = _login(client, "ana@example.org", PASSWORD, REMOTE_ADDR="203.0.113.77")

    assert not _logged_in(response)
    assert TOO_MANY in response.content.decode()


def test_the_limit_per_address_still_applies(client):
    """Many accounts tried from one address: that address is stopped, others are not."""
    UserFactory(email="bruno@example.org")
    accounts = range(_per("ip") // _per("key"))
    for account in accounts:
        for _ in range(_per("key")):
            _login(client, f"guess{account}@example.org", "wrong", REMOTE_ADDR="192.0.2.10")

    blocked = _login(client, "bruno@example.org", PASSWORD, REMOTE_ADDR="192.0.2.10")
    elsewhere = _login(client, "bruno@example.org", PASSWORD, REMOTE_ADDR="192.0.2.11")

    assert TOO_MANY in blocked.content.decode()
    assert _logged_in(elsewhere)


def test_behind_one_proxy_x_forwarded_for_decides_the_client(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="bruno@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for account in range(_per("ip") // _per("key")):
        for _ in range(_per("key")):
            _login(
                client,
                f"guess{account}@example.org",
                "wrong",
                HTTP_X_FORWARDED_FOR="203.0.113.5",
                **proxy,
            )

    attacker = _login(
        client, "bruno@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    # What the client writes before the proxy's entry does not count.
    forged = _login(
        client,
        "bruno@example.org",
        PASSWORD,
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5",
        **proxy,
    )
    colleague = _login(
        client, "bruno@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )

    assert TOO_MANY in attacker.content.decode()
    assert TOO_MANY in forged.content.decode()
    assert _logged_in(colleague)


def test_a_request_that_bypassed_the_proxies_is_counted_by_its_address(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    UserFactory(email="bruno@example.org")

    response = _login(client, "bruno@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert _logged_in(response)


def test_the_proxy_count_and_limits_come_from_the_environment():
    script = (
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER, "
        "settings.ACCOUNT_RATE_LIMITS['login_failed'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rcm_portal.settings",
        "RCM_TRUSTED_PROXY_COUNT": "1",
        "RCM_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        "RCM_LOGIN_FAILURES_PER_ACCOUNT": "3/10m",
        "RCM_LOGIN_FAILURES_PER_IP": "100/h",
    }
    printed = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert printed.split() == ["1", "X-Real-IP", "3/10m/key,100/h/ip"]


def test_too_many_logins_from_one_address_get_a_page_in_the_visitors_language(client):
    limit = int(django_settings.ACCOUNT_RATE_LIMITS["login"].split("/")[0])
    for number in range(limit):
        client.post("/es/accounts/login/", {"login": f"u{number}@example.org", "password": "x"})

    response = client.post("/es/accounts/login/", {"login": "u@example.org", "password": "x"})
    french = client.post("/fr/accounts/login/", {"login": "u@example.org", "password": "x"})

    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()
    assert french.status_code == 429
    assert "Trop de tentatives" in french.content.decode()
