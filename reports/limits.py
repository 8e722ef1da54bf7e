"""How many new PDFs anyone may have rendered: per client, for everyone together, and per
account for the Secretariat. The counts live in the cache (Redis in production, files
under `var/cache/` in `make run`), in fixed windows, with django-ratelimit.

Only work that would be new counts: the views ask the limits after finding that no report
exists for the same content, and a refused request counts nothing.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

# Who is not held by the public limits, but by their own (REPORTS_RENDER_RATE_STAFF).
BEYOND_PUBLIC_LIMITS = "reports.request_beyond_public_limits"

CLIENT, EVERYONE = "client", "everyone"


@dataclass(frozen=True)
class RenderRefusal:
    """A render refused: by the limit of this client or of everyone, for this long."""

    scope: str
    retry_after: int  # seconds until the window of the limit ends

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def client_address(request: HttpRequest) -> str:
    """The client's address as the login limits read it: allauth's, which honours
    ALLAUTH_TRUSTED_PROXY_COUNT and counts an IPv6 address by its network."""
    from allauth.core.internal.ratelimit import get_ip

    return get_ip(request)


def _limits(request: HttpRequest) -> list[tuple[str, str, str]]:
    """The limits a new render by this request counts against: (scope, rate, key)."""
    user = request.user
    # Staff hold the permission only with their second factor given in this session
    # (members.User): with their password alone, the public's limits.
    if user.is_authenticated and user.has_perm(BEYOND_PUBLIC_LIMITS):
        rate = settings.REPORTS_RENDER_RATE_STAFF
        return [(CLIENT, rate, f"user:{user.pk}")] if rate else []
    limits = []
    if settings.REPORTS_RENDER_RATE_PER_CLIENT:
        rate = settings.REPORTS_RENDER_RATE_PER_CLIENT
        limits.append((CLIENT, rate, f"ip:{client_address(request)}"))
    if settings.REPORTS_RENDER_RATE_GLOBAL:
        limits.append((EVERYONE, settings.REPORTS_RENDER_RATE_GLOBAL, EVERYONE))
    return limits


def _usage(request: HttpRequest, *, scope: str, rate: str, key: str, increment: bool):
    return get_usage(
        request,
        group=f"reports.render.{scope}",
        key=lambda _group, _request: key,
        rate=rate,
        increment=increment,
    )


def render_allowance_take(request: HttpRequest) -> RenderRefusal | None:
    """Count one new render against every limit of this request, or say which limit
    refuses it and until when. A refused request is not counted, so one client held by
    its own limit does not use up everyone's."""
    limits = _limits(request)
    for scope, rate, key in limits:
        usage = _usage(request, scope=scope, rate=rate, key=key, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            # time_left is -1 when the cache could not be read: the limit holds then too.
            left = usage["time_left"]
            return RenderRefusal(scope=scope, retry_after=left if left > 0 else 60)
    for scope, rate, key in limits:
        _usage(request, scope=scope, rate=rate, key=key, increment=True)
    return None
