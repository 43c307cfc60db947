from django.contrib import admin

from .services import audit_record


class AuditedAdminMixin:
    """Admin-site writes go to the audit log like every other write (field names, no values)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(action=f"admin.{'change' if change else 'add'}", target=obj,
                     changed_fields=form.changed_data, user=request.user)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects + [o for o, _fields in formset.changed_objects]:
            audit_record(action="admin.inline_save", target=obj, user=request.user)
        for obj in formset.deleted_objects:
            audit_record(action="admin.inline_delete", target=obj, user=request.user)

    def delete_model(self, request, obj):
        audit_record(action="admin.delete", target=obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(action="admin.delete", target=obj, user=request.user)
        super().delete_queryset(request, queryset)


__all__ = ["AuditedAdminMixin", "admin"]
