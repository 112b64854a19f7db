/* Draws each [data-map] element as a small, still map: the country outlines served by the site and a
   mark at the place. The element's caption already says where the place is, so without this script
   (or without Leaflet) nothing is lost. */
(function () {
  "use strict";
  if (!window.L || !window.fetch) {
    return;
  }
  document.querySelectorAll("[data-map]").forEach(function (element) {
    var latitude = parseFloat(element.dataset.latitude);
    var longitude = parseFloat(element.dataset.longitude);
    if (isNaN(latitude) || isNaN(longitude)) {
      return;
    }
    element.hidden = false;
    var map = window.L.map(element, {
      attributionControl: false,
      zoomControl: false,
      dragging: false,
      touchZoom: false,
      doubleClickZoom: false,
      scrollWheelZoom: false,
      boxZoom: false,
      keyboard: false,
    }).setView([latitude, longitude], parseInt(element.dataset.zoom || "5", 10));
    fetch(element.dataset.outline)
      .then(function (response) { return response.json(); })
      .then(function (outline) {
        window.L.geoJSON(outline, {
          interactive: false,
          style: { color: "#6b7580", weight: 1, fillColor: "#e8e4d8", fillOpacity: 1 },
        }).addTo(map);
        marker.bringToFront();
      })
      .catch(function () { /* the caption still says where the place is */ });
    var marker = window.L.circleMarker([latitude, longitude], {
      interactive: false,
      radius: 7,
      color: "#ffffff",
      weight: 2,
      fillColor: "#0b5d4b",
      fillOpacity: 1,
    }).addTo(map);
  });
})();
