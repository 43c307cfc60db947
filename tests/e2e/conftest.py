"""The browser journeys (Playwright on Debian chromium). Their fixtures — ``browser`` (one per test process), a fresh
``page`` (1280 × 800) and ``phone`` (390 × 844) per test — are in ``tests/conftest.py``, shared with the step
journeys kept beside their step's tests."""
