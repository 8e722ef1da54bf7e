"""What this session has proved about its user's second factor, kept in the session.

A second factor counts as verified when allauth recorded an "mfa" authentication in this
session: the code asked at login, at `mfa_reauthenticate`, or the first code of an
authenticator just set up (see `members.signals`). An enrolment grant is what a redeemed
enrolment link leaves in the session: the right to set up a first authenticator here, for a
short time."""

import time

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.http import HttpRequest

from .models import User

ENROLMENT_SESSION_KEY = "members_second_factor_enrolment"


def session_verified_second_factor(*, request: HttpRequest, user: User) -> bool:
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def record_second_factor(*, request: HttpRequest, user: User, authenticator, **extra) -> None:
    """Writes the record allauth writes when a code is given at login."""
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, **extra
    )


def enrolment_grant(*, request: HttpRequest, user: User) -> None:
    request.session[ENROLMENT_SESSION_KEY] = {
        "user": str(user.pk),
        "until": time.time() + settings.RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES * 60,
    }


def enrolment_granted(*, request: HttpRequest, user: User) -> bool:
    grant = request.session.get(ENROLMENT_SESSION_KEY)
    return (
        isinstance(grant, dict)
        and grant.get("user") == str(user.pk)
        and isinstance(grant.get("until"), (int, float))
        and grant["until"] > time.time()
    )


def enrolment_grant_clear(*, request: HttpRequest) -> None:
    request.session.pop(ENROLMENT_SESSION_KEY, None)
