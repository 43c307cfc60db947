"""``keys_in(field, keys)``: a row's key among many keys, as one parameter.

``pk__in=[…]`` sends one parameter per key: with thousands of keys (a third-party evaluator's object grants) the
statement grows to tens of kilobytes and psycopg spends more time adapting the parameters than PostgreSQL runs the
query (the bench's evaluator with 2,117 grants: 50 ms a list page). On PostgreSQL a long list goes as a single
array, ``field = ANY(%s)`` — the same plan (an index scan on the array's values); short lists and other
databases keep ``IN``.
"""

from django.db import connection
from django.db.models import Field, Lookup, Q

LONG = 50  # more keys than this: one array parameter


@Field.register_lookup
class AnyOf(Lookup):
    """``field__any_of=[…]``: ``field = ANY(%s)`` with the list as one array (PostgreSQL only)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        field = self.lhs.output_field
        return "%s", [[field.get_db_prep_value(v, connection, prepared=False) for v in value]]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, *rhs_params]


def keys_in(field: str, keys) -> Q:
    keys = list(keys)
    if connection.vendor == "postgresql" and len(keys) > LONG:
        return Q(**{f"{field}__any_of": keys})
    return Q(**{f"{field}__in": keys})
