"""The portal's own views: its health, for probes and for staff."""

import functools
import logging

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .health import readiness, work_health

logger = logging.getLogger("rcm_portal.health")


def _probe(view):
    """A health check: GET or HEAD only, for anyone, never kept by a cache. Exempt from
    the CSRF check only so that a POST gets its 405 rather than a 403 page."""
    return csrf_exempt(never_cache(require_safe(view)))


@_probe
def healthz(request):
    """The web process answers: nothing else is touched, so that a database or broker
    that is down does not get the web server restarted."""
    return JsonResponse({"status": "ok"})


@_probe
def readyz(request):
    """The database, the broker and a worker work, and the backlog of work is within its
    limits: 200, else 503. Never 500: a check that breaks counts as failed."""
    try:
        state = readiness()
    except Exception:
        logger.exception("Health: the readiness checks broke.")
        return JsonResponse({"status": "fail"}, status=503)
    return JsonResponse(state.as_json(), status=200 if state.ready else 503)


def with_work_health(index):
    """The administration's index, with the health of the background work at its top. Set
    as the site's index before its URLs are built, it runs inside the administration's own
    checks: only staff who may see the index read it."""

    @functools.wraps(index)
    def index_with_work_health(request, extra_context=None):
        return index(request, extra_context={"work_health": work_health(), **(extra_context or {})})

    return index_with_work_health
