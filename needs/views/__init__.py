"""The needs step's pages: ``needs`` (a need and its page), ``lists`` (the published needs list, staff and
public 公示 pages) and ``excel`` (the template, the import and the export). ``needs/urls.py`` mounts them."""
