from django.http import JsonResponse

from api.session import current_user


class RequireSessionMiddleware:
    """Every /api/ call needs the session cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and current_user(request.COOKIES) is None:
            return JsonResponse({"error": "sign in first"}, status=401)
        return self.get_response(request)
