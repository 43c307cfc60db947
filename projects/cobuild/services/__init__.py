"""Every co-building write: guard (the right on the list, its state) → change → audit, in one transaction."""

from .deliveries import delivery_record
from .lists import list_create, list_transition
from .pledges import PledgeData, check_unit, pledge_add, pledge_make_project, pledge_match, pledge_remove

__all__ = ["PledgeData", "check_unit", "delivery_record", "list_create", "list_transition", "pledge_add",
           "pledge_make_project", "pledge_match", "pledge_remove"]
