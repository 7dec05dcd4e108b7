# Starlette's CORSMiddleware with an origin regex whose dots are not escaped and
# that has no $: https://app.example.com.evil.net matches it.
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sample_server import serve_asgi

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://.*.example.com", allow_credentials=True)


@app.get("/api/me")
def me():
    return {"user": "alice"}


if __name__ == "__main__":
    serve_asgi(app)
