# A one-file Django project (the module is its own settings and URLconf) with
# django-cors-headers allowing every origin and credentials: it echoes any Origin.
import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

SECRET_KEY = "dev-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
USE_TZ = True

INSTALLED_APPS = [
    "corsheaders",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
]

CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True


def me(request):
    from django.http import JsonResponse

    return JsonResponse({"user": "alice"})


def urls():
    from django.urls import path

    return [path("api/me", me)]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    os.environ["DJANGO_SETTINGS_MODULE"] = __name__
    urlpatterns = urls()
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", int(os.environ.get("PORT", "0")), get_wsgi_application(), handler_class=QuietHandler)
    print(f"listening on {server.server_port}", flush=True)
    sys.stdout.flush()
    server.serve_forever()
