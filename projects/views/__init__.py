"""The projects step's pages: ``projects`` (list, plan, detail, transitions), ``links`` (a draft's needs,
co-design and participants), ``versions`` (versions side by side, change requests), ``public`` (公示), ``tabs``
(the detail page's tabs)."""
