"""The time bank (时间银行) and community charity points (社区公益积分): one append-only ledger.

A ``Scheme`` (per district or community) sets the rules; an ``Account`` per person (or organization,
or the scheme's pool) holds a balance; every change is a new ``Entry`` carrying its cause (``ref``) and
the balance after it. Steps earn and spend through ``wuse.ledger.services`` only.
"""
