from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import get_user
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .second_factor import enrolment_granted, session_verified_second_factor

STAFF_NEED_SECOND_FACTOR = _(
    "Staff accounts act only with their second factor: verify it, or set it up, to continue."
)
# The account pages (allauth's, named account_* and mfa_*) a staff member may use before
# the session has verified their second factor: logging in and out, the password steps
# that need no session, and giving the code. Changing the e-mail address or the password,
# or seeing and changing authenticators, needs the second factor first: with the password
# alone, one could otherwise send the enrolment link elsewhere, or read recovery codes.
ACCOUNT_VIEWS_WITHOUT_SECOND_FACTOR = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_reauthenticate",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "account_confirm_email",
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_trust",
}
# ...and those an enrolment link opens, for a first authenticator.
ENROLMENT_VIEWS = {"mfa_activate_totp", "mfa_generate_recovery_codes"}
# Pages of the administration reachable before the second factor.
ADMIN_VIEWS_WITHOUT_SECOND_FACTOR = {"logout"}


def _with_second_factor_state(request):
    user = get_user(request)
    if user.is_authenticated and not session_verified_second_factor(request=request, user=user):
        user.second_factor_pending = True
    return user


def second_factor_url(request) -> str:
    return reverse("members:second_factor") + "?" + urlencode({"next": request.get_full_path()})


class StaffSecondFactorMiddleware:
    """Staff act only with a second factor verified in this session, wherever they act.

    Until the session has verified it, the user of the request keeps no permission
    (`members.models.User.permissions_withheld`): every permission check refuses, and a
    refusal says how to go on. The administration and the account pages that could change
    the account send them to the second-factor page. Switched by RCM_STAFF_REQUIRE_MFA."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.RCM_STAFF_REQUIRE_MFA:
            # Lazy, as Django's own: a request that never looks at the user costs nothing.
            request.user = SimpleLazyObject(lambda: _with_second_factor_state(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not settings.RCM_STAFF_REQUIRE_MFA or match is None:
            return None
        url_name = match.url_name or ""
        if match.app_name == "admin":
            if url_name in ADMIN_VIEWS_WITHOUT_SECOND_FACTOR:
                return None
        elif not url_name.startswith(("account_", "mfa_")) or (
            url_name in ACCOUNT_VIEWS_WITHOUT_SECOND_FACTOR
        ):
            return None
        user = request.user
        if not (user.is_authenticated and user.permissions_withheld):
            return None
        if url_name in ENROLMENT_VIEWS and enrolment_granted(request=request, user=user):
            return None
        messages.warning(request, STAFF_NEED_SECOND_FACTOR)
        return redirect(second_factor_url(request))

    def process_exception(self, request, exception):
        """A page refused for want of a permission tells a staff member without a verified
        second factor how to get it, with the same status."""
        if not settings.RCM_STAFF_REQUIRE_MFA or not isinstance(
            exception, (PermissionDenied, Http404)
        ):
            return None
        user = request.user
        if not (user.is_authenticated and user.permissions_withheld):
            return None
        from .views import second_factor_refusal

        return second_factor_refusal(request, status=404 if isinstance(exception, Http404) else 403)
