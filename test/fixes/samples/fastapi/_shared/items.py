from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from session import current_user

items = [
    {"id": 1, "name": "Notebook"},
    {"id": 2, "name": "Pencil"},
]

router = APIRouter(prefix="/api")


def find(item_id: int):
    return next((i for i in items if i["id"] == item_id), None)


async def name_from(request: Request, default: str) -> str:
    try:
        body = await request.json()
    except ValueError:
        body = {}
    return str(body.get("name", default)) if isinstance(body, dict) else default


@router.get("/items")
def list_items():
    return items


@router.post("/items", status_code=201)
async def create_item(request: Request):
    item = {"id": len(items) + 1, "name": await name_from(request, "untitled")}
    items.append(item)
    return item


@router.put("/items/{item_id}")
async def update_item(item_id: int, request: Request):
    item = find(item_id)
    if item is None:
        return JSONResponse({"error": "no such item"}, status_code=404)
    item["name"] = await name_from(request, item["name"])
    return item


@router.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: int):
    item = find(item_id)
    if item is None:
        return JSONResponse({"error": "no such item"}, status_code=404)
    items.remove(item)
    return Response(status_code=204)


@router.get("/me")
def me(request: Request):
    return {"user": current_user(request.cookies)}
