"""The headers and cookies of production: Content-Security-Policy, HTTPS, HSTS, the other
security headers, the cookies' flags, and pages for logged-in people kept out of caches."""

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path

from tests.factories import WorkshopFactory
from tests.rcm_portal.pages import InlineCode, header_nonce, log_in_staff, policy

pytestmark = pytest.mark.django_db

ONE_YEAR = 31_536_000


@pytest.fixture
def workshop(db):
    return WorkshopFactory(title_en="Consular protection in transit", status="held")


def _page(client, kind, workshop):
    """One page of each kind: public, a workshop, the login page, the administration."""
    if kind == "admin":
        log_in_staff(client)
        return client.get(f"/en/admin/workshops/workshop/{workshop.pk}/change/")
    url = {
        "home": "/en/",
        "workshop": f"/en/workshops/{workshop.slug}/",
        "login": "/en/accounts/login/",
    }[kind]
    return client.get(url)


@pytest.mark.parametrize("kind", ["home", "workshop", "login", "admin"])
def test_production_pages_carry_the_security_headers(https_client, workshop, kind):
    response = _page(https_client, kind, workshop)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "upgrade-insecure-requests" in directives
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]
    # Whatever the page runs inline carries the nonce of this very response.
    inline = InlineCode(response.content.decode())
    assert set(inline.script_nonces) <= {header_nonce(response)}


def test_production_sends_plain_http_to_https(production, workshop):
    response = Client().get(f"/en/workshops/{workshop.slug}/")

    assert response.status_code == 301
    assert response["Location"] == f"https://testserver/en/workshops/{workshop.slug}/"


def test_the_health_checks_answer_probes_over_plain_http_in_production(production):
    """A load balancer or container probe asks the web server directly, without TLS."""
    client = Client()

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 503  # no worker in the test
    assert client.get("/en/").status_code == 301


def test_the_policy_applies_in_development_too(client):
    """A page that breaks under the policy breaks on the developer's machine first."""
    directives = policy(client.get("/en/"))

    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]


def _inline_script_page(request):
    template = engines["django"].from_string(
        '<p>Hello</p><script nonce="{{ request.csp_nonce }}">document.title = "x";</script>'
        '<script nonce="{{ request.csp_nonce }}">console.log("y");</script>'
    )
    return HttpResponse(template.render({}, request))


urlpatterns = [path("inline-script/", _inline_script_page)]


@pytest.mark.urls("tests.rcm_portal.test_headers")
def test_an_inline_script_runs_with_the_nonce_of_its_response(https_client):
    first = https_client.get("/inline-script/")
    second = https_client.get("/inline-script/")

    nonce = header_nonce(first)
    assert nonce and len(nonce) >= 16
    assert InlineCode(first.content.decode()).script_nonces == [nonce, nonce]
    # A fresh nonce each time: one read from an old page opens nothing.
    assert header_nonce(second) not in (None, nonce)


def _set_cookie(response, name):
    morsel = response.cookies[name]
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
    }


def test_the_language_cookie_is_secure_in_production(https_client):
    response = https_client.post("/i18n/setlang/", {"language": "es", "next": "/es/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "es"
    assert _set_cookie(response, "django_language") == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }


def test_the_session_and_csrf_cookies_are_secure_in_production(https_client, delegate_mx):
    login_page = https_client.get("/en/accounts/login/")
    response = https_client.post(
        "/en/accounts/login/", {"login": delegate_mx.email, "password": "a-long-test-password"}
    )

    assert response.status_code == 302
    assert _set_cookie(response, "sessionid") == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }
    csrf = _set_cookie(login_page, "csrftoken")
    assert (csrf["secure"], csrf["samesite"]) == (True, "Lax")


def test_pages_for_a_logged_in_delegate_are_private(https_client, delegate_mx, workshop):
    https_client.force_login(delegate_mx)

    for url in ("/en/", f"/en/workshops/{workshop.slug}/", "/en/practices/mine/"):
        response = https_client.get(url)
        assert response.status_code == 200
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url
        assert "public" not in cache_control
        assert "Cookie" in response["Vary"]


def test_pages_for_anonymous_visitors_are_not_marked_private(https_client, workshop):
    for url in ("/en/", f"/en/workshops/{workshop.slug}/"):
        response = https_client.get(url)
        assert response.status_code == 200
        assert "private" not in response.get("Cache-Control", "")
        assert "no-store" not in response.get("Cache-Control", "")
