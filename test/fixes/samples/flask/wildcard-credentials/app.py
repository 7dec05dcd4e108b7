import os

from flask import Flask
from flask_cors import CORS

from items import api

app = Flask(__name__)
CORS(app, origins="*", send_wildcard=True)
app.register_blueprint(api)

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "4000")))
