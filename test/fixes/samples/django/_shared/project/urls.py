from django.urls import path

from api import views

urlpatterns = [
    path("api/items", views.items),
    path("api/items/<int:item_id>", views.item),
    path("api/me", views.me),
]
