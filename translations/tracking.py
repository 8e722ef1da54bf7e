"""How an app above has its texts kept fresh: it calls `translation_track` from its
AppConfig.ready() with the models whose translated fields people read."""

from . import signals
from .registry import tracked_model_add


def translation_track(*models) -> None:
    """Track the translations of `models`: every save compares their texts in every language."""
    for model in models:
        if tracked_model_add(model):
            signals.connect(model)
