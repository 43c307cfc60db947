from wuse.core.errors import DomainError


class CobuildError(DomainError):
    """A refusal of the co-building list (联建共建清单): shown on the form, nothing written."""
