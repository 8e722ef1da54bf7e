"""Who may do what with a roadmap. A delegate acts for one country: they report progress
on the actions their country is responsible for, while the roadmap is being carried out.
The Technical Secretariat manages roadmaps in the admin."""

import rules

from .models import PUBLIC_STATUSES, REPORTING_STATUSES


@rules.predicate
def acts_for_a_country(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.country_id)


@rules.predicate
def is_responsible(user, action) -> bool:
    # Over the prefetched countries when the page loaded them: no query per action.
    return action is not None and any(
        country.pk == user.country_id for country in action.responsible_countries.all()
    )


@rules.predicate
def roadmap_is_public(user, action) -> bool:
    return action is not None and action.line.roadmap.status in PUBLIC_STATUSES


@rules.predicate
def roadmap_takes_updates(user, action) -> bool:
    return action is not None and action.line.roadmap.status in REPORTING_STATUSES


@rules.predicate
def is_public(user, roadmap) -> bool:
    return roadmap is not None and roadmap.status in PUBLIC_STATUSES


@rules.predicate
def update_of_their_country(user, update) -> bool:
    return update is not None and update.country_id == user.country_id


@rules.predicate
def sees_progress_updates(user) -> bool:
    return bool(user.is_active and user.has_perm("roadmaps.view_progressupdate"))


@rules.predicate
def is_manager(user) -> bool:
    return bool(user.is_active and user.has_perm("roadmaps.change_roadmap"))


rules.add_perm("roadmaps.report_for_country", acts_for_a_country)
# The delegate sees the action (and why they cannot report on it, once closed)...
rules.add_perm("roadmaps.view_own_action", acts_for_a_country & is_responsible & roadmap_is_public)
# ...and files updates while the roadmap is adopted or in progress.
rules.add_perm("roadmaps.file_update", acts_for_a_country & is_responsible & roadmap_takes_updates)
# Drafts are previewed by the Secretariat only.
rules.add_perm("roadmaps.view_dashboard", is_public | is_manager)
# Evidence filed with an update is private: the country that filed it and the Secretariat.
rules.add_perm(
    "roadmaps.view_evidence", (acts_for_a_country & update_of_their_country) | sees_progress_updates
)
