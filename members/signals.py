from .services import invitation_accept


def accept_invitation_on_password_set(sender, request, user, **kwargs) -> None:
    """allauth's password_reset signal: an invitee set their password through the link."""
    invitation_accept(user=user)


def second_factor_verified_on_enrolment(sender, request, user, authenticator, **kwargs) -> None:
    """allauth's authenticator_added signal: whoever just set up an authenticator gave its
    first code, so the session has verified the second factor, as at login; the enrolment
    grant, if any, has served."""
    from allauth.mfa.models import Authenticator

    from .second_factor import enrolment_grant_clear, record_second_factor

    if request is None or authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    if getattr(request, "user", None) is not None and request.user.pk == user.pk:
        record_second_factor(request=request, user=user, authenticator=authenticator, enrolled=True)
        enrolment_grant_clear(request=request)
