from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from wuse.audit.admin import AuditedAdminMixin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("wuse", {"fields": ("full_name",)}))
