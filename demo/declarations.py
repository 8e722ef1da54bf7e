"""The example declaration of the first source workshop."""


def demo_declaration_load() -> int:
    """Create or bring up to date the example declaration; returns the rows changed."""
    return 0
