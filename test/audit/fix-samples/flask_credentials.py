# Flask-CORS with credentials and no origins: it echoes whatever Origin is sent.
from flask import Flask, jsonify
from flask_cors import CORS
from sample_server import serve_wsgi

app = Flask(__name__)
CORS(app, supports_credentials=True)


@app.route("/api/me")
def me():
    return jsonify(user="alice")


if __name__ == "__main__":
    serve_wsgi(app)
