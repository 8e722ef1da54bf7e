from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .selectors import user_has_totp

STAFF_NEED_TOTP = _("Staff accounts need a second factor: set up an authenticator app to continue.")
# Pages of the administration a staff user may reach before setting up the second factor.
ADMIN_VIEWS_WITHOUT_TOTP = {"logout"}


class StaffSecondFactorMiddleware:
    """Sends a staff user without an authenticator app from the administration to set one up.

    The administration changes what the public reads: a stolen password alone must not open
    it. Switched by the setting RCM_STAFF_REQUIRE_MFA."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            not settings.RCM_STAFF_REQUIRE_MFA
            or match is None
            or match.app_name != "admin"
            or match.url_name in ADMIN_VIEWS_WITHOUT_TOTP
        ):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user_has_totp(user=user):
            return None
        messages.warning(request, STAFF_NEED_TOTP)
        return redirect("mfa_activate_totp")
