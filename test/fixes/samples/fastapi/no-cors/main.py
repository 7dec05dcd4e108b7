import os

import uvicorn
from fastapi import FastAPI

from items import router

app = FastAPI(title="Items API")
app.include_router(router)


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "4000")), log_level="warning")
