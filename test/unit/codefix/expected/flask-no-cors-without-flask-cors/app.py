from flask import Flask, jsonify, request

app = Flask(__name__)

CORS_ALLOWED_ORIGINS = ["http://localhost:3000"]


@app.before_request
def answer_cors_preflight():
    # Preflights carry no cookies: answer them before a login check can refuse them.
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        return app.make_default_options_response()


@app.after_request
def add_cors_headers(response):
    # CORS for the allowed origins only; the answer depends on Origin, so caches must key on it.
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if origin in CORS_ALLOWED_ORIGINS:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "PUT"
            response.headers["Access-Control-Allow-Headers"] = "content-type"
            response.headers["Access-Control-Max-Age"] = "600"
    return response


@app.get("/api/items")
def list_items():
    return jsonify([])


@app.put("/api/items")
def update_items():
    return jsonify({})
