"""The roll-up: every registered figure for every unit of every level, written as the year's KPI snapshot.

``rollup(year, trigger=…, user=…, progress=…)``:

1. **One roll-up of a year at a time.** On PostgreSQL a session-level advisory lock on (``LOCK_CLASS``, year) is
   taken before anything else and held until the run has ended; a second roll-up of the same year is refused at
   once with the running one's start time. The database releases the lock when the session ends, so a worker
   killed with SIGKILL, or a database restart, never leaves it held. (A transaction-scoped lock would be released
   between the two transactions below, and a second run starting in that gap would take the first one's
   "running" row for a dead one.) SQLite — the embedded set-up, one worker — serializes its writers itself; a
   lock per process keeps two roll-ups of one process apart. The partial unique index on ``RollupRun`` (one
   running run per year) backs both.
2. **The run row first.** Holding the lock, any earlier run of the year still marked running is dead (a live
   one would hold the lock): it is marked interrupted. The new run is written as running and committed, so
   the page shows it.
3. **One transaction for the snapshot** (REPEATABLE READ on PostgreSQL: every figure reads the same data, and
   ``as_of`` records that moment). Each figure is computed set-based by ``wuse.core.figures.compute`` — one
   grouped query per figure and level, never a query per unit — for every level present in the installation
   (city 4, district 6, street 9, community 12 digits; a province's 2). Every unit of each level gets a row
   (0, or an empty share, where nothing counts). The year's rows are deleted and inserted again in batches,
   and the run is marked done, in the same transaction: a run killed halfway leaves the previous snapshot
   whole and no row of its own; running again gives the same rows.
4. **Approved units are locked.** The rows of every unit approved for the year (``assessment.approvals``, read in
   the same transaction) are left exactly as they are: neither deleted nor inserted again, so what the level
   above confirmed stays what it confirmed (a figure registered after the approval has no row for that unit until
   it is unlocked). Every other unit's rows are replaced as above; ``run.rows`` counts the rows written. An
   approval or unlock of the year takes the roll-up's lock for its own short transaction, so none lands while a
   roll-up runs and the set read here is the one that holds when the run commits.

Every run is audited (who, or the nightly schedule; year; rows). ``progress(n)`` is called with the number of
figures done.

**After the snapshot.** A later part of the step (the dashboards' monthly trends) adds rows derived from the same
data with ``register_after_rollup(hook)``: ``hook(run, units)`` runs inside the snapshot's transaction, after its
rows are written (``units``: every unit's (code, level, parent code)), so what it writes commits or vanishes
with the snapshot.
"""

import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wuse.audit.models import Outcome
from wuse.audit.services import audit_record
from wuse.core import figures
from wuse.core.errors import DomainError
from wuse.regions.levels import PREFIX_LENGTH
from wuse.regions.models import Region

from .models import CODE_LENGTH, PLACES, Approval, KpiSnapshot, RollupRun, RunStatus

logger = logging.getLogger(__name__)

EARLIEST_YEAR = 2000
BATCH_SIZE = 2000
LOCK_CLASS = 0x61_73_73_65  # "asse": the advisory lock's first key; the year is the second
QUANTUM = Decimal(1).scaleb(-PLACES)
_LOCAL_LOCKS: dict[int, threading.Lock] = {}
_LOCAL_GUARD = threading.Lock()
AFTER_ROLLUP: list[Callable] = []


def register_after_rollup(hook: Callable) -> Callable:
    """Run ``hook(run, units)`` in every roll-up's transaction after the snapshot rows (see the docstring)."""
    if hook not in AFTER_ROLLUP:
        AFTER_ROLLUP.append(hook)
    return hook


class AssessmentError(DomainError):
    """A refused roll-up (a year out of range, another roll-up of the year running)."""


def check_year(year) -> int:
    """The year as an int, refused before 2000 and after next year."""
    latest = timezone.localdate().year + 1
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise AssessmentError(_("The year must be a number.")) from None
    if not EARLIEST_YEAR <= year <= latest:
        raise AssessmentError(_("The year must be between %(first)d and %(last)d.")
                              % {"first": EARLIEST_YEAR, "last": latest})
    return year


# --- the lock -----------------------------------------------------------------------------------------------

