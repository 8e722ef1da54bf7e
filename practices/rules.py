"""Who may do what with a practice. A delegate acts for one country: they see and edit
that country's practices, never another's. A contributor account (an observer
organization, a civil-society network) acts likewise for its organization. The Technical
Secretariat reviews them."""

import rules

from members.models import UserRole

from .models import EDITABLE_STATUSES, PracticeStatus


def _is_organization_contributor(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.organization_id
        and user.role == UserRole.CONTRIBUTOR
    )


@rules.predicate
def acts_for_a_country(user) -> bool:
    # A contributor of an organization acts for the organization, not for its country.
    return bool(
        user.is_authenticated
        and user.is_active
        and user.country_id
        and not _is_organization_contributor(user)
    )


@rules.predicate
def of_their_country(user, practice) -> bool:
    # A practice an organization presents belongs to no country's delegates.
    return bool(
        practice is not None
        and practice.country_id is not None
        and user.country_id == practice.country_id
    )


@rules.predicate
def acts_for_an_organization(user) -> bool:
    """A contributor account: it acts for its organization (IOM, a civil-society network)."""
    return _is_organization_contributor(user)


@rules.predicate
def of_their_organization(user, practice) -> bool:
    return bool(
        practice is not None
        and practice.organization_id is not None
        and practice.country_id is None
        and user.organization_id == practice.organization_id
    )


@rules.predicate
def is_editable(user, practice) -> bool:
    return practice is not None and practice.status in EDITABLE_STATUSES


@rules.predicate
def is_withdrawable(user, practice) -> bool:
    return practice is not None and practice.status in (
        PracticeStatus.DRAFT,
        PracticeStatus.SUBMITTED,
        PracticeStatus.CHANGES_REQUESTED,
    )


@rules.predicate
def is_published(user, practice) -> bool:
    return practice is not None and practice.status == PracticeStatus.PUBLISHED


@rules.predicate
def is_reviewer(user) -> bool:
    return bool(user.is_active and user.has_perm("practices.review_practice"))


@rules.predicate
def sees_attachments(user) -> bool:
    return bool(user.is_active and user.has_perm("practices.view_practiceattachment"))


# A practice is theirs: their country's, or their organization's.
is_theirs = (acts_for_a_country & of_their_country) | (
    acts_for_an_organization & of_their_organization
)

rules.add_perm("practices.submit_for_country", acts_for_a_country)
rules.add_perm("practices.submit_for_organization", acts_for_an_organization)
rules.add_perm("practices.view_draft", is_theirs | is_reviewer)
rules.add_perm("practices.edit_draft", is_theirs & is_editable)
rules.add_perm("practices.withdraw_practice", is_theirs & is_withdrawable)
rules.add_perm("practices.review", is_reviewer)
rules.add_perm("practices.view_public", is_published | is_theirs | is_reviewer)
# An attachment goes with its practice: public once published, else to the practice's
# country or organization and the Secretariat (the administration links to the same
# download).
rules.add_perm(
    "practices.download_attachment",
    is_published | is_theirs | is_reviewer | sees_attachments,
)
