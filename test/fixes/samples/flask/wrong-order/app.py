import os

from flask import Flask, jsonify, request
from flask_cors import CORS

from items import api
from session import current_user

app = Flask(__name__)
CORS(app, origins=["http://localhost:5173"], supports_credentials=True)


@app.before_request
def require_session():
    if request.path.startswith("/api/") and current_user(request.cookies) is None:
        return jsonify({"error": "sign in first"}), 401


app.register_blueprint(api)

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "4000")))
