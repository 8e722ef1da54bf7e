"""The example layer: what the demo adds around the source documents so that the portal
shows a living conference (dates, participants, assessments, documents, practices). Every
row it adds or completes is flagged as an example (`is_example`); the data lives in
`demo/data/examples/*.toml` (see its README)."""

from .data import reset_lookups
from .gcm import demo_gcm_links_load
from .organizations import demo_organizations_load
from .practices import demo_practices_load
from .workshops import demo_workshop_facts_load


def demo_examples_load() -> int:
    """Create or complete the example rows; the number of rows created or changed."""
    reset_lookups()
    changes = demo_organizations_load()
    changes += demo_workshop_facts_load()
    changes += demo_gcm_links_load()
    changes += demo_practices_load()
    return changes
