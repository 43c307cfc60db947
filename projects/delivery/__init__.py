"""The delivery (实施推进) of a service project: milestones, activities and volunteer hours, expenses against the
budget lines and budget adjustments, mid-term and final reports, the acceptance checklist."""
