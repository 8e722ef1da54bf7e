"""The links between the source workshops' objectives and the objectives of the Global
Compact for Migration: a reading of the source, not part of it, so loaded with the
examples only."""

from collections import defaultdict

from objectives.models import GcmObjective, Objective

from .data import ExampleDataError, example_rows


def demo_gcm_links_load() -> int:
    """Each linked objective gets exactly the GCM objectives the file gives it."""
    wanted: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    for link in example_rows("gcm_links.toml", "link"):
        wanted[(link["workshop"], link["kind"], int(link["number"]))].add(int(link["gcm"]))
    gcm = {objective.number: objective for objective in GcmObjective.objects.all()}
    changes = 0
    for (slug, kind, number), numbers in wanted.items():
        objective = Objective.objects.filter(workshop__slug=slug, kind=kind, number=number).first()
        if objective is None:
            raise ExampleDataError(f"gcm_links.toml: no {kind} objective {number} in {slug}.")
        unknown = numbers - set(gcm)
        if unknown:
            raise ExampleDataError(f"gcm_links.toml: no GCM objective {sorted(unknown)}.")
        current = set(objective.gcm_objectives.values_list("number", flat=True))
        if current != numbers:
            objective.gcm_objectives.set([gcm[n] for n in numbers])
            changes += 1
    return changes
