from csp.middleware import CSPMiddleware, PolicyParts

# The Wagtail admin still relies on inline scripts and styles, so it gets a looser policy under its
# own prefix only. The public site keeps the strict policy from settings.CONTENT_SECURITY_POLICY.
ADMIN_PREFIX = "/admin/"
ADMIN_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["https:"],
    "frame-src": ["https:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX) and not report_only:
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
        return parts
