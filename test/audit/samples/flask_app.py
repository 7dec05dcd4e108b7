# Deliberately vulnerable Flask routes (Debian's python3-flask and python3-flask-cors),
# one planted CORS flaw per path plus a correct configuration. Prints the port it
# listens on (127.0.0.1, a free port), then serves until killed.
import sys
from flask import Flask, jsonify, make_response
from flask_cors import CORS
from werkzeug.serving import make_server

APP_ORIGIN = "https://app.example.com"
app = Flask(__name__)
strict = {"supports_credentials": True, "allow_headers": ["Content-Type"], "methods": ["GET", "PUT"]}

CORS(app, resources={
    # "*" with credentials: Flask-CORS echoes the request's Origin.
    r"/reflect": {"origins": "*", **strict},
    r"/null": {"origins": [APP_ORIGIN, "null"], **strict},
    # A regex Flask-CORS matches with re.match: anchored at the start only.
    r"/regex": {"origins": [r"https://.*\.example\.com"], **strict},
    r"/correct": {"origins": [APP_ORIGIN], **strict},
})


def private_data():
    return jsonify(user="alice", token="secret")


for name in ["reflect", "null", "regex", "correct"]:
    app.add_url_rule("/" + name, name, private_data, methods=["GET", "PUT"])


@app.route("/cookie")
def cookie():
    response = make_response(private_data())
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.set_cookie("session", "abc123", httponly=True)
    return response


if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.port, flush=True)
    server.serve_forever()
