from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

app = FastAPI()


@app.middleware("http")
async def require_session(request: Request, call_next):
    if request.cookies.get("sid") != "demo-session":
        return JSONResponse({"error": "sign in first"}, status_code=401)
    return await call_next(request)


app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:3000"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])
