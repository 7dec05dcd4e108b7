import os

from flask import Flask
from flask_cors import CORS

from items import api

app = Flask(__name__)
CORS(
    app,
    origins=["http://localhost:5173"],
    allow_headers=["Content-Type"],
)
app.register_blueprint(api)

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "4000")))
