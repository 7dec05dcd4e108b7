import os

from flask import Flask
from flask_cors import CORS

from items import api

ALLOWED_ORIGINS = ["http://localhost:3000"]


def create_app():
    app = Flask(__name__)
    CORS(
        app,
        origins=ALLOWED_ORIGINS,
        methods=["GET", "POST", "PUT"],
        allow_headers=["Content-Type"],
        supports_credentials=True,
        max_age=600,
    )
    app.register_blueprint(api)
    return app


if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=int(os.environ.get("PORT", "4000")))
