"""Invitations: the Secretariat opens an account for a person, who sets its password through
the link in the e-mail. The link is allauth's password-reset link, so the way in, its
signature and its expiry (PASSWORD_RESET_TIMEOUT) are allauth's and Django's.

Enrolment links: the first second factor of a staff account is set up only through a link
e-mailed to the account, which works once and for a short time."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from outbox.services import outbox_enqueue

from .models import Country, EnrolmentLink, EnrolmentLinkStatus, Invitation, Organization, User
from .selectors import user_has_second_factor

ACCOUNT_EXISTS = _("This address already has an account.")
STAFF_ACCOUNT = _("This address belongs to a staff account, which only administrators manage.")
ALREADY_ACCEPTED = _("This invitation has already been accepted.")


def _normalize(email: str) -> str:
    return email.strip().lower()


def invitation_check_address(*, email: str) -> None:
    """Refuses an address that already opens an account, so that an invitation never takes
    over someone's account."""
    email = _normalize(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        if EmailAddress.objects.filter(email__iexact=email).exists():
            raise ValidationError(ACCOUNT_EXISTS, code="account_exists")
        return
    if user.is_staff or user.is_superuser:
        raise ValidationError(STAFF_ACCOUNT, code="staff_account")
    if user.is_active and user.has_usable_password():
        raise ValidationError(ACCOUNT_EXISTS, code="account_exists")
    if EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists():
        raise ValidationError(ACCOUNT_EXISTS, code="account_exists")


def _queue_invitation_email(invitation: Invitation) -> None:
    # Each sending is its own e-mail: a resend is a new message, not a repeat of the first.
    outbox_enqueue(
        handler="members.send_invitation",
        key=f"members.send_invitation:{invitation.pk}:{uuid.uuid4().hex}",
        arguments={"invitation_id": invitation.pk},
    )


@transaction.atomic
def invitation_send(
    *,
    email: str,
    full_name: str,
    country: Country,
    role: str,
    organization: Organization | None,
    language: str,
    by: User | None,
) -> Invitation:
    """Opens the account of `email` for `country` and `role`, without a password, and e-mails
    the person a link to set one once the transaction commits.

    An address invited before and not yet accepted keeps its account and its pending
    invitation, both updated with these details; its new e-mail carries a new link."""
    email = _normalize(email)
    invitation_check_address(email=email)
    details = {
        "full_name": full_name,
        "country": country,
        "role": role,
        "organization": organization,
        "language": language,
    }
    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password=None, **details)
    else:
        for field, value in details.items():
            setattr(user, field, value)
        if user.has_usable_password():
            # A deactivated account comes back only through its owner setting a password.
            user.set_unusable_password()
        user.is_active = True
        user.full_clean(exclude=["password"])
        user.save()

    address, _created = EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": False}
    )
    if not address.primary:
        address.set_as_primary()

    invitation = (
        Invitation.objects.select_for_update()
        .filter(user=user, accepted_at__isnull=True)
        .order_by("-created_at")
        .first()
    ) or Invitation(user=user)
    invitation.email = email
    invitation.invited_by = by
    for field, value in details.items():
        setattr(invitation, field, value)
    invitation.full_clean()
    invitation.save()
    _queue_invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """E-mails a pending invitation again, with a new link that expires later."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(ALREADY_ACCEPTED, code="accepted")
    if invitation.user.is_active and invitation.user.has_usable_password():
        raise ValidationError(ACCOUNT_EXISTS, code="account_exists")
    _queue_invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_accept(*, user: User) -> Invitation | None:
    """The invitee set their password through the e-mailed link: the invitation is accepted,
    and their address verified, since the link reached them there."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(user=user, accepted_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if invitation is None:
        return None
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    for address in EmailAddress.objects.filter(user=user, email__iexact=invitation.email):
        address.set_verified(commit=True)
    return invitation


