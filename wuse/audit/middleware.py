from . import context


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: behind the production proxy, gunicorn's --forwarded-allow-ips sets it.
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        token = context.bind(context.AuditContext(
            user_id=user.pk if authenticated else None,
            username=user.get_username() if authenticated else "",
            ip=client_ip(request),
        ))
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
