from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import (
    Country,
    EnrolmentLink,
    EnrolmentLinkStatus,
    Invitation,
    InvitationStatus,
    Organization,
    User,
)
from .selectors import (
    enrolment_links_for_admin,
    invitations_for_admin,
    users_requiring_second_factor,
)
from .services import (
    enrolment_link_check_account,
    enrolment_link_request,
    invitation_check_address,
    invitation_resend,
    invitation_send,
)


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ("name", "iso_code", "status")
    list_filter = ("status",)
    search_fields = ("name", "name_en", "name_es", "name_fr", "iso_code")


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ("name", "acronym", "kind", "country")
    list_filter = ("kind", "country")
    list_select_related = ("country",)
    search_fields = ("name_en", "name_es", "name_fr", "acronym")
    autocomplete_fields = ("country",)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeFormWithEmail(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeFormWithEmail
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "country", "role", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "role", "language", "country", "groups")
    list_select_related = ("country",)
    search_fields = ("email", "full_name")
    autocomplete_fields = ("country", "organization")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Person"),
            {"fields": ("full_name", "country", "organization", "role", "language")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )


class StatusFilter(admin.SimpleListFilter):
    """A filter on a status worked out from dates, not stored: `statuses` are its choices and
    `queryset()` says which rows have each."""

    title = _("status")
    parameter_name = "status"
    statuses: type[models.TextChoices]

    def lookups(self, request, model_admin):
        return self.statuses.choices


class MadeByServiceAdmin(admin.ModelAdmin):
    """Rows made by a service when the add form is saved (`create()`), then kept as a record:
    the add form shows the fields of `form`, a saved row its `readonly_fields`."""

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj else self.form.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.status.label

    def create(self, request, form):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        made = self.create(request, form)
        # The admin goes on with `obj` (history entry, redirect): it becomes the saved row.
        obj.pk = made.pk
        obj.refresh_from_db()


class InvitationStatusFilter(StatusFilter):
    statuses = InvitationStatus

    def queryset(self, request, queryset):
        expired = Q(sent_at__lt=timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT))
        if self.value() == InvitationStatus.ACCEPTED:
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == InvitationStatus.EXPIRED:
            return queryset.filter(expired, accepted_at__isnull=True)
        if self.value() == InvitationStatus.PENDING:
            return queryset.filter(accepted_at__isnull=True).exclude(expired)
        return queryset


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ("email", "full_name", "country", "role", "organization", "language")
        help_texts = {
            "country": _("A member or an observer country."),
            "language": _("The invitation and every later e-mail go out in this language."),
        }

    def clean_email(self):
        email = self.cleaned_data["email"]
        invitation_check_address(email=email)
        return email


@admin.register(Invitation)
class InvitationAdmin(MadeByServiceAdmin):
    """Invitations are made here: saving the form opens the account and e-mails the link.
    Once made, an invitation is a record: its account is changed under users."""

    form = InvitationForm
    list_display = (
        "email",
        "full_name",
        "country",
        "role",
        "status_label",
        "invited_by",
        "sent_at",
        "accepted_at",
    )
    list_filter = (InvitationStatusFilter, "country", "role")
    search_fields = ("email", "full_name")
    autocomplete_fields = ("country", "organization")
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = (
        "email",
        "full_name",
        "country",
        "role",
        "organization",
        "language",
        "user",
        "status_label",
        "invited_by",
        "created_at",
        "sent_at",
        "accepted_at",
    )

    def get_queryset(self, request):
        return invitations_for_admin()

    def create(self, request, form):
        return invitation_send(**form.cleaned_data, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            gettext("The invitation to %(email)s will be e-mailed in a moment.")
            % {"email": obj.email},
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Send the selected invitations again"), permissions=["change"])
    def resend(self, request, queryset):
        sent = 0
        for invitation in queryset:
            try:
                invitation_resend(invitation=invitation)
            except ValidationError as error:
                self.message_user(
                    request, f"{invitation.email}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                self.log_change(request, invitation, gettext("Sent the invitation again."))
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation will be e-mailed again.",
                    "%(count)d invitations will be e-mailed again.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )


class EnrolmentLinkStatusFilter(StatusFilter):
    statuses = EnrolmentLinkStatus

    def queryset(self, request, queryset):
        now = timezone.now()
        unused = queryset.filter(used_at__isnull=True)
        return {
            EnrolmentLinkStatus.USED: queryset.filter(used_at__isnull=False),
            EnrolmentLinkStatus.WAITING: unused.filter(expires_at__isnull=True),
            EnrolmentLinkStatus.EXPIRED: unused.filter(expires_at__lte=now),
            EnrolmentLinkStatus.VALID: unused.filter(expires_at__gt=now),
        }.get(self.value(), queryset)


class EnrolmentLinkForm(forms.ModelForm):
    class Meta:
        model = EnrolmentLink
        fields = ("user",)
        help_texts = {
            "user": _(
                "A staff account without a second factor. The link is e-mailed to its "
                "address, in its language; it works once."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # absent on the read-only page of a link already made
            self.fields["user"].queryset = users_requiring_second_factor()

    def clean_user(self):
        user = self.cleaned_data["user"]
        enrolment_link_check_account(user=user)
        return user


@admin.register(EnrolmentLink)
class EnrolmentLinkAdmin(MadeByServiceAdmin):
    """Links to set up a first second factor. A superuser makes one for a staff member
    (saving e-mails it); nobody sees the link itself, only whether it was used."""

    form = EnrolmentLinkForm
    list_display = (
        "user",
        "status_label",
        "created_by",
        "created_at",
        "sent_at",
        "expires_at",
        "used_at",
    )
    list_filter = (EnrolmentLinkStatusFilter,)
    search_fields = ("user__email", "user__full_name")
    date_hierarchy = "created_at"
    readonly_fields = (
        "user",
        "status_label",
        "created_by",
        "created_at",
        "sent_at",
        "expires_at",
        "used_at",
    )

    def get_queryset(self, request):
        return enrolment_links_for_admin()

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # a record: made, sent, used or expired

    def create(self, request, form):
        return enrolment_link_request(user=form.cleaned_data["user"], by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            gettext("The link will be e-mailed to %(email)s in a moment.")
            % {"email": obj.user.email},
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)
