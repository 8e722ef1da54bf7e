"""What delegates do for their country, and contributor accounts for their organization:
write practices, save drafts, submit, withdraw."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from members.models import Country, Organization, UserRole
from practices.forms import PracticeForm, WithdrawForm
from practices.models import Practice, PracticeAttachment, PracticeCall, PracticeStatus
from practices.selectors import (
    practice_calls_open,
    practice_of_form,
    practices_of_country,
    practices_of_organization,
)
from practices.services import (
    PracticeFormAlreadyUsed,
    practice_attachment_delete,
    practice_draft_save,
    practice_transition,
)
from rcm_portal.decorators import body_limit

MINE_PAGE_SIZE = 25


@dataclass(frozen=True)
class ActingFor:
    """Whom a person writes practices for: their country (a delegate), or else their
    organization (a contributor account, whose practices have no country)."""

    country: Country | None = None
    organization: Organization | None = None

    @property
    def name(self) -> str:
        return str(self.country or self.organization)

    @property
    def title(self) -> str:
        """The heading of their list of practices."""
        if self.country is not None:
            return _("Practices of %(country)s") % {"country": self.country}
        return _("Practices of %(organization)s") % {"organization": self.organization}

    @property
    def is_organization(self) -> bool:
        return self.country is None

    def owns(self, practice: Practice) -> bool:
        if self.country is not None:
            return practice.country_id == self.country.pk
        return practice.country_id is None and practice.organization_id == self.organization.pk

    def practices(self):
        if self.country is not None:
            return practices_of_country(country_id=self.country.pk)
        return practices_of_organization(organization_id=self.organization.pk)

    def practice_of_form(self, form_key: uuid.UUID) -> Practice | None:
        return practice_of_form(
            form_key=form_key,
            country_id=self.country.pk if self.country else None,
            organization_id=None if self.country else self.organization.pk,
        )

    def new_practice(self) -> Practice:
        return Practice(
            country=self.country, organization=None if self.country else self.organization
        )


def _acting_for(request) -> ActingFor:
    """Whom the user acts for; people who act for no one have nothing to do here."""
    # Superusers pass every permission check, but only a person with a country (or a
    # contributor with an organization) acts for one.
    user = request.user
    if user.country_id and user.has_perm("practices.submit_for_country"):
        return ActingFor(country=user.country)
    if (
        user.organization_id
        and user.role == UserRole.CONTRIBUTOR
        and user.has_perm("practices.submit_for_organization")
    ):
        return ActingFor(organization=user.organization)
    raise PermissionDenied(
        _(
            "Only delegates acting for a country, or contributors acting for an "
            "organization, can submit practices."
        )
    )


def _own_practice(request, acting: ActingFor, pk) -> Practice:
    """A practice of the user's own country or organization; any other is as if it did
    not exist."""
    practice = get_object_or_404(
        Practice.objects.select_related("country", "organization", "call__workshop", "created_by"),
        pk=pk,
    )
    if not request.user.has_perm("practices.view_draft", practice) or not acting.owns(practice):
        raise Http404
    return practice


@login_required
def practice_mine(request):
    acting = _acting_for(request)
    page = Paginator(acting.practices(), MINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/mine.html",
        {
            "acting": acting,
            "page_obj": page,
            "practices": page.object_list,
            "open_calls": practice_calls_open(),
        },
    )


def _apply_submission_errors(form, error: ValidationError) -> bool:
    """Put the reasons a submission was refused next to their fields. Returns whether
    they were field errors (otherwise the message concerns the practice as a whole)."""
    if not hasattr(error, "error_dict"):
        return False
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message)
    return True


def _form_key(data) -> uuid.UUID:
    """The key of the form posted; a form without one (or with a broken one) gets its own."""
    try:
        return uuid.UUID(data.get("form_key", ""))
    except ValueError:
        return uuid.uuid4()


def _save_from_form(request, *, practice: Practice | None, acting: ActingFor):
    """One POST of the practice form: save the draft, then submit it if asked to."""
    data = request.POST
    form_key = None
    if practice is None:
        form_key = _form_key(data)
        # A second click on the same form finds the practice the first one created.
        practice = acting.practice_of_form(form_key)
        if practice is not None and not practice.is_editable:
            messages.info(request, _("This practice has already been sent."))
            return redirect("practices:mine_detail", pk=practice.pk)
    form = PracticeForm(data, request.FILES, instance=practice or acting.new_practice())
    valid = form.is_valid()
    try:
        practice = practice_draft_save(
            practice=practice,
            country=acting.country,
            organization=acting.organization,
            by=request.user,
            values=form.cleaned_data,
            invalid_values=form.invalid_values(),
            form_key=form_key,
            new_attachments=form.cleaned_data.get("new_attachments") or [],
        )
    except PracticeFormAlreadyUsed as used:
        return redirect("practices:edit", pk=used.practice.pk)

    context = {"form": form, "practice": practice, "acting": acting}
    if not valid:
        count = sum(1 for name in form.errors if name != NON_FIELD_ERRORS) or 1
        messages.warning(
            request,
            ngettext(
                "Your draft is saved with %(count)s field to correct: see the marked field.",
                "Your draft is saved with %(count)s fields to correct: see the marked fields.",
                count,
            )
            % {"count": count},
        )
        return render(request, "practices/practice_form.html", context, status=200)
    if data.get("action") == "submit":
        try:
            practice_transition(
                practice=practice, to_status=PracticeStatus.SUBMITTED, by=request.user
            )
        except ValidationError as error:
            if _apply_submission_errors(form, error):
                messages.warning(
                    request,
                    _("Your draft is saved. Complete the marked fields to submit it."),
                )
            else:
                messages.error(request, " ".join(error.messages))
            return render(request, "practices/practice_form.html", context, status=200)
        messages.success(
            request,
            _("The practice is submitted. The Secretariat will review it and write to you."),
        )
        return redirect("practices:mine_detail", pk=practice.pk)
    messages.success(request, _("Draft saved."))
    return redirect("practices:edit", pk=practice.pk)


@login_required
@body_limit(setting="UPLOAD_REQUEST_MAX_MB")
def practice_create(request):
    acting = _acting_for(request)
    if request.method == "POST":
        return _save_from_form(request, practice=None, acting=acting)
    initial = {"form_key": uuid.uuid4(), "language": request.LANGUAGE_CODE}
    call_id = request.GET.get("call", "")
    if call_id.isdigit():
        call = PracticeCall.objects.filter(pk=call_id).first()
        if call and call.is_open():
            initial["call"] = call
        elif call:
            messages.warning(
                request,
                _("The call “%(call)s” is closed: the practice will be a practice on its own.")
                % {"call": call.title},
            )
    form = PracticeForm(initial=initial, instance=acting.new_practice())
    return render(
        request,
        "practices/practice_form.html",
        {"form": form, "practice": None, "acting": acting},
    )


@login_required
@body_limit(setting="UPLOAD_REQUEST_MAX_MB")
def practice_edit(request, pk):
    acting = _acting_for(request)
    practice = _own_practice(request, acting, pk)
    if not request.user.has_perm("practices.edit_draft", practice):
        messages.info(
            request,
            _("A practice that is “%(status)s” can no longer be edited.")
            % {"status": practice.get_status_display()},
        )
        return redirect("practices:mine_detail", pk=practice.pk)
    if request.method == "POST":
        return _save_from_form(request, practice=practice, acting=acting)
    form = PracticeForm.reopened(practice)
    return render(
        request,
        "practices/practice_form.html",
        {"form": form, "practice": practice, "acting": acting},
    )


@login_required
def practice_mine_detail(request, pk):
    acting = _acting_for(request)
    practice = _own_practice(request, acting, pk)
    return render(
        request,
        "practices/mine_detail.html",
        {
            "acting": acting,
            "practice": practice,
            "attachments": practice.attachments.all(),
            "history": practice.status_changes.select_related("changed_by"),
            "can_edit": request.user.has_perm("practices.edit_draft", practice),
            "can_withdraw": request.user.has_perm("practices.withdraw_practice", practice),
        },
    )


@login_required
@require_POST
def practice_withdraw(request, pk):
    practice = _own_practice(request, _acting_for(request), pk)
    if not request.user.has_perm("practices.withdraw_practice", practice):
        messages.error(
            request,
            _("A practice that is “%(status)s” cannot be withdrawn.")
            % {"status": practice.get_status_display()},
        )
        return redirect("practices:mine_detail", pk=practice.pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        # A reason no database would keep (a NUL in it): say so, withdraw nothing.
        messages.error(request, " ".join(form.errors["comment"]))
        return redirect("practices:mine_detail", pk=practice.pk)
    practice_transition(
        practice=practice,
        to_status=PracticeStatus.WITHDRAWN,
        by=request.user,
        comment=form.cleaned_data["comment"][:2000],
    )
    messages.success(request, _("The practice is withdrawn."))
    return redirect("practices:mine_detail", pk=practice.pk)


@login_required
@require_POST
def practice_attachment_delete_view(request, pk, attachment_pk):
    practice = _own_practice(request, _acting_for(request), pk)
    if not request.user.has_perm("practices.edit_draft", practice):
        raise PermissionDenied
    attachment = get_object_or_404(PracticeAttachment, pk=attachment_pk, practice=practice)
    name = str(attachment)
    practice_attachment_delete(attachment=attachment)
    messages.success(request, _("“%(name)s” is removed.") % {"name": name})
    return redirect("practices:edit", pk=practice.pk)
