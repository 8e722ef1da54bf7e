"""The second-factor page of staff accounts: verify the second factor in this session, or,
for a first authenticator, ask for an enrolment link and use it."""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .second_factor import enrolment_grant, enrolment_granted
from .selectors import user_has_second_factor
from .services import (
    enrolment_link_check,
    enrolment_link_check_account,
    enrolment_link_redeem,
    enrolment_link_request,
)


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


def _state(request, *, next_url: str | None = None) -> dict:
    """What the page offers, from where the account and the session stand."""
    user = request.user
    next_url = _next_url(request) if next_url is None else next_url
    state = {
        "next": next_url,
        "requires": user.requires_second_factor,
        "verified": not user.second_factor_pending,
        "has_authenticator": user_has_second_factor(user=user),
        "granted": enrolment_granted(request=request, user=user),
        "link_minutes": settings.RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES,
    }
    query = "?" + urlencode({"next": next_url}) if next_url else ""
    state["verify_url"] = reverse("mfa_reauthenticate") + query
    return state


def second_factor_refusal(request, *, status: int):
    """A page refused to a staff member whose session has not verified the second factor."""
    return render(
        request,
        "members/second_factor.html",
        {**_state(request, next_url=request.get_full_path()), "refused": True},
        status=status,
    )


@never_cache
@login_required
def second_factor(request):
    """GET: where the second factor stands and what to do. POST: e-mail an enrolment link."""
    if request.method == "POST":
        try:
            enrolment_link_check_account(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if not ratelimit.consume(request, action="second_factor_link", user=request.user):
                messages.error(
                    request,
                    _("You have asked for several links already. Try again in an hour."),
                )
            else:
                enrolment_link_request(user=request.user, by=request.user)
                messages.success(
                    request,
                    _(
                        "We are e-mailing a link to %(email)s. Open it within %(minutes)d "
                        "minutes, in this browser, to set up your authenticator app."
                    )
                    % {
                        "email": request.user.email,
                        "minutes": settings.RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES,
                    },
                )
        next_url = _next_url(request)
        query = "?" + urlencode({"next": next_url}) if next_url else ""
        return redirect(reverse("members:second_factor") + query)
    return render(request, "members/second_factor.html", _state(request))


@never_cache
@login_required
def second_factor_enrol(request, token):
    """The link of the e-mail. Opening it asks for a confirmation, so that a mail scanner
    that follows links does not use it up; confirming uses it and opens the set-up."""
    try:
        if request.method == "POST":
            enrolment_link_redeem(user=request.user, token=token)
        else:
            enrolment_link_check(user=request.user, token=token)
    except ValidationError as error:
        return render(
            request,
            "members/enrolment_link.html",
            {**_state(request), "error": " ".join(error.messages)},
            status=400,
        )
    if request.method == "POST":
        enrolment_grant(request=request, user=request.user)
        return redirect("mfa_activate_totp")
    return render(request, "members/enrolment_link.html", _state(request))
