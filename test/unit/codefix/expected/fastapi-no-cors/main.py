from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="Items")
app.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:3000"],
    allow_credentials=True,
    allow_methods=["GET", "HEAD", "POST", "PUT"],
    allow_headers=["content-type"],
)


@app.get("/api/items")
def list_items():
    return []
