"""Limits and headers that hold for every page of the portal."""

import logging

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

from .decorators import MEGABYTE, view_body_limit

logger = logging.getLogger("rcm_portal.security")


def declared_body_length(request) -> int:
    """The length of the body the client announced. Django reads no more than this from
    the connection, and nothing when it is absent (as for a chunked body) or not a number."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def request_body_limit(request) -> int:
    """The largest body in bytes that the view of this request accepts from this person.
    Anonymous visitors have no upload to make: they get the small default, whatever the
    view declares."""
    default = settings.REQUEST_BODY_MAX_MB * MEGABYTE
    user = request.user
    if not user.is_authenticated:
        return default
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return default
    if match.app_name == "admin" and user.is_staff:
        # Outcome documents (one file per language) and participant imports.
        return max(default, settings.UPLOAD_REQUEST_MAX_MB * MEGABYTE)
    declared = view_body_limit(match.func)
    return default if declared is None else max(default, declared)


class RequestBodyLimitMiddleware:
    """Answers 413 to a request whose announced body is larger than its view accepts,
    before anything reads the body.

    The CSRF check reads a POST's form (in its process_view) to find the token: without
    this, an anonymous 150 MB upload was received and written to disk only to be refused.
    The check is made in the request phase, before every process_view and the request
    phase of the middleware below it (CsrfViewMiddleware included); it needs request.user,
    so it sits after AuthenticationMiddleware. Only a body larger than the default limit
    costs a URL resolution."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_body_length(request)
        if length > settings.REQUEST_BODY_MAX_MB * MEGABYTE:
            limit = request_body_limit(request)
            if length > limit:
                return self.refuse(request, length=length, limit=limit)
        return self.get_response(request)

    @staticmethod
    def refuse(request, *, length: int, limit: int):
        logger.warning(
            "Refused a request body of %s bytes for %s (limit %s bytes).",
            length,
            request.path,
            limit,
        )
        return render(
            request,
            "413.html",
            {"limit_mb": limit // MEGABYTE, "sent_mb": -(-length // MEGABYTE)},
            status=413,
        )


class PrivateCacheMiddleware:
    """A page answered to a logged-in person shows their own data: no shared cache (a
    proxy, a CDN) may keep it, nor the browser on disk. Pages for anonymous visitors are
    left as their views answer them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ("Cookie",))
        return response


class PermissionsPolicyMiddleware:
    """Switches off the browser features the portal never uses (camera, microphone,
    location...), so that no injected content could ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
