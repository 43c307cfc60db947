"""The organizations app's pages: ``organizations`` (list, register, edit, detail, status, "My organization"),
``members`` (members and qualification documents) and ``workers`` (social workers and the KPI)."""
