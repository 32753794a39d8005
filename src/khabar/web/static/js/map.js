// The events map. Country borders from world-atlas are a plain GeoJSON layer (no tile server,
// nothing from outside the app), shaded by the matching events of each country (the gazetteer
// has no admin-1 borders). Events come as clusters the server groups on a grid sized for the
// zoom and limited to the view (/map.json), so 100,000 events stay a few hundred markers.
// A box drawn on the map becomes the `bbox` filter of the form beside it.
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
  var SHADES = ["#f7f5ef", "#fbe3cf", "#f7c59f", "#ef9a68", "#d9703f", "#b0491f"];

  function colour(type) {
    return COLOURS[type] || OTHER;
  }

  function radius(cluster) {
    return 6 + Math.min(20, 2.5 * Math.sqrt(cluster.deaths)) + Math.min(6, Math.log(cluster.events));
  }

  function withParams(url, params) {
    var query = Object.keys(params)
      .filter(function (name) { return params[name] !== null; })
      .map(function (name) { return name + "=" + encodeURIComponent(params[name]); })
      .join("&");
    if (!query) {
      return url;
    }
    return url + (url.indexOf("?") < 0 ? "?" : "&") + query;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) {
        throw new Error(url + " answered " + response.status);
      }
      return response.json();
    });
  }

  function line(box, text) {
    var row = document.createElement("div");
    row.textContent = text;
    box.appendChild(row);
  }

  // Popups are built from DOM nodes with textContent, so stored text can never become markup.
  function popup(cluster, map) {
    var box = document.createElement("div");
    if (cluster.event_id !== null) {
      var link = document.createElement("a");
      link.href = "/events/" + encodeURIComponent(cluster.event_id);
      link.textContent = "Event #" + cluster.event_id + " · " + cluster.event_type;
      var title = document.createElement("strong");
      title.appendChild(link);
      box.appendChild(title);
      line(box, "Killed: " + cluster.deaths);
      return box;
    }
    var first = document.createElement("a");
    first.href = "/events/" + encodeURIComponent(cluster.first_id);
    first.textContent = "Event #" + cluster.first_id + " (one of " + cluster.events + " here)";
    box.appendChild(first);
    line(box, cluster.events + " events, " + cluster.deaths + " killed");
    Object.keys(cluster.types).forEach(function (type) {
      line(box, cluster.types[type] + " × " + type);
    });
    var zoom = document.createElement("button");
    zoom.type = "button";
    zoom.textContent = "Zoom in";
    zoom.addEventListener("click", function () {
      map.setView([cluster.lat, cluster.lon], Math.min(map.getZoom() + 2, map.getMaxZoom()));
    });
    box.appendChild(zoom);
    return box;
  }

  function control(position, build) {
    var made = L.control({ position: position });
    made.onAdd = build;
    return made;
  }

  function legend(types) {
    return control("bottomleft", function () {
      var box = L.DomUtil.create("div", "map-legend");
      types.forEach(function (type) {
        var row = document.createElement("div");
        var dot = document.createElement("span");
        dot.style.background = colour(type);
        row.appendChild(dot);
        row.appendChild(document.createTextNode(type));
        box.appendChild(row);
      });
      line(box, "Size: deaths · countries shaded by events");
      return box;
    });
  }

  function message(map) {
    var box;
    control("topright", function () {
      box = L.DomUtil.create("div", "map-status");
      box.hidden = true;
      return box;
    }).addTo(map);
    return function (text) {
      box.textContent = text || "";
      box.hidden = !text;
    };
  }

  // The visible box as west,south,east,north within [-180, 180]; none when it spans the world.
  function view(map) {
    var bounds = map.getBounds();
    var west = bounds.getWest();
    var east = bounds.getEast();
    if (east - west >= 360) {
      return null;
    }
    function wrap(lon) {
      return lon < -180 || lon > 180 ? ((((lon + 180) % 360) + 360) % 360) - 180 : lon;
    }
    var south = Math.max(-90, bounds.getSouth());
    var north = Math.min(90, bounds.getNorth());
    return [wrap(west), south, wrap(east), north].map(function (v) { return v.toFixed(4); }).join(",");
  }

  function shade(world, counts) {
    var byId = {};
    var most = 0;
    counts.forEach(function (country) {
      if (country.numeric) {
        byId[country.numeric] = country.events;
        most = Math.max(most, country.events);
      }
    });
    return L.geoJSON(topojson.feature(world, world.objects.countries), {
      interactive: false,
      style: function (feature) {
        var n = byId[feature.id] || 0;
        var step = n && most ? Math.max(1, Math.ceil((SHADES.length - 1) * Math.log(n + 1) / Math.log(most + 1))) : 0;
        return { color: "#8a96a3", weight: 0.7, fillColor: SHADES[step], fillOpacity: 1 };
      }
    });
  }

  function drawBox(map, element) {
    var input = document.getElementById("filter-bbox");
    if (!input || !input.form) {
      return;
    }
    var button;
    var start = null;
    var box = null;
    function stop() {
      button.setAttribute("aria-pressed", "false");
      element.classList.remove("drawing");
      map.dragging.enable();
    }
    control("topleft", function () {
      button = L.DomUtil.create("button", "map-draw");
      button.type = "button";
      button.textContent = "Draw a box";
      button.title = "Drag on the map to filter to a box";
      button.setAttribute("aria-pressed", "false");
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, "click", function () {
        if (button.getAttribute("aria-pressed") === "true") {
          stop();
          return;
        }
        button.setAttribute("aria-pressed", "true");
        element.classList.add("drawing");
        map.dragging.disable();
      });
      return button;
    }).addTo(map);
    map.on("mousedown", function (event) {
      if (button.getAttribute("aria-pressed") !== "true") {
        return;
      }
      start = event.latlng;
      box = L.rectangle(L.latLngBounds(start, start), { interactive: false, weight: 2 }).addTo(map);
    });
    map.on("mousemove", function (event) {
      if (start && box) {
        box.setBounds(L.latLngBounds(start, event.latlng));
      }
    });
    map.on("mouseup", function () {
      if (!start || !box) {
        return;
      }
      var bounds = box.getBounds();
      start = null;
      stop();
      input.value = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (v) { return v.toFixed(3); })
        .join(",");
      input.form.submit();
    });
  }

  function draw(element) {
    var map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 14 }).setView([25, 45], 2);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Borders: Natural Earth");
    var say = message(map);
    var markers = L.layerGroup();
    var shown = null;
    var requests = 0;
    var fitted = Boolean(element.dataset.bbox);
    if (element.dataset.bbox) {
      var b = element.dataset.bbox.split(",").map(Number);
      var filterBox = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
      L.rectangle(filterBox, { interactive: false, fill: false, dashArray: "4 4", weight: 2 }).addTo(map);
      map.fitBounds(filterBox, { padding: [20, 20] });
    }
    drawBox(map, element);

    function load() {
      var request = ++requests;
      var url = withParams(element.dataset.clusters, { zoom: map.getZoom(), view: fitted ? view(map) : null });
      getJSON(url)
        .then(function (data) {
          if (request !== requests) {
            return;
          }
          markers.clearLayers();
          var types = [];
          var points = [];
          data.clusters.forEach(function (cluster) {
            var marker = L.circleMarker([cluster.lat, cluster.lon], {
              radius: radius(cluster),
              color: "#1c2430",
              weight: 1,
              fillColor: colour(cluster.event_type),
              fillOpacity: 0.8,
              className: "event-marker"
            });
            marker.bindPopup(function () { return popup(cluster, map); });
            if (cluster.events > 1) {
              marker.bindTooltip(String(cluster.events), { permanent: true, direction: "center", className: "map-cluster" });
            }
            markers.addLayer(marker);
            points.push([cluster.lat, cluster.lon]);
            Object.keys(cluster.types).forEach(function (type) {
              if (types.indexOf(type) < 0) {
                types.push(type);
              }
            });
          });
          if (shown) {
            shown.remove();
          }
          shown = legend(types.sort()).addTo(map);
          say(data.clusters.length ? "" : "No events with coordinates match here.");
          if (!fitted) {
            fitted = true;
            if (points.length) {
              // Leaflet ends every fitBounds with moveend, even when the view stays put: the
              // load that follows redraws the markers and only then says the map is ready.
              map.fitBounds(L.latLngBounds(points), { padding: [40, 40], maxZoom: 7 });
              return;
            }
          }
          element.dataset.ready = String(data.events);
        })
        .catch(function (error) {
          say("The map could not load: " + error.message);
          element.dataset.ready = "error";
        });
    }

    Promise.all([getJSON(element.dataset.borders), getJSON(element.dataset.countries)])
      .then(function (loaded) {
        shade(loaded[0], loaded[1]).addTo(map);
        markers.addTo(map);
        map.on("moveend", load);
        load();
      })
      .catch(function (error) {
        say("The map could not load: " + error.message);
        element.dataset.ready = "error";
      });
  }

  document.querySelectorAll("#map[data-clusters]").forEach(draw);
})();
