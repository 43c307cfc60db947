"""Every write to the organizations app, one function per action: guard → change → audit.

- ``organizations``: register, edit (registrars, and admin members for the profile), the status (through
  the workflow kernel, ``..workflow``), the audited contact reveal;
- ``members``: an organization's member accounts;
- ``workers``: social workers and full-time community workers (with their person).

Documents are in ``..documents``. The names below are the public ones (``services.organization_create``…).
"""

from ..errors import OrganizationConflict, OrganizationError, SocialWorkerError
from .members import member_add, member_remove
from .organizations import (
    FIRST_RATING_YEAR,
    MAX_SERVICE_AREAS,
    PROFILE_FIELDS,
    REGISTERING_LEVELS,
    REGISTRATION_FIELDS,
    clean_identification,
    contact_reveal,
    organization_create,
    organization_set_status,
    organization_update,
)
from .workers import (
    WORKER_FIELDS,
    WORKPLACE_LEVELS,
    WorkerData,
    clean_certificate,
    social_worker_register,
    social_worker_update,
)

__all__ = [
    "FIRST_RATING_YEAR", "MAX_SERVICE_AREAS", "PROFILE_FIELDS", "REGISTERING_LEVELS", "REGISTRATION_FIELDS",
    "WORKER_FIELDS", "WORKPLACE_LEVELS", "OrganizationConflict", "OrganizationError", "SocialWorkerError",
    "WorkerData", "clean_certificate", "clean_identification", "contact_reveal", "member_add", "member_remove",
    "organization_create", "organization_set_status", "organization_update", "social_worker_register",
    "social_worker_update",
]
