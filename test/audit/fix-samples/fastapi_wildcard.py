# Starlette's CORSMiddleware with "*" and credentials: it echoes the Origin of any
# request that carries a cookie, and of every preflight.
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sample_server import serve_asgi

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])


@app.get("/api/me")
def me():
    return {"user": "alice"}


if __name__ == "__main__":
    serve_asgi(app)
