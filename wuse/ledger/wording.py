"""A scheme's rules in plain words, for its page and the volunteer's page."""

from django.utils.translation import gettext as _

from wuse.core.numbers import quantity

from .models import Scheme, TransferRule


def plain(amount) -> str:
    """``Decimal("1500.00")`` → ``1,500``, ``Decimal("0.50")`` → ``0.5``; empty for None: the core's one
    format for quantities (``wuse.core.numbers.quantity``)."""
    return quantity(amount)


def rules_in_words(scheme: Scheme) -> list[str]:
    unit = scheme.unit_label
    words = [_("One verified hour of service earns %(amount)s %(unit)s.") % {"amount": plain(scheme.per_hour),
                                                                            "unit": unit}]
    if scheme.signup_grant:
        words.append(_("A new account starts with %(amount)s %(unit)s.") % {"amount": plain(scheme.signup_grant),
                                                                           "unit": unit})
    else:
        words.append(_("No sign-up grant."))
    if scheme.activity_cap is not None:
        words.append(_("One activity earns at most %(amount)s %(unit)s.") % {"amount": plain(scheme.activity_cap),
                                                                            "unit": unit})
    else:
        words.append(_("No cap per activity."))
    if scheme.account_cap is not None:
        words.append(_("An account holds at most %(amount)s %(unit)s; what a credit would add beyond that goes to "
                       "the scheme's pool.") % {"amount": plain(scheme.account_cap), "unit": unit})
    else:
        words.append(_("No cap per account."))
    if scheme.redemption_threshold:
        words.append(_("Redemption opens after %(amount)s %(unit)s earned.") % {
            "amount": plain(scheme.redemption_threshold), "unit": unit})
    else:
        words.append(_("Credits can be redeemed from the start."))
    if scheme.expiry_months:
        words.append(_("Unused credits expire %(months)d months after they were credited.") % {
            "months": scheme.expiry_months})
    else:
        words.append(_("Credits do not expire."))
    if scheme.overdraft:
        words.append(_("A balance may go down to -%(amount)s %(unit)s.") % {"amount": plain(scheme.overdraft),
                                                                            "unit": unit})
    else:
        words.append(_("A balance never goes below zero."))
    words.append({
        TransferRule.NONE: _("Balances cannot be transferred."),
        TransferRule.FAMILY: _("Balances may be transferred to family members holding an account in the scheme."),
        TransferRule.ANY: _("Balances may be transferred to any account holder of the scheme."),
    }.get(scheme.transfer_rule, ""))
    if scheme.allow_donation:
        words.append(_("Balances may be donated to the scheme's pool or to an organization's account."))
    else:
        words.append(_("Balances cannot be donated."))
    if scheme.organization_accounts:
        words.append(_("Organizations may hold accounts."))
    return words
