import os

import uvicorn
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from items import router
from session import current_user

app = FastAPI(title="Items API")
app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:5173"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])


@app.middleware("http")
async def require_session(request: Request, call_next):
    if request.url.path.startswith("/api/") and current_user(request.cookies) is None:
        return JSONResponse({"error": "sign in first"}, status_code=401)
    return await call_next(request)


app.include_router(router)


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "4000")), log_level="warning")
