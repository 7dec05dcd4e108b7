from flask import Blueprint, jsonify, request

from session import current_user

items = [
    {"id": 1, "name": "Notebook"},
    {"id": 2, "name": "Pencil"},
]

api = Blueprint("api", __name__, url_prefix="/api")


def find(item_id):
    return next((i for i in items if i["id"] == item_id), None)


@api.get("/items")
def list_items():
    return jsonify(items)


@api.post("/items")
def create_item():
    body = request.get_json(silent=True) or {}
    item = {"id": len(items) + 1, "name": str(body.get("name", "untitled"))}
    items.append(item)
    return jsonify(item), 201


@api.put("/items/<int:item_id>")
def update_item(item_id):
    item = find(item_id)
    if item is None:
        return jsonify({"error": "no such item"}), 404
    body = request.get_json(silent=True) or {}
    item["name"] = str(body.get("name", item["name"]))
    return jsonify(item)


@api.delete("/items/<int:item_id>")
def delete_item(item_id):
    item = find(item_id)
    if item is None:
        return jsonify({"error": "no such item"}), 404
    items.remove(item)
    return "", 204


@api.get("/me")
def me():
    return jsonify({"user": current_user(request.cookies)})