def invitation_link(*, user: User, language: str) -> str:
    """The signed link to set the account's password, on the invitee's language's pages."""
    token = default_token_generator.make_token(user)
    with translation.override(language):
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": token},
        )
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def invitation_email_send(*, invitation_id: int) -> None:
    """Sends the invitation e-mail, in the invitee's language, with a fresh link."""
    invitation = (
        Invitation.objects.select_related("user", "country", "organization", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.accepted_at or invitation.user.has_usable_password():
        return  # withdrawn or accepted since it was queued: nothing to send
    invitation.sent_at = timezone.now()
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "secretariat": translation.gettext(settings.RCM_SECRETARIAT_LABEL),
            "country": invitation.country.name,
            "role": invitation.get_role_display(),
            "link": invitation_link(user=invitation.user, language=invitation.language),
            "expires_at": invitation.expires_at,
            "portal_url": settings.PORTAL_BASE_URL.rstrip("/") + f"/{invitation.language}/",
        }
        subject = " ".join(
            render_to_string("members/email/invitation_subject.txt", context).split()
        )
        body = render_to_string("members/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    invitation.save(update_fields=["sent_at"])


NO_SECOND_FACTOR_NEEDED = _("This account does not need a second factor.")
ALREADY_ENROLLED = _(
    "This account already has a second factor. To replace it, delete its authenticator first."
)
LINK_UNKNOWN = _("This link is not valid. Ask for a new one.")
LINK_OF_ANOTHER_ACCOUNT = _(
    "This link was sent to another account. Log in with the account it was sent to."
)
LINK_USED = _("This link has already been used. Ask for a new one.")
LINK_EXPIRED = _("This link has expired. Ask for a new one.")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def enrolment_link_check_account(*, user: User) -> None:
    """Refuses an account that does not act with a second factor, or already has one."""
    if not user.requires_second_factor:
        raise ValidationError(NO_SECOND_FACTOR_NEEDED, code="not_needed")
    if user_has_second_factor(user=user):
        raise ValidationError(ALREADY_ENROLLED, code="enrolled")


@transaction.atomic
def enrolment_link_request(*, user: User, by: User | None) -> EnrolmentLink:
    """Records that `user` gets an enrolment link; the worker makes the token and e-mails it
    once the transaction commits."""
    enrolment_link_check_account(user=user)
    link = EnrolmentLink(user=user, created_by=by)
    link.full_clean()
    link.save()
    outbox_enqueue(
        handler="members.send_enrolment_link",
        key=f"members.send_enrolment_link:{link.pk}",
        arguments={"link_id": link.pk},
    )
    return link


def enrolment_link_url(*, token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("members:second_factor_enrol", kwargs={"token": token})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def enrolment_link_email_send(*, link_id: int) -> None:
    """Makes the link's token, keeps only its hash, and e-mails the link to the account in
    its language. The link expires `RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES` after sending."""
    link = EnrolmentLink.objects.select_related("user").filter(pk=link_id).first()
    if link is None or link.sent_at or link.used_at or user_has_second_factor(user=link.user):
        return  # sent already, deleted, or no longer needed
    user = link.user
    token = secrets.token_urlsafe(32)
    link.token_hash = _token_hash(token)
    link.sent_at = timezone.now()
    link.expires_at = link.sent_at + timedelta(
        minutes=settings.RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES
    )
    with translation.override(user.language):
        context = {
            "user": user,
            "link": enrolment_link_url(token=token, language=user.language),
            "minutes": settings.RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES,
            "expires_at": link.expires_at,
            "asked_by": link.created_by if link.created_by_id != user.pk else None,
            "secretariat": translation.gettext(settings.RCM_SECRETARIAT_LABEL),
            "portal_url": settings.PORTAL_BASE_URL.rstrip("/") + f"/{user.language}/",
        }
        subject = " ".join(
            render_to_string("members/email/enrolment_link_subject.txt", context).split()
        )
        body = render_to_string("members/email/enrolment_link.txt", context)
    send_mail(subject, body, None, [user.email])
    link.save(update_fields=["token_hash", "sent_at", "expires_at"])


def _usable_link(*, user: User, token: str, lock: bool) -> EnrolmentLink:
    links = EnrolmentLink.objects.select_for_update() if lock else EnrolmentLink.objects
    link = links.filter(token_hash=_token_hash(token)).first() if token else None
    if link is None:
        raise ValidationError(LINK_UNKNOWN, code="unknown")
    if link.user_id != user.pk:
        raise ValidationError(LINK_OF_ANOTHER_ACCOUNT, code="other_account")
    if link.status == EnrolmentLinkStatus.USED:
        raise ValidationError(LINK_USED, code="used")
    if link.status != EnrolmentLinkStatus.VALID:
        raise ValidationError(LINK_EXPIRED, code="expired")
    enrolment_link_check_account(user=user)
    return link


def enrolment_link_check(*, user: User, token: str) -> EnrolmentLink:
    """The link of `token`, if `user` may use it now; a ValidationError says why not."""
    return _usable_link(user=user, token=token, lock=False)


@transaction.atomic
def enrolment_link_redeem(*, user: User, token: str) -> EnrolmentLink:
    """Uses up the link: it works once."""
    link = _usable_link(user=user, token=token, lock=True)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link
