from django.urls import path

from cooperation.views import record_detail

from .models import Person

app_name = "people"

urlpatterns = [
    path("people/<slug:slug>/", record_detail, {"model": Person}, name="person-detail"),
]
