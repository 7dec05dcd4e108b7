# A one-file Django project (the module is its own settings and URLconf) with
# django-cors-headers allowing every origin and credentials: it echoes any Origin.
import os

from sample_server import serve_wsgi

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


if __name__ == "__main__":
    from django.urls import path

    os.environ["DJANGO_SETTINGS_MODULE"] = __name__
    urlpatterns = [path("api/me", me)]
    from django.core.wsgi import get_wsgi_application

    serve_wsgi(get_wsgi_application())
