"""The example roadmap of the first source workshop."""


def demo_roadmap_load() -> int:
    """Create or bring up to date the example roadmap; returns the rows changed."""
    return 0
