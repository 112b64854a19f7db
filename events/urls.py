from django.urls import path

from cooperation.views import record_detail

from . import views
from .models import Event

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", record_detail, {"model": Event}, name="event-detail"),
]
