import pytest


@pytest.fixture(autouse=True)
def _english_messages():
    """The services' refusals are matched on their English msgids (the pages render in Chinese: every request
    activates its own language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
