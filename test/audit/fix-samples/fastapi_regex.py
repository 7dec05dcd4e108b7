# Starlette's CORSMiddleware with an origin regex whose dots are not escaped and
# that has no $: https://app.example.com.evil.net matches it.
import os
import socket

import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://.*.example.com", allow_credentials=True)


@app.get("/api/me")
def me():
    return {"user": "alice"}


if __name__ == "__main__":
    sock = socket.socket()
    sock.bind(("127.0.0.1", int(os.environ.get("PORT", "0"))))
    print(f"listening on {sock.getsockname()[1]}", flush=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
