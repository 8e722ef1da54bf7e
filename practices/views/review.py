"""The Technical Secretariat's review of practices: a queue, and a page per practice
where a decision is taken with a comment for the submitter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from practices.forms import DecisionForm
from practices.models import REVIEWER_TARGETS, Practice, PracticeStatus
from practices.services import PRACTICE_WORKFLOW, practice_transition

# What the queue shows first: what waits for the Secretariat.
QUEUE_STATUSES = (
    PracticeStatus.SUBMITTED,
    PracticeStatus.IN_REVIEW,
    PracticeStatus.ACCEPTED,
    PracticeStatus.CHANGES_REQUESTED,
)
REVIEW_PAGE_SIZE = 25


def _reviewer(request) -> None:
    if not request.user.has_perm("practices.review"):
        raise PermissionDenied(_("Only the Secretariat reviews practices."))


@login_required
def practice_review_queue(request):
    _reviewer(request)
    wanted = request.GET.get("status", "")
    statuses = (wanted,) if wanted in PracticeStatus.values else QUEUE_STATUSES
    practices = (
        Practice.objects.filter(status__in=statuses)
        .select_related("country", "organization", "call__workshop", "created_by")
        .order_by("submitted_at", "id")
    )
    page = Paginator(practices, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/review_queue.html",
        {
            "page_obj": page,
            "practices": page.object_list,
            "status": wanted if wanted in PracticeStatus.values else "",
            "statuses": PracticeStatus.choices,
        },
    )


def _decisions(practice: Practice, user) -> list[tuple[str, str]]:
    """The Secretariat's decisions the workflow allows `user` to take on `practice` now."""
    allowed = PRACTICE_WORKFLOW.targets(practice, user=user, among=REVIEWER_TARGETS)
    return [(status.value, status.label) for status in allowed]


@login_required
def practice_review(request, pk):
    _reviewer(request)
    practice = get_object_or_404(
        Practice.objects.select_related("country", "organization", "call__workshop", "created_by"),
        pk=pk,
    )
    choices = _decisions(practice, request.user)
    form = DecisionForm(request.POST or None, choices=choices)
    if request.method == "POST" and choices and form.is_valid():
        try:
            practice_transition(
                practice=practice,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            practice.refresh_from_db()
            messages.success(
                request,
                _("The practice is now “%(status)s”.") % {"status": practice.get_status_display()},
            )
            return redirect("practices:review", pk=practice.pk)
    return render(
        request,
        "practices/review.html",
        {
            "practice": practice,
            "form": form,
            "choices": choices,
            "attachments": practice.attachments.all(),
            "history": practice.status_changes.select_related("changed_by"),
        },
    )
