"""A job is its owner's: no role sees another user's jobs (``job.view`` is in no role's row; the owner
reaches their own through ``register_reach``)."""

from django.db.models import Q

from wuse.access.policy import register, register_reach

from .models import Job

register({"job.view": {}})
register_reach(Job, actions={"job.view"}, condition=lambda user, action: Q(owner=user))
