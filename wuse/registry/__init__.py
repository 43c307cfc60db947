"""The five-society registry: the actors who work with the community on residents' needs.

- ``people``: residents registered as volunteers, social workers or account holders (personal data
  encrypted and masked);
- ``organizations``: social organizations, 社区社会组织 and 社工机构, their members and social workers;
- ``volunteers``: volunteers, teams, service records (民政部令第67号) and certificates;
- ``charity``: donors and funds, donations, allocations and the published resource list.

The time bank and charity points are in ``wuse.ledger``; ``linkage`` sums the five societies per unit.
"""
