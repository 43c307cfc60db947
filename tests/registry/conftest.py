import pytest


@pytest.fixture(autouse=True)
def english_by_default(settings):
    """The registry tests read the English msgids: pages, messages and worker threads default to English.

    (Chinese wording is checked by tests/test_i18n.py and, page by page, by the browser tests.)
    """
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
