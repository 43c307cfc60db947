"""Numbers as every page and message writes them, whatever the language: money with two decimals and
thousands grouped (``70,000.00``); quantities — points, hours, stock — without trailing zeros, grouped
(``49``, ``2.5``, ``1,500``). Django's zh-hans formats group nothing, its English ones by threes, so pages
and messages use these instead of ``floatformat`` or ``str()``; the template filters ``money`` and
``quantity`` (``wuse.core.templatetags.wuse_tags``) call them."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def money(value) -> str:
    """``Decimal("70000")`` → ``70,000.00``; empty for None or ""; anything not a number as it is."""
    number = _decimal(value)
    if number is None:
        return "" if value is None or value == "" else str(value)
    return f"{number.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def quantity(value) -> str:
    """``Decimal("49.00")`` → ``49``, ``2.50`` → ``2.5``, ``1500`` → ``1,500`` (at most two decimals, the
    minus sign kept); empty for None or ""; anything not a number as it is."""
    number = _decimal(value)
    if number is None:
        return "" if value is None or value == "" else str(value)
    number = number.quantize(CENT, rounding=ROUND_HALF_UP)
    if number == 0:
        return "0"
    return f"{number.normalize():,f}"
