# A one-file Django project (the module is its own settings and URLconf) whose view
# copies the request's Origin into its response, with credentials.
import os

from sample_server import serve_wsgi

SECRET_KEY = "dev-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
USE_TZ = True
INSTALLED_APPS = []
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]


def me(request):
    from django.http import JsonResponse

    response = JsonResponse({"user": "alice"})
    response["Access-Control-Allow-Origin"] = request.META.get("HTTP_ORIGIN", "*")
    response["Access-Control-Allow-Credentials"] = "true"
    return response


if __name__ == "__main__":
    from django.urls import path

    os.environ["DJANGO_SETTINGS_MODULE"] = __name__
    urlpatterns = [path("api/me", me)]
    from django.core.wsgi import get_wsgi_application

    serve_wsgi(get_wsgi_application())
