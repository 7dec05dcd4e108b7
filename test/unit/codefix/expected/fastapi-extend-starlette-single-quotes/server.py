from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware

ORIGINS = ['http://localhost:5173', 'http://localhost:3000']

app = Starlette()
app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_methods=('GET', 'POST', 'PUT', 'DELETE'), allow_credentials=True, allow_headers=['authorization'])
