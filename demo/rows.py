"""How every demo loader writes a row, so that running it again changes nothing."""

from django.db.models import Model


def demo_row_upsert(*, model: type[Model], lookup: dict, values: dict) -> tuple[Model, bool]:
    """Create the row, or update only what differs: an unchanged row is not saved."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        return instance, True
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.full_clean()
        instance.save()
    return instance, bool(changed)
