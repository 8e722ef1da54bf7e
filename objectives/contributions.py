"""What the apps above objectives add to the Global Compact page.

Objectives import none of the apps above them, nor name their models: an app that has
something to show under each GCM objective registers it here from its AppConfig.ready(),
as practices do with the published practices linked to the objective.
"""

from dataclasses import dataclass

from django.db.models import Prefetch


@dataclass(frozen=True)
class GcmContribution:
    """One app's share of the GCM page: a block shown under each objective (its template
    gets the objective as `gcm`) and what the page's query prefetches for it."""

    template: str
    prefetch: tuple[str | Prefetch, ...] = ()


_CONTRIBUTIONS: list[GcmContribution] = []


def gcm_contribution_register(contribution: GcmContribution) -> None:
    if contribution not in _CONTRIBUTIONS:
        _CONTRIBUTIONS.append(contribution)


def gcm_contributions() -> tuple[GcmContribution, ...]:
    return tuple(_CONTRIBUTIONS)
