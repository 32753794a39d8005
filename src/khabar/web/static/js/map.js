// The events map: country borders from world-atlas drawn as a plain GeoJSON layer (no tile
// server, nothing from outside the app) and one circle per event, sized by deaths.
(function () {
  "use strict";

  var COLOURS = {
    "Battles": "#c2410c",
    "Explosions/Remote violence": "#b91c1c",
    "Violence against civilians": "#7c3aed",
    "Protests": "#0369a1",
    "Riots": "#ca8a04",
    "Strategic developments": "#15803d"
  };
  var OTHER = "#475569";

  function colour(type) {
    return COLOURS[type] || OTHER;
  }

  function radius(killed) {
    return 5 + Math.min(20, 2.5 * Math.sqrt(killed || 0));
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) {
        throw new Error(url + " answered " + response.status);
      }
      return response.json();
    });
  }

  // Popups are built from DOM nodes with textContent, so stored text can never become markup.
  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/events/" + encodeURIComponent(properties.id);
    link.textContent = properties.event_type + " · " + properties.sub_event_type;
    var title = document.createElement("strong");
    title.appendChild(link);
    box.appendChild(title);
    var lines = [
      (properties.date || "undated") + " · " + (properties.place_name || ""),
      "Killed: " + (properties.killed_best === null ? "unknown" : properties.killed_best)
    ];
    lines.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

  function legend(types) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "map-legend");
      types.forEach(function (type) {
        var row = document.createElement("div");
        var dot = document.createElement("span");
        dot.style.background = colour(type);
        row.appendChild(dot);
        row.appendChild(document.createTextNode(type));
        box.appendChild(row);
      });
      return box;
    };
    return control;
  }

  function status(map, text) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "map-status");
      box.textContent = text;
      return box;
    };
    control.addTo(map);
  }

  function draw(element) {
    var map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 45], 2);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Borders: Natural Earth");
    Promise.all([getJSON(element.dataset.borders), getJSON(element.dataset.events)])
      .then(function (loaded) {
        var world = loaded[0];
        var events = loaded[1];
        L.geoJSON(topojson.feature(world, world.objects.countries), {
          interactive: false,
          style: { color: "#8a96a3", weight: 0.7, fillColor: "#f7f5ef", fillOpacity: 1 }
        }).addTo(map);
        var markers = L.geoJSON(events, {
          pointToLayer: function (feature, latlng) {
            var p = feature.properties;
            return L.circleMarker(latlng, {
              radius: radius(p.killed_best),
              color: "#1c2430",
              weight: 1,
              fillColor: colour(p.event_type),
              fillOpacity: 0.8,
              className: "event-marker"
            });
          },
          onEachFeature: function (feature, layer) {
            layer.bindPopup(popup(feature.properties));
          }
        }).addTo(map);
        var types = [];
        events.features.forEach(function (f) {
          if (types.indexOf(f.properties.event_type) < 0) {
            types.push(f.properties.event_type);
          }
        });
        if (types.length) {
          legend(types.sort()).addTo(map);
          map.fitBounds(markers.getBounds(), { padding: [40, 40], maxZoom: 7 });
        } else {
          status(map, "No events with coordinates yet.");
        }
        element.dataset.ready = String(events.features.length);
      })
      .catch(function (error) {
        status(map, "The map could not load: " + error.message);
        element.dataset.ready = "error";
      });
  }

  document.querySelectorAll("#map[data-events]").forEach(draw);
})();
