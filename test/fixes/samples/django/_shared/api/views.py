import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from api.session import current_user

ITEMS = [
    {"id": 1, "name": "Notebook"},
    {"id": 2, "name": "Pencil"},
]


def name_from(request, default):
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = {}
    return str(body.get("name", default)) if isinstance(body, dict) else default


@csrf_exempt
def items(request):
    if request.method == "POST":
        item = {"id": len(ITEMS) + 1, "name": name_from(request, "untitled")}
        ITEMS.append(item)
        return JsonResponse(item, status=201)
    return JsonResponse(ITEMS, safe=False)


@csrf_exempt
def item(request, item_id):
    found = next((i for i in ITEMS if i["id"] == item_id), None)
    if found is None:
        return JsonResponse({"error": "no such item"}, status=404)
    if request.method == "PUT":
        found["name"] = name_from(request, found["name"])
        return JsonResponse(found)
    if request.method == "DELETE":
        ITEMS.remove(found)
        return HttpResponse(status=204)
    return JsonResponse(found)


def me(request):
    return JsonResponse({"user": current_user(request.COOKIES)})
