"""Every write to needs and needs lists: one function per action, guard → change → audit, in a transaction.

``needs.py`` holds the need's own actions, ``lists.py`` the published needs list's. Callers use the
package (``from needs import services``): the names below are its interface.
"""

from .lists import (
    LISTABLE_STATES,
    NOTICE_FIELDS,
    needs_list_add,
    needs_list_approve,
    needs_list_create,
    needs_list_remove,
    needs_list_set_notice,
    needs_list_transition,
    snapshot,
)
from .needs import (
    EDITABLE_FIELDS,
    PROPOSER_FIELDS,
    SENSITIVE_FIELDS,
    NeedConflict,
    Proposer,
    Sensitive,
    need_create,
    need_follow_up,
    need_from_project,
    need_merge,
    need_reveal,
    need_support_add,
    need_to_project,
    need_transition,
    need_update,
)

__all__ = [
    "EDITABLE_FIELDS",
    "LISTABLE_STATES",
    "NOTICE_FIELDS",
    "PROPOSER_FIELDS",
    "SENSITIVE_FIELDS",
    "NeedConflict",
    "Proposer",
    "Sensitive",
    "need_create",
    "need_follow_up",
    "need_from_project",
    "need_merge",
    "need_reveal",
    "need_support_add",
    "need_to_project",
    "need_transition",
    "need_update",
    "needs_list_add",
    "needs_list_approve",
    "needs_list_create",
    "needs_list_remove",
    "needs_list_set_notice",
    "needs_list_transition",
    "snapshot",
]
