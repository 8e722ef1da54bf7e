from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CountryStatus(models.TextChoices):
    MEMBER = "member", _("Member country")
    OBSERVER = "observer", _("Observer country")


class Country(models.Model):
    """A member or observer country of the RCM; the rows are shipped as data."""

    iso_code = models.CharField(
        _("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2 code.")
    )
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=CountryStatus.choices)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CountryStatus.values), name="country_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_member(self):
        return self.status == CountryStatus.MEMBER


class OrganizationKind(models.TextChoices):
    NATIONAL_INSTITUTION = "national", _("National institution")
    INTERNATIONAL = "international", _("Observer organization")
    CIVIL_SOCIETY = "civil_society", _("Civil society network")
    ACADEMIA = "academia", _("Academia or expert body")


class Organization(models.Model):
    """National institutions, observer organizations (IOM, UNHCR...) and civil society."""

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text=_("For national institutions: the country they belong to."),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class UserRole(models.TextChoices):
    DELEGATE = "delegate", _("Delegate of a country")
    CONTRIBUTOR = "contributor", _("Civil-society or observer contributor")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: Technical Secretariat staff or a delegate of one country."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The country a delegate acts for."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=UserRole.choices,
        blank=True,
        help_text=_("What a person outside the Secretariat does on the portal."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the e-mails the portal sends them."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    # Set on the request's user by members.middleware.StaffSecondFactorMiddleware when the
    # session has not verified a second factor. A user loaded anywhere else (a task, a
    # command, a related object) keeps its permissions.
    second_factor_pending = False

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.get_full_name()

    @property
    def requires_second_factor(self) -> bool:
        """Staff, superusers and anyone holding model permissions act only with a second
        factor. The permissions come from Django's cache on the user, which the permission
        checks fill anyway: no query more than they make."""
        from django.contrib.auth.backends import ModelBackend

        if self.is_staff or self.is_superuser:
            return True
        return bool(ModelBackend().get_all_permissions(self))

    @property
    def permissions_withheld(self) -> bool:
        """Whether this request's user may not use their permissions, for want of a second
        factor verified in this session."""
        return self.second_factor_pending and self.requires_second_factor

    # Every permission check (views, rules predicates, the admin, templates' `perms`) goes
    # through these: withholding them here refuses everything that needs a permission.
    def has_perm(self, perm, obj=None):
        if self.permissions_withheld:
            return self._has_perm_without_permissions(perm, obj)
        return super().has_perm(perm, obj)

    def _has_perm_without_permissions(self, perm, obj) -> bool:
        """The answer for a user with neither superuser status nor model permissions: the
        rules that hold for anyone (reading a published page) still hold; those that need
        a permission (`is_reviewer`...) ask has_perm again and are refused."""
        from django.contrib.auth import get_backends
        from django.contrib.auth.backends import ModelBackend

        for backend in get_backends():
            if isinstance(backend, ModelBackend) or not hasattr(backend, "has_perm"):
                continue
            try:
                if backend.has_perm(self, perm, obj):
                    return True
            except PermissionDenied:
                return False
        return False

    def has_module_perms(self, app_label):
        if self.permissions_withheld:
            return False
        return super().has_module_perms(app_label)

    def get_user_permissions(self, obj=None):
        return set() if self.permissions_withheld else super().get_user_permissions(obj)

    def get_group_permissions(self, obj=None):
        return set() if self.permissions_withheld else super().get_group_permissions(obj)

    def get_all_permissions(self, obj=None):
        return set() if self.permissions_withheld else super().get_all_permissions(obj)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Expired")


class Invitation(models.Model):
    """The Secretariat's invitation of one person to the portal, for a country and a role.

    The account is created with the invitation; the e-mail carries a link to set its password,
    which expires after `PASSWORD_RESET_TIMEOUT`."""

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=20, choices=UserRole.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=UserRole.values), name="invitation_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    @property
    def expires_at(self):
        """When the link in the last e-mail stops working (None until an e-mail is sent)."""
        if self.sent_at is None:
            return None
        return self.sent_at + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.expires_at and self.expires_at < timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING


class EnrolmentLinkStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be sent")
    VALID = "valid", _("Valid")
    USED = "used", _("Used")
    EXPIRED = "expired", _("Expired")


class EnrolmentLink(models.Model):
    """A link, e-mailed to a staff member, that lets them set up the first second factor of
    their account: the password alone does not. It works once, for a short time
    (`RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES`), and only a hash of its token is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="enrolment_links",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolment_links_made",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("second-factor enrolment link")
        verbose_name_plural = _("second-factor enrolment links")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="enrolment_link_token_hash_unique",
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def status(self) -> EnrolmentLinkStatus:
        if self.used_at:
            return EnrolmentLinkStatus.USED
        if self.expires_at is None:
            return EnrolmentLinkStatus.WAITING
        if self.expires_at <= timezone.now():
            return EnrolmentLinkStatus.EXPIRED
        return EnrolmentLinkStatus.VALID
