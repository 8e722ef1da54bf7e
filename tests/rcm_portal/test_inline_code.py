"""Every page works under the Content-Security-Policy: nothing inline runs or styles the
page without the response's nonce, on the portal's own pages and in the administration."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse

from declarations.models import DeclarationStatus
from practices.models import PracticeStatus
from tests.factories import (
    ActionFactory,
    DeclarationFactory,
    ParagraphFactory,
    PracticeFactory,
    ProgressUpdateFactory,
    WorkshopFactory,
)
from tests.rcm_portal.pages import PASSWORD, InlineCode, header_nonce, log_in_staff, policy

pytestmark = pytest.mark.django_db

# Inline handlers and styles that third-party administration templates still write. The
# policy refuses them; static/admin/rcm/csp.js and csp.css do the same job from files.
THIRD_PARTY_HANDLERS = {("input", "onchange", "onSelectToggleChange(event)")}
THIRD_PARTY_STYLES = {("p", "padding: 0;"), ("label", "font-weight: bold;"), ("p", "border-top: 0")}


@pytest.fixture
def content(db):
    workshop = WorkshopFactory(title_en="Consular protection in transit", status="held")
    practice = PracticeFactory(status=PracticeStatus.PUBLISHED)
    declaration = DeclarationFactory(status=DeclarationStatus.PUBLISHED)
    ParagraphFactory(declaration=declaration)
    action = ActionFactory(countries=["MX"])
    ProgressUpdateFactory(action=action, percentage=40)
    return {
        "workshop": workshop,
        "practice": practice,
        "declaration": declaration,
        "action": action,
        "roadmap": action.line.roadmap,
    }


def _public_urls(content):
    return [
        "/en/",
        "/es/",
        "/en/workshops/",
        f"/en/workshops/{content['workshop'].slug}/",
        "/en/gcm/",
        "/en/practices/",
        content["practice"].get_absolute_url(),
        "/en/declarations/",
        content["declaration"].get_absolute_url(),
        "/en/roadmaps/",
        f"/en/roadmaps/{content['roadmap'].slug}/",  # the server-drawn SVG charts
        "/en/accounts/login/",
        "/en/accounts/password/reset/",
        "/en/no-such-page/",
    ]


def _assert_nothing_inline(response, url):
    inline = InlineCode(response.content.decode())
    nonce = header_nonce(response)
    assert all(found == nonce and nonce for found in inline.script_nonces), url
    assert all(found == nonce and nonce for found in inline.style_nonces), url
    assert inline.handlers == [], url
    assert inline.style_attributes == [], url
    assert inline.javascript_urls == [], url


def test_the_public_pages_carry_nothing_inline(client, content):
    for url in _public_urls(content):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        _assert_nothing_inline(response, url)


def test_a_delegates_pages_carry_nothing_inline(client, content, delegate_mx):
    client.force_login(delegate_mx)
    own = PracticeFactory(country=delegate_mx.country)
    urls = [
        "/en/practices/mine/",
        "/en/practices/mine/new/",
        f"/en/practices/mine/{own.pk}/",
        f"/en/practices/mine/{own.pk}/edit/",
        "/en/roadmaps/mine/",
        f"/en/roadmaps/mine/actions/{content['action'].pk}/",
        "/en/declarations/negotiations/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_nothing_inline(response, url)


def _admin_urls(content):
    workshop = content["workshop"]
    urls = [
        "/en/admin/",
        f"/en/admin/workshops/workshop/{workshop.pk}/change/",
        f"/en/admin/workshops/workshop/{workshop.pk}/history/",
        "/en/admin/workshops/participant/import/",
        "/en/admin/workshops/participant/export/",
        f"/en/admin/declarations/declaration/{content['declaration'].pk}/change/",
    ]
    for model in admin.site._registry:
        for view in ("changelist", "add"):
            urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"))
    return urls


def test_the_administration_runs_under_the_policy(client, content):
    log_in_staff(client)
    urls = _admin_urls(content)
    pages = 0
    for url in urls:
        response = client.get(url)
        if response.status_code == 403:  # an add page the admin switches off
            continue
        assert response.status_code == 200, url
        pages += 1
        inline = InlineCode(response.content.decode())
        nonce = header_nonce(response)
        assert all(found == nonce and nonce for found in inline.script_nonces), url
        assert all(found == nonce and nonce for found in inline.style_nonces), url
        assert inline.javascript_urls == [], url
        assert set(inline.handlers) <= THIRD_PARTY_HANDLERS, url
        assert set(inline.style_attributes) <= THIRD_PARTY_STYLES, url
        # The files that stand in for them are on every page of the administration.
        assert "/static/admin/rcm/csp.js" in inline.script_sources, url
    assert pages > 40


def test_the_export_page_gets_its_select_all_box_from_a_file(client, content):
    log_in_staff(client)

    response = client.get("/en/admin/workshops/participant/export/")

    inline = InlineCode(response.content.decode())
    assert ("input", "onchange", "onSelectToggleChange(event)") in inline.handlers
    assert "/static/admin/rcm/csp.js" in inline.script_sources
    assert "select-toggle" in Path(finders.find("admin/rcm/csp.js")).read_text()


def test_the_account_pages_carry_nothing_inline(client, delegate_mx):
    log_in_staff(client)
    for url in ("/en/accounts/2fa/", "/en/accounts/email/", "/en/accounts/password/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_nothing_inline(response, url)


def test_the_authenticator_set_up_shows_its_qr_code_under_the_policy(client, delegate_mx):
    client.force_login(delegate_mx)
    to_confirm = client.get("/en/accounts/2fa/totp/activate/", follow=True)
    response = client.post(to_confirm.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/en/accounts/2fa/totp/activate/"
    _assert_nothing_inline(response, "totp")
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()
    assert "data:" in policy(response)["img-src"]
