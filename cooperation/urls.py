from django.urls import path

from . import views
from .models import Initiative, Place

app_name = "cooperation"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("initiatives/<slug:slug>/", views.record_detail, {"model": Initiative}, name="initiative-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("places/<slug:slug>/", views.record_detail, {"model": Place}, name="place-detail"),
]
