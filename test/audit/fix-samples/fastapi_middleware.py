# A hand-written FastAPI middleware that copies the request's Origin into every response.
from fastapi import FastAPI
from sample_server import serve_asgi

app = FastAPI()


@app.middleware("http")
async def add_cors(request, call_next):
    response = await call_next(request)
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("origin", "*")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.get("/api/me")
def me():
    return {"user": "alice"}


if __name__ == "__main__":
    serve_asgi(app)
