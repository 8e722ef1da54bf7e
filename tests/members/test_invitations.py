from datetime import timedelta
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from celery.signals import task_prerun
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import formats, timezone, translation

from members.groups import SECRETARIAT
from members.models import Invitation, User, UserRole
from members.services import invitation_send
from outbox.models import OutboxMessage, OutboxState
from tests.factories import UserFactory, country
from tests.logins import login

pytestmark = pytest.mark.django_db

ADD_URL = "/en/admin/members/invitation/add/"
LIST_URL = "/en/admin/members/invitation/"
PASSWORD = "a-chosen-long-password-42"


@pytest.fixture
def officer(client):
    """A Technical Secretariat officer in the administration (with a second factor)."""
    officer = UserFactory(full_name="Ana Officer", is_staff=True)
    officer.groups.add(Group.objects.get(name=SECRETARIAT))
    login(client, officer)
    return officer


def _invite(client, capture, **data):
    """Posts the admin's add-invitation form; the queued e-mail goes when the request's
    transaction commits, that is when `capture` ends."""
    form = {
        "email": "invitee@example.org",
        "full_name": "Rosa Invitee",
        "country": country("DO").pk,
        "role": UserRole.DELEGATE,
        "organization": "",
        "language": "es",
        **data,
    }
    with capture(execute=True):
        return client.post(ADD_URL, form)


def _link(message) -> str:
    return next(word for word in message.body.split() if "/accounts/password/reset/key/" in word)


