"""The ledger's pages, by what they show: ``schemes`` (schemes and their account lists), ``accounts`` (one
account, the counter's actions on it, its statement; adjustments awaiting approval), ``shop`` (the
catalogue, redemption at the counter, the orders) and ``me`` (a volunteer's own accounts and shop)."""