@contextmanager
def year_lock(year: int):
    """Yields whether this process now holds the roll-up lock of ``year`` (released on leaving)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, year])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            if held:
                _advisory_unlock(year)
        return
    with _LOCAL_GUARD:
        lock = _LOCAL_LOCKS.setdefault(year, threading.Lock())
    held = lock.acquire(blocking=False)
    try:
        yield held
    finally:
        if held:
            lock.release()


def _advisory_unlock(year: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, year])
    except DatabaseError:  # the session is gone (a database restart): so is its lock
        logger.warning("roll-up of %s: the connection was lost before the lock was released", year)
        connection.close()


def _refusal(year: int) -> AssessmentError:
    running = RollupRun.objects.filter(year=year, status=RunStatus.RUNNING).order_by("-started_at").first()
    if running is None:
        return AssessmentError(_("A roll-up of %(year)d is already running; try again when it has finished.")
                               % {"year": year})
    since = date_format(timezone.localtime(running.started_at), "Y-m-d H:i:s")
    return AssessmentError(_("A roll-up of %(year)d is already running since %(since)s; try again when it has "
                             "finished.") % {"year": year, "since": since})


# --- the run ------------------------------------------------------------------------------------------------

def rollup(year, *, trigger: str, user=None, progress: Callable[[int], None] | None = None) -> RollupRun:
    """Roll up ``year`` (see the module's docstring); returns the finished run, or raises ``AssessmentError``."""
    year = check_year(year)
    codes = list(figures.FIGURES)  # whatever the steps registered, in their order
    too_long = [code for code in codes if len(code) > CODE_LENGTH]
    if too_long:
        raise AssessmentError(_("Figure codes longer than %(n)d characters cannot be stored: %(codes)s")
                              % {"n": CODE_LENGTH, "codes": ", ".join(too_long)})
    with year_lock(year) as held:
        if not held:
            raise _refusal(year)
        run = _open(year, trigger, user, len(codes))
        try:
            run = _snapshot(run, codes, progress or (lambda done: None))
        except Exception as exc:
            _fail(run, exc)
            raise
    _analyze()
    return run


def _analyze() -> None:
    """Refresh the planner's statistics of the snapshot table after its rows were replaced: with the stale ones
    of a table just filled by COPY, the city's page read the year's 173k rows through the code range instead of
    its 13 districts' keys (38 ms instead of 0.2 at Hangzhou's scale)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(KpiSnapshot._meta.db_table)}")


@transaction.atomic
def _open(year: int, trigger: str, user, count: int) -> RollupRun:
    """Mark dead runs of the year interrupted and write the new one as running (committed before the work)."""
    now = timezone.now()
    for dead in RollupRun.objects.filter(year=year, status=RunStatus.RUNNING).select_for_update():
        dead.status, dead.finished_at = RunStatus.INTERRUPTED, now
        dead.error = _("The roll-up stopped before it finished (its process or the database stopped); nothing "
                       "of it was kept.")
        dead.save(update_fields=["status", "finished_at", "error"])
        audit_record(action="assessment.rollup_interrupted", target=dead, outcome=Outcome.FAILED, user=user,
                     detail={"year": year})
    run = RollupRun.objects.create(year=year, trigger=trigger, started_by=user, figures=count, started_at=now)
    audit_record(action="assessment.rollup_start", target=run, user=user, detail={"year": year, "trigger": trigger})
    return run


def _snapshot(run: RollupRun, codes: list[str], progress) -> RollupRun:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        as_of = _begin(outermost)
        period = figures.Period.year(run.year)
        units = list(Region.objects.order_by("code").values_list("code", "level", "parent_id"))
        tops = [code[:PREFIX_LENGTH[level]] for code, level, parent in units if parent is None]
        widths = sorted({PREFIX_LENGTH[level] for _code, level, _parent in units})
        computed: dict[str, dict[str, object]] = {code: {} for code in codes}
        done = 0
        for group in figure_groups(codes):
            for width in widths:
                for top in tops:
                    if width < len(top):
                        continue
                    for code, values in figures.compute(group, top, width, period).items():
                        computed[code].update(values)
            done += len(group)
            progress(done)
        locked = approved_units(run.year)
        rows = [(run.year, region, level, code,
                 *snapshot_values(figures.FIGURES[code], computed[code].get(region[:PREFIX_LENGTH[level]])), run.pk)
                for region, level, _parent in units if region not in locked for code in codes]
        KpiSnapshot.objects.filter(year=run.year).exclude(
            region_id__in=Approval.objects.filter(year=run.year).values("region_id")).delete()
        _insert(rows)
        for hook in AFTER_ROLLUP:
            hook(run, units)
        run.status, run.finished_at, run.as_of, run.rows = RunStatus.DONE, timezone.now(), as_of, len(rows)
        run.save(update_fields=["status", "finished_at", "as_of", "rows"])
        audit_record(action="assessment.rollup", target=run, user=run.started_by,
                     detail={"year": run.year, "trigger": run.trigger, "rows": run.rows, "figures": run.figures})
    return run


def approved_units(year: int) -> set[str]:
    """The units whose rows of ``year`` the roll-up leaves alone (approved: locked)."""
    return set(Approval.objects.filter(year=year).values_list("region_id", flat=True))


def _begin(outermost: bool):
    """Start the snapshot's transaction: REPEATABLE READ on PostgreSQL (when it is the outermost transaction);
    returns the moment its data is read as of."""
    if connection.vendor != "postgresql":
        return timezone.now()
    with connection.cursor() as cursor:
        if outermost:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT now()")  # the first read: the snapshot every figure reads from
        return cursor.fetchone()[0]


def figure_groups(codes: list[str]) -> list[list[str]]:
    """The figures in groups computed together: a ratio with its part and whole (``compute`` reuses them, so
    each is queried once), every other figure alone; groups sharing a figure are merged. Order kept."""
    groups: list[list[str]] = []
    for code in codes:
        declared = figures.FIGURES[code]
        members = [*(declared.ratio or ()), code]
        joined = [g for g in groups if set(g) & set(members)]
        merged = [c for g in joined for c in g]
        merged += [c for c in members if c not in merged]
        groups = [g for g in groups if g not in joined] + [merged]
    position = {code: n for n, code in enumerate(codes)}
    return [sorted(group, key=lambda c: position.get(c, -1)) for group in groups]


def _decimal(value) -> Decimal:
    """A figure's number as stored: four decimals, half up (counts and money exactly)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"a figure's value must be a number or a Share, not {value!r}")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise TypeError(f"a figure's value must be a finite number, not {value!r}")
    return number.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def snapshot_values(figure: figures.Figure, value) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(value, part, whole) of one unit's figure as stored (``value`` None: nothing counted, 0 or an empty share —
    a mean's nothing stays None); a share's value is ``Share.share`` (None when its whole is zero: nothing to
    measure)."""
    if figure.ratio:
        share = value if value is not None else figures.Share()
        share = figures.Share(_decimal(share.part), _decimal(share.whole))  # a float part or whole, too
        return share.share, share.part, share.whole
    if value is None:
        value = figure.zero
    return (None if value is None else _decimal(value)), None, None


COLUMNS = ("year", "region", "level", "code", "value", "part", "whole", "run")


def _insert(rows: list[tuple]) -> None:
    """Insert the snapshot's rows (tuples in ``COLUMNS``' order): ~175,000 rows for Hangzhou's 3,530 units × 49
    figures, without model instances."""
    insert_rows(KpiSnapshot, COLUMNS, rows)


def insert_rows(model, names: tuple[str, ...] | list[str], rows: list) -> None:
    """Insert ``rows`` (sequences of database-ready values in the order of the fields ``names``) into ``model``'s
    table: PostgreSQL's COPY, else one prepared INSERT run over batches. Also for the later parts' derived rows
    (the dashboards' monthly figures) and the demo's history."""
    meta, quote = model._meta, connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608 (the model's names)
                for row in rows:
                    copy.write_row(row)
            return
        statement = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(statement, rows[start:start + BATCH_SIZE])


def _fail(run: RollupRun, exc: BaseException) -> None:
    """Record a failed run; if the database is gone, leave it running: the next run marks it interrupted."""
    message = str(exc) if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
    try:
        RollupRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=message[:2000])
        audit_record(action="assessment.rollup", target=run, user=run.started_by, outcome=Outcome.FAILED,
                     detail={"year": run.year, "trigger": run.trigger})
    except DatabaseError:
        logger.exception("roll-up of %s: the failure could not be recorded", run.year)
