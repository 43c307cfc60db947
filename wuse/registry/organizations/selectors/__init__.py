"""Reads of the organizations app, always scoped: ``organizations`` (organizations, their parts, the units
offered by the forms) and ``workers`` (social workers, the certified-share KPI, their links)."""
