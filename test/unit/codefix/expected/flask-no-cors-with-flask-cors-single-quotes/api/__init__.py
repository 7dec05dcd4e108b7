from flask import Flask
from flask_cors import CORS


def create_app():
  app = Flask(__name__)
  CORS(app, origins=['http://localhost:3000'], allow_headers=['content-type'], max_age=600)

  @app.route('/api/items', methods=['GET', 'PUT'])
  def items():
    return {'items': []}

  return app
