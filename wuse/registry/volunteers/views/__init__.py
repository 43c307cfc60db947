"""The volunteer registry's pages: ``volunteers`` (list, registration, the volunteer record), ``certificates``
(issue, PDF, "My volunteer record"), ``teams`` and ``entries`` (the service record)."""
