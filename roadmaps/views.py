"""The public roadmaps and their progress dashboards; delegates' progress reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rcm_portal.decorators import body_limit
from rcm_portal.downloads import stored_file_response
from translations.selectors import outdated_prefetch

from .charts import roadmap_charts
from .forms import ProgressUpdateForm
from .models import RoadmapStatus
from .selectors import (
    PROGRESS_RULE,
    action_for_delegate,
    action_progress,
    action_updates,
    actions_of_country,
    progress_update_with_evidence,
    roadmap_detail,
    roadmap_progress,
    roadmaps_public,
)
from .services import progress_update_file


def roadmap_list(request):
    return render(request, "roadmaps/roadmap_list.html", {"roadmaps": roadmaps_public()})


def roadmap_dashboard(request, slug):
    roadmap = get_object_or_404(roadmap_detail(slug=slug))
    if not request.user.has_perm("roadmaps.view_dashboard", roadmap):
        raise Http404
    progress = roadmap_progress(roadmap=roadmap)
    # The translation notes of lines and actions: one query per model for the whole page.
    outdated_prefetch(
        [line.line for line in progress.lines]
        + [item.action for line in progress.lines for item in line.actions]
    )
    return render(
        request,
        "roadmaps/dashboard.html",
        {
            "roadmap": roadmap,
            "progress": progress,
            "charts": roadmap_charts(progress),
            "rule": PROGRESS_RULE,
        },
    )


def _country_of(request):
    """The country the user acts for; people without one have nothing to do here."""
    # Superusers pass every permission check, but only a person with a country acts for one.
    if not request.user.country_id or not request.user.has_perm("roadmaps.report_for_country"):
        raise PermissionDenied(
            _("Only delegates acting for a country report progress on roadmap actions.")
        )
    return request.user.country


def progress_evidence(request, pk):
    """The evidence file of a progress update: to its country's delegates and the
    Secretariat; to anyone else as if it did not exist."""
    update = progress_update_with_evidence(pk=pk).first()
    if update is None or not request.user.has_perm("roadmaps.view_evidence", update):
        raise Http404
    return stored_file_response(update.evidence, filename=update.evidence_name, private=True)


@login_required
def action_mine(request):
    country = _country_of(request)
    actions = list(actions_of_country(country_id=country.pk))
    for action in actions:
        action.progress = action_progress(action)
        action.takes_updates = request.user.has_perm("roadmaps.file_update", action)
    return render(request, "roadmaps/mine.html", {"country": country, "actions": actions})


@login_required
@body_limit(setting="UPLOAD_REQUEST_MAX_MB")
def action_report(request, pk):
    country = _country_of(request)
    action = action_for_delegate(pk=pk, country_id=country.pk).first()
    # Another country's action, or one of a draft roadmap, is as if it did not exist.
    if action is None or not request.user.has_perm("roadmaps.view_own_action", action):
        raise Http404
    can_file = request.user.has_perm("roadmaps.file_update", action)
    roadmap = action.line.roadmap
    indicators = list(action.indicators.all())
    status, form = 200, None
    if not can_file:
        if request.method == "POST":
            status = 403
    elif request.method == "POST":
        form = ProgressUpdateForm(request.POST, request.FILES, indicators=indicators)
        if form.is_valid():
            progress_update_file(
                action=action,
                by=request.user,
                date=form.cleaned_data["date"],
                percentage=form.cleaned_data["percentage"],
                narrative=form.cleaned_data["narrative"],
                evidence=form.cleaned_data.get("evidence"),
                measurements=form.measurements(),
            )
            messages.success(
                request,
                _("Your update on “%(action)s” is filed: %(percentage)s%% done.")
                % {"action": action.title, "percentage": form.cleaned_data["percentage"]},
            )
            return redirect("roadmaps:mine")
    else:
        form = ProgressUpdateForm(indicators=indicators)
    return render(
        request,
        "roadmaps/action_report.html",
        {
            "country": country,
            "action": action,
            "roadmap": roadmap,
            "progress": action_progress(action),
            "form": form,
            "closed": roadmap.status == RoadmapStatus.CLOSED,
            # A browser never sends a file again: say so when the form comes back.
            "choose_file_again": bool(form and form.errors and request.FILES.get("evidence")),
            "updates": action_updates(action=action),
        },
        status=status,
    )
