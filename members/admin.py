from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Country, Organization, User


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
    list_display = ("email", "full_name", "country", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "country", "groups")
    list_select_related = ("country",)
    search_fields = ("email", "full_name")
    autocomplete_fields = ("country", "organization")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "country", "organization")}),
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
