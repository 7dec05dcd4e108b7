from flask import Flask
from flask_cors import CORS

ALLOWED_ORIGINS = [
    "http://localhost:5173",
    "http://localhost:3000",
]

app = Flask(__name__)
CORS(
    app,
    origins=ALLOWED_ORIGINS,
    methods=["GET", "POST", "PUT", "DELETE"],
    allow_headers=["Content-Type", "x-request-id"],
    supports_credentials=True,
    max_age=600,
)