def _set_password(link: str, password: str = PASSWORD):
    """What the invitee does: opens the link from the e-mail and chooses a password."""
    invitee = Client()
    page = invitee.get(urlparse(link).path, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else urlparse(link).path
    return page, invitee.post(form_url, {"password1": password, "password2": password})


@pytest.fixture
def tasks_run():
    """The names of the Celery tasks run during the test."""
    names = []

    def record(sender, task, **kwargs):
        names.append(task.name)

    task_prerun.connect(record, weak=False)
    yield names
    task_prerun.disconnect(record)


def test_an_invitation_is_emailed_only_once_the_request_commits(
    client, officer, mailoutbox, celery_eager, tasks_run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD_URL,
            {
                "email": "Invitee@Example.org",
                "full_name": "Rosa Invitee",
                "country": country("DO").pk,
                "role": UserRole.DELEGATE,
                "language": "es",
            },
        )
        assert response.status_code == 302
        assert mailoutbox == []
        assert tasks_run == []
        # Written in the request's transaction, carried out after it.
        assert OutboxMessage.objects.get().handler == "members.send_invitation"

    assert tasks_run == ["outbox.deliver"]  # by the worker, not in the request
    assert OutboxMessage.objects.get().state == OutboxState.DONE
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["invitee@example.org"]
    invitation = Invitation.objects.get()
    assert invitation.invited_by == officer
    assert invitation.sent_at is not None


def test_the_email_says_who_invites_for_which_country_and_role_with_a_link(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(
        client,
        django_capture_on_commit_callbacks,
        country=country("MX").pk,
        role=UserRole.CONTRIBUTOR,
        language="en",
    )

    message = mailoutbox[0]
    body = " ".join(message.body.split())
    invitation = Invitation.objects.get()
    expires = formats.date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT")
    assert "Regional Conference on Migration" in message.subject
    assert "Dear Rosa Invitee," in body
    assert "Ana Officer, of the Technical Secretariat" in body
    assert "Country: Mexico" in body
    assert "Role: Civil-society or observer contributor" in body
    assert f"until {expires}" in body
    assert _link(message).startswith("http://127.0.0.1:8000/en/accounts/password/reset/key/")
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)


def test_the_email_is_in_the_invitees_language(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks, language="es")

    message = mailoutbox[0]
    body = " ".join(message.body.split())
    with translation.override("es"):
        expires = formats.date_format(
            timezone.localtime(Invitation.objects.get().expires_at), "DATETIME_FORMAT"
        )
    assert "República Dominicana" in body
    assert expires in body and " de " in expires
    assert urlparse(_link(message)).path.startswith("/es/accounts/password/reset/key/")


def test_the_invitee_sets_a_password_through_the_link_and_logs_in(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks)
    user = User.objects.get(email="invitee@example.org")
    assert not user.has_usable_password()
    assert user.country.iso_code == "DO" and user.role == UserRole.DELEGATE
    assert user.language == "es"

    page, response = _set_password(_link(mailoutbox[0]))

    assert page.redirect_chain[-1][0].endswith("-set-password/")  # the key left the URL
    assert "Establecer contraseña" in page.content.decode()  # the invitee's language
    assert 'name="password1"' in page.content.decode()
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert Invitation.objects.get().accepted_at is not None
    assert "Accepted" in client.get(LIST_URL).content.decode()

    visitor = Client()
    login = visitor.post(
        "/en/accounts/login/", {"login": "invitee@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302
    home = visitor.get("/en/")
    assert home.context["user"].is_authenticated
    assert home.context["user"].email == "invitee@example.org"


def test_the_link_works_only_once(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks, language="en")
    link = _link(mailoutbox[0])
    _set_password(link)

    page, _response = _set_password(link, "another-long-password-43")

    assert "Bad Token" in page.content.decode()
    assert User.objects.get(email="invitee@example.org").check_password(PASSWORD)


def test_an_expired_link_shows_the_bad_token_page_and_sets_nothing(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks, settings
):
    _invite(client, django_capture_on_commit_callbacks, language="en")
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is now older than its lifetime

    page, response = _set_password(_link(mailoutbox[0]))

    content = page.content.decode()
    assert "Bad Token" in content
    assert "ask the Secretariat to send the invitation again" in content
    assert 'name="password1"' not in content
    user = User.objects.get(email="invitee@example.org")
    assert not user.has_usable_password()
    assert not EmailAddress.objects.get(user=user).verified
    assert Invitation.objects.get().accepted_at is None
    assert "Expired" in client.get(LIST_URL, {"status": "expired"}).content.decode()


def test_an_invitee_cannot_log_in_before_choosing_a_password(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks)

    response = Client().post(
        "/en/accounts/login/", {"login": "invitee@example.org", "password": ""}
    )

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_inviting_an_address_that_has_an_account_is_refused(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    UserFactory(email="delegate@example.org")

    response = _invite(client, django_capture_on_commit_callbacks, email="Delegate@example.org")

    assert response.status_code == 200
    assert "This address already has an account." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []
    with pytest.raises(ValidationError, match="This address already has an account."):
        invitation_send(
            email="delegate@example.org",
            full_name="Someone",
            country=country("MX"),
            role=UserRole.DELEGATE,
            organization=None,
            language="en",
            by=officer,
        )


def test_a_staff_account_cannot_be_invited(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    admin.is_active = False
    admin.save()

    response = _invite(client, django_capture_on_commit_callbacks, email="admin@example.org")

    assert "staff account" in response.content.decode()
    admin.refresh_from_db()
    assert not admin.is_active and admin.has_usable_password()


def test_inviting_again_before_acceptance_updates_the_same_account(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks, country=country("GT").pk)
    _invite(client, django_capture_on_commit_callbacks, country=country("HN").pk, language="fr")

    assert User.objects.filter(email="invitee@example.org").count() == 1
    invitation = Invitation.objects.get()
    assert invitation.country.iso_code == "HN" and invitation.user.country.iso_code == "HN"
    assert len(mailoutbox) == 2
    assert urlparse(_link(mailoutbox[1])).path.startswith("/fr/")


def test_a_pending_invitation_is_sent_again_from_the_list(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST_URL,
            {"action": "resend", "_selected_action": [invitation.pk]},
            follow=True,
        )

    assert "1 invitation will be e-mailed again." in response.content.decode()
    assert len(mailoutbox) == 2
    _set_password(_link(mailoutbox[1]))
    assert User.objects.get(email="invitee@example.org").check_password(PASSWORD)


def test_an_accepted_invitation_is_not_sent_again(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks)
    _set_password(_link(mailoutbox[0]))
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST_URL,
            {"action": "resend", "_selected_action": [invitation.pk]},
            follow=True,
        )

    assert "This invitation has already been accepted." in response.content.decode()
    assert len(mailoutbox) == 1


def test_a_delegate_cannot_invite(client, mailoutbox):
    delegate = UserFactory(country=country("MX"), role=UserRole.DELEGATE)
    client.force_login(delegate)

    response = client.get(ADD_URL)

    assert response.status_code in (302, 403)
    assert not Invitation.objects.exists()


def test_an_invited_person_still_cannot_sign_up_on_their_own(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    _invite(client, django_capture_on_commit_callbacks)

    response = Client().post(
        "/en/accounts/signup/",
        {"email": "invitee@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert "Sign Up Closed" in response.content.decode()
    assert not User.objects.get(email="invitee@example.org").has_usable_password()


def test_the_secretariat_sees_the_form_and_each_invitation_as_a_record(
    client, officer, mailoutbox, celery_eager, django_capture_on_commit_callbacks
):
    form = client.get(ADD_URL).content.decode()
    for field in ("email", "full_name", "country", "role", "organization", "language"):
        assert f'name="{field}"' in form

    _invite(client, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    listing = client.get(LIST_URL, {"q": "rosa"}).content.decode()
    record = client.get(f"{LIST_URL}{invitation.pk}/change/").content.decode()

    assert "invitee@example.org" in listing and "Pending" in listing
    assert "Ana Officer" in record and "Pending" in record
    assert 'name="email"' not in record  # made once; the account is changed under users
