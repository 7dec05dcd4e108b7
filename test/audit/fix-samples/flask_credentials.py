# Flask-CORS with credentials and no origins: it echoes whatever Origin is sent.
import os

from flask import Flask, jsonify
from flask_cors import CORS
from werkzeug.serving import make_server

app = Flask(__name__)
CORS(app, supports_credentials=True)


@app.route("/api/me")
def me():
    return jsonify(user="alice")


if __name__ == "__main__":
    server = make_server("127.0.0.1", int(os.environ.get("PORT", "0")), app, threaded=True)
    print(f"listening on {server.port}", flush=True)
    server.serve_forever()
