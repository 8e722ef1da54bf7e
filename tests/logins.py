"""Logging people in for a test, as the portal sees them after a real login."""

from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from members.second_factor import record_second_factor
from tests.factories import with_totp


def login_with_second_factor(client, user):
    """Logs `user` in with their second factor verified in this session: the session holds
    the record allauth writes when the code is given at login (giving the authenticator
    app the user has, or one made for them). `client.force_login` alone is a login with
    the password only: staff then have no permission."""
    client.force_login(user)
    with_totp(user)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    record_second_factor(request=request, user=user, authenticator=authenticator)
    session.save()
    return user


def login(client, user):
    """Logs in as people log in: staff (and anyone else who holds permissions) with their
    second factor, delegates with their password."""
    if user.requires_second_factor:
        return login_with_second_factor(client, user)
    client.force_login(user)
    return user
