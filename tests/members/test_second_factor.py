"""Staff act only with a second factor verified in the session, wherever they act; the first
authenticator of a staff account is set up only through a link e-mailed to it."""

import hashlib
import re
import time
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from declarations.models import AmendmentStatus, DeclarationStatus
from members.groups import SECRETARIAT
from members.models import EnrolmentLink
from practices.models import PracticeStatus
from roadmaps.models import RoadmapStatus
from tests.declarations.conftest import make_declaration
from tests.factories import (
    ActionFactory,
    AmendmentFactory,
    LineOfActionFactory,
    PracticeFactory,
    RoadmapFactory,
    UserFactory,
    country,
    with_totp,
)
from tests.logins import login_with_second_factor

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # UserFactory's
REFUSED = "This page needs the permissions of a staff account."
NO_FACTOR_YET = "Your account has no second factor yet."
ENROL_URL = re.compile(r"https?://\S+/accounts/second-factor/enrol/\S+/")


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _officer(email="nora.officer@example.org", full_name="Nora Officer", **fields):
    """A Secretariat officer whose account has no second factor yet."""
    user = UserFactory(email=email, full_name=full_name, **fields)
    user.is_staff = True  # after creation: the factory gives staff an authenticator app
    user.save()
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


def _password_login(client, email):
    response = client.post("/en/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture(params=["no authenticator, password login", "authenticator, not verified"])
def unverified(request, client):
    """A Secretariat officer logged in with the password alone: either the account has no
    second factor yet, or the session never gave it."""
    if request.param.startswith("no authenticator"):
        officer = _officer()
        _password_login(client, officer.email)
    else:
        officer = UserFactory(email="olga.officer@example.org", is_staff=True)
        officer.groups.add(Group.objects.get(name=SECRETARIAT))
        client.force_login(officer)
    return officer


@pytest.fixture
def enrolment(client, mailoutbox, celery_eager, django_capture_on_commit_callbacks):
    """Asks for an enrolment link from the second-factor page, as the logged-in officer,
    and returns the path of the link in the e-mail."""

    def ask(for_client=client):
        with django_capture_on_commit_callbacks(execute=True):
            response = for_client.post("/en/accounts/second-factor/")
        assert response.status_code == 302
        return urlparse(ENROL_URL.search(mailoutbox[-1].body).group(0)).path

    return ask


def _activate(client) -> str:
    """Goes to the activation of an authenticator app, giving the password again when
    allauth asks; returns the final page."""
    page = client.get("/en/accounts/2fa/totp/activate/", follow=True)
    if page.redirect_chain and "/reauthenticate/" in page.redirect_chain[-1][0]:
        page = client.post(page.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    return page


# What a password alone no longer does.


def test_a_password_alone_does_not_move_practices_through_review(client, unverified, secretariat):
    practice = PracticeFactory(status=PracticeStatus.IN_REVIEW)

    queue = client.get("/en/practices/review/")
    response = client.post(f"/en/practices/review/{practice.pk}/", {"to_status": "accepted"})

    assert queue.status_code == 403
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW
    # With the second factor, the same request decides.
    login_with_second_factor(client, secretariat)
    client.post(f"/en/practices/review/{practice.pk}/", {"to_status": "accepted"})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.ACCEPTED


def test_a_password_alone_does_not_decide_amendments(client, unverified, secretariat):
    declaration = make_declaration()
    amendment = AmendmentFactory(paragraph=declaration.paragraphs.get(position=3))
    url = f"/en/declarations/amendments/{amendment.pk}/review/"

    response = client.post(url, {"decision": "reject"})

    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.PENDING
    assert client.get("/en/declarations/negotiations/").status_code == 403
    login_with_second_factor(client, secretariat)
    client.post(url, {"decision": "reject"})
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.REJECTED


def test_a_password_alone_does_not_read_a_countrys_draft(client, unverified):
    draft = PracticeFactory(country=country("GT"), title_en="Unpublished Guatemalan plan")
    attachment = draft.attachments.create(
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"), original_name="plan.pdf"
    )

    page = client.get(f"/en/practices/{draft.pk}/")
    file = client.get(f"/en/practices/{draft.pk}/attachments/{attachment.pk}/")

    assert page.status_code == 404
    assert "Unpublished Guatemalan plan" not in page.content.decode()
    assert REFUSED in page.content.decode()
    assert file.status_code == 404


def test_a_password_alone_does_not_read_a_draft_declaration(client, unverified):
    draft = make_declaration(status=DeclarationStatus.DRAFT)

    pages = [
        client.get(f"/en/declarations/{draft.pk}/"),
        client.get(f"/en/declarations/{draft.pk}/compare/"),
    ]

    for page in pages:
        assert page.status_code == 404
        assert "Reaffirm the commitment to reintegration;" not in page.content.decode()
    assert REFUSED in pages[0].content.decode()
    assert client.get(f"/en/declarations/negotiations/{draft.pk}/").status_code == 403


def test_a_password_alone_does_not_open_a_draft_roadmap_dashboard(client, unverified, superuser):
    roadmap = RoadmapFactory(status=RoadmapStatus.DRAFT, slug="draft-roadmap")
    ActionFactory(line=LineOfActionFactory(roadmap=roadmap), countries=["MX"])

    page = client.get("/en/roadmaps/draft-roadmap/")

    assert page.status_code == 404
    assert REFUSED in page.content.decode()
    login_with_second_factor(client, superuser)
    assert client.get("/en/roadmaps/draft-roadmap/").status_code == 200


def test_a_password_alone_does_not_open_the_admin(client, unverified):
    for url in ("/en/admin/", "/en/admin/practices/practice/", "/en/admin/login/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/second-factor/?next=")


def test_public_pages_stay_open_to_staff_without_the_second_factor(client, unverified):
    published = PracticeFactory(status=PracticeStatus.PUBLISHED, title_en="A published plan")

    for url in ("/en/", "/en/workshops/", "/en/practices/", f"/en/practices/{published.pk}/"):
        assert client.get(url).status_code == 200
    page = client.get("/en/").content.decode()
    assert "Verify your second factor" in page
    assert 'href="/en/admin/"' not in page


def test_a_password_alone_does_not_enrol_an_authenticator(client):
    """The attack of the issue: log in with the password, add one's own authenticator app,
    enter the administration."""
    officer = _officer()
    _password_login(client, officer.email)

    page = _activate(client)
    posted = client.post("/en/accounts/2fa/totp/activate/", {"code": "123456"})
    codes = client.post("/en/accounts/2fa/recovery-codes/generate/")

    assert page.redirect_chain[-1][0].startswith("/en/accounts/second-factor/")
    assert NO_FACTOR_YET in page.content.decode()
    assert posted.status_code == 302 and posted["Location"].startswith("/en/accounts/second-")
    assert codes.status_code == 302 and codes["Location"].startswith("/en/accounts/second-")
    assert not Authenticator.objects.filter(user=officer).exists()
    assert client.get("/en/admin/")["Location"].startswith("/en/accounts/second-factor/")


def test_a_password_alone_does_not_change_the_address_the_link_goes_to(client, unverified):
    response = client.post(
        "/en/accounts/email/", {"action_add": "", "email": "attacker@example.org"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/second-factor/")
    assert not unverified.emailaddress_set.filter(email="attacker@example.org").exists()
    assert client.get("/en/accounts/password/change/").status_code == 302


def test_force_login_alone_is_not_a_second_factor_but_the_login_code_is(client):
    officer = UserFactory(email="olga.officer@example.org", is_staff=True, is_superuser=True)
    secret = with_totp(officer)

    client.force_login(officer)
    assert client.get("/en/admin/").status_code == 302

    client.logout()
    client.post("/en/accounts/login/", {"login": officer.email, "password": PASSWORD})
    client.post("/en/accounts/2fa/authenticate/", {"code": _code(secret)})
    assert client.get("/en/admin/").status_code == 200


def test_staff_with_an_authenticator_verify_it_in_the_session_and_go_on(client, secretariat):
    practice = PracticeFactory(status=PracticeStatus.IN_REVIEW)
    secret = with_totp(secretariat)
    client.force_login(secretariat)  # e.g. a session opened before the second factor
    url = f"/en/practices/review/{practice.pk}/"

    refused = client.get(url)
    assert refused.status_code == 403
    verify = refused.context["verify_url"]
    assert verify == "/en/accounts/2fa/reauthenticate/?next=" + url.replace("/", "%2F")
    response = client.post(verify, {"code": _code(secret)})

    assert response.status_code == 302
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_staff_without_a_second_factor_land_on_the_page_that_says_what_to_do(client):
    officer = _officer()

    response = client.post("/es/accounts/login/", {"login": officer.email, "password": PASSWORD})

    assert response["Location"] == "/es/accounts/second-factor/"
    assert (
        "Su cuenta todavía no tiene segundo factor."
        in client.get(response["Location"]).content.decode()
    )


def test_delegates_are_untouched(client, delegate_mx):
    client.force_login(delegate_mx)

    assert client.get("/en/practices/mine/").status_code == 200
    assert "Verify your second factor" not in client.get("/en/").content.decode()


def test_anyone_given_permissions_needs_the_second_factor(client, delegate_mx):
    delegate_mx.groups.add(Group.objects.get(name=SECRETARIAT))
    practice = PracticeFactory(status=PracticeStatus.IN_REVIEW)
    client.force_login(delegate_mx)

    assert client.get(f"/en/practices/review/{practice.pk}/").status_code == 403
    assert client.get("/en/practices/mine/").status_code == 200  # still a delegate


# The enrolment link.


# Committed transactions, as in production: allauth announces a new authenticator once its
# transaction commits, during the request, and that is when the session records it. (The
# Secretariat group is there even after another transactional test emptied the database:
# the flush runs post_migrate, which makes the groups.)
@pytest.mark.django_db(transaction=True)
def test_staff_set_up_their_first_authenticator_through_the_emailed_link(
    client, enrolment, mailoutbox
):
    officer = _officer()
    _password_login(client, officer.email)
    page = client.get("/en/admin/", follow=True)
    assert page.redirect_chain[-1][0] == "/en/accounts/second-factor/?next=%2Fen%2Fadmin%2F"
    assert NO_FACTOR_YET in page.content.decode()

    path = enrolment()

    assert mailoutbox[-1].to == [officer.email]
    assert mailoutbox[-1].subject == "Set up the second factor of your RCM Portal account"
    assert "can be used once, for 30 minutes" in " ".join(mailoutbox[-1].body.split())
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "Set up my authenticator app" in confirm.content.decode()
    assert not EnrolmentLink.objects.get().used_at  # opening it does not use it up
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    page = _activate(client)
    assert page.redirect_chain[-1][0] == "/en/accounts/2fa/totp/activate/"
    done = client.post(
        "/en/accounts/2fa/totp/activate/", {"code": _code(page.context["form"].secret)}
    )

    assert done.status_code == 302
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    # The first code given verified the second factor for this session.
    admin = client.get("/en/admin/")
    assert admin.status_code == 200
    assert "Site administration" in admin.content.decode()


def test_the_link_works_once(client, enrolment):
    officer = _officer()
    _password_login(client, officer.email)
    path = enrolment()
    assert client.post(path).status_code == 302

    again = client.post(path)
    other_session = Client()
    _password_login(other_session, officer.email)
    elsewhere = other_session.post(path)

    assert again.status_code == 400
    assert "This link has already been used." in again.content.decode()
    assert elsewhere.status_code == 400
    # The set-up it opened belongs to the session that used it.
    assert other_session.get("/en/accounts/2fa/totp/activate/").status_code == 302
    assert other_session.get("/en/accounts/2fa/totp/activate/")["Location"].startswith(
        "/en/accounts/second-factor/"
    )


def test_the_link_expires(client, enrolment, settings):
    officer = _officer()
    _password_login(client, officer.email)
    path = enrolment()
    link = EnrolmentLink.objects.get()
    assert link.expires_at - link.sent_at == timedelta(minutes=30)
    EnrolmentLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    page = client.get(path)
    response = client.post(path)

    assert page.status_code == 400
    assert "This link has expired. Ask for a new one." in page.content.decode()
    assert response.status_code == 400
    assert not EnrolmentLink.objects.get().used_at
    assert _activate(client).redirect_chain[-1][0].startswith("/en/accounts/second-factor/")


def test_the_set_up_it_opens_expires_too(client, enrolment, settings):
    officer = _officer()
    _password_login(client, officer.email)
    client.post(enrolment())
    session = client.session
    session["members_second_factor_enrolment"]["until"] = time.time() - 1
    session.save()

    assert _activate(client).redirect_chain[-1][0].startswith("/en/accounts/second-factor/")


def test_another_accounts_link_does_not_work(client, enrolment):
    officer = _officer()
    _password_login(client, officer.email)
    path = enrolment()
    colleague = _officer(email="carl.colleague@example.org")
    intruder = Client()
    _password_login(intruder, colleague.email)

    page = intruder.get(path)
    response = intruder.post(path)

    assert page.status_code == 400
    assert "This link was sent to another account." in page.content.decode()
    assert response.status_code == 400
    assert _activate(intruder).redirect_chain[-1][0].startswith("/en/accounts/second-factor/")
    assert client.post(path).status_code == 302  # still good for its own account


def test_a_made_up_link_does_not_work(client):
    _password_login(client, _officer().email)

    response = client.get("/en/accounts/second-factor/enrol/made-up-token/")

    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()


def test_only_a_hash_of_the_token_is_kept(client, enrolment):
    _password_login(client, _officer().email)
    path = enrolment()
    token = path.rstrip("/").rsplit("/", 1)[-1]

    link = EnrolmentLink.objects.get()

    assert len(token) >= 40
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(value) for value in EnrolmentLink.objects.values().get().values())
    assert token not in stored


def test_the_link_needs_the_accounts_login(enrolment, client):
    _password_login(client, _officer().email)
    path = enrolment()

    response = Client().get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_asking_for_links_is_limited(client, enrolment, mailoutbox):
    _password_login(client, _officer().email)
    for _ in range(3):
        enrolment()

    response = client.post("/en/accounts/second-factor/", follow=True)

    assert len(mailoutbox) == 3
    assert "You have asked for several links already." in response.content.decode()


def test_no_link_for_an_account_that_has_a_second_factor(client, secretariat, mailoutbox):
    client.force_login(secretariat)

    page = client.get("/en/accounts/second-factor/")
    response = client.post("/en/accounts/second-factor/", follow=True)

    assert "Verify my second factor" in page.content.decode()
    assert "This account already has a second factor." in response.content.decode()
    assert not EnrolmentLink.objects.exists()


# The administration of links.


def test_a_superuser_sends_a_link_from_the_admin(
    client, superuser, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    superuser.full_name = "Rita Root"
    superuser.save()
    officer = _officer(language="fr")
    login_with_second_factor(client, superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/admin/members/enrolmentlink/add/", {"user": officer.pk})

    assert response.status_code == 302
    link = EnrolmentLink.objects.get()
    assert (link.user, link.created_by) == (officer, superuser)
    message = mailoutbox[-1]
    assert message.to == [officer.email]
    assert message.subject == "Configurez le second facteur de votre compte du Portail de la CRM"
    assert "Rita Root a créé pour vous un lien" in " ".join(message.body.split())
    assert "/fr/accounts/second-factor/enrol/" in message.body
    refused = client.post("/en/admin/members/enrolmentlink/add/", {"user": superuser.pk})
    assert "This account already has a second factor." in refused.content.decode()


def test_the_secretariat_does_not_make_links(client, secretariat):
    login_with_second_factor(client, secretariat)

    assert client.get("/en/admin/members/enrolmentlink/add/").status_code == 403
    assert client.get("/en/admin/members/enrolmentlink/").status_code == 403


def test_the_admin_lists_links_used_expired_and_valid(client, superuser):
    now = timezone.now()
    for name, expires, used in (
        ("Ursula Used", now + timedelta(minutes=5), now),
        ("Ernesto Expired", now - timedelta(minutes=5), None),
        ("Valeria Valid", now + timedelta(minutes=5), None),
    ):
        user = _officer(email=f"{name.split()[0].lower()}@example.org", full_name=name)
        EnrolmentLink.objects.create(user=user, sent_at=now, expires_at=expires, used_at=used)
    login_with_second_factor(client, superuser)

    page = client.get("/en/admin/members/enrolmentlink/").content.decode()
    used = client.get("/en/admin/members/enrolmentlink/?status=used").content.decode()

    for status in ("Used", "Expired", "Valid"):
        assert f'<td class="field-status_label">{status}</td>' in page
    assert "Ursula Used" in used and "Valeria Valid" not in used


# In Spanish and French.


def test_the_pages_speak_spanish_and_french(client, unverified):
    practice = PracticeFactory(status=PracticeStatus.IN_REVIEW)
    texts = {
        "es": ("Verifique su segundo factor", "Esta página requiere los permisos"),
        "fr": ("Vérifiez votre second facteur", "Cette page nécessite les permissions"),
    }
    for language, (nav, refused) in texts.items():
        page = client.get(f"/{language}/practices/review/{practice.pk}/").content.decode()
        assert nav in page
        assert refused in page


def test_the_enrolment_pages_and_email_speak_spanish(client, enrolment, mailoutbox):
    officer = _officer(language="es")
    _password_login(client, officer.email)

    page = client.get("/es/accounts/second-factor/").content.decode()
    path = enrolment()

    assert "Su cuenta todavía no tiene segundo factor." in page
    assert "Envíenme un enlace de configuración por correo" in page
    assert path.startswith("/es/accounts/second-factor/enrol/")
    assert mailoutbox[-1].subject == "Configure el segundo factor de su cuenta del Portal de la CRM"
    assert "puede usarse una sola vez, durante 30 minutos" in " ".join(mailoutbox[-1].body.split())
    assert "Configurar mi aplicación de autenticación" in client.get(path).content.decode()
    used = client.post(path) and client.post(path)
    assert "Este enlace ya se ha utilizado." in used.content.decode()


def test_the_enrolment_pages_and_email_speak_french(client, enrolment, mailoutbox):
    officer = _officer(language="fr")
    _password_login(client, officer.email)

    page = client.get("/fr/accounts/second-factor/").content.decode()
    path = enrolment()

    assert "Votre compte n’a pas encore de second facteur." in page
    assert path.startswith("/fr/accounts/second-factor/enrol/")
    assert mailoutbox[-1].subject == (
        "Configurez le second facteur de votre compte du Portail de la CRM"
    )
    assert "peut être utilisé une seule fois, pendant 30 minutes" in " ".join(
        mailoutbox[-1].body.split()
    )
    EnrolmentLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "Ce lien a expiré." in client.get(path).content.decode()
