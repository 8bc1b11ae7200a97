/* Pressmap's event layer: every event of the map drawn on one canvas.
 *
 * One Leaflet layer object draws all the events, however many: a DOM marker per event (and a cluster group
 * to hold them) took seconds to build for 5,000 events and could not hold 100,000. The events arrive as
 * columns of numbers, base64-encoded and gzipped when large (dashboard/render.py, pack_map_data), with their
 * texts in one table of distinct strings. Events at the same pixel are one spot: its icon is its first event's type,
 * with the number of events when there are several. Hovering names the site; a click opens the popup
 * (built with textContent: article text is never markup) and tells streamlit-folium which event it was
 * (`last_active_drawing.properties.row`, the event's row in the map's data).
 *
 * Written for this project (no code copied); it uses Leaflet 1.9's public API plus the same private
 * `_latLngToNewLayerPoint` that Leaflet's own image overlay uses to follow a zoom animation.
 */
(function () {
  'use strict';

  /* The blob's bytes: at once when sent as they are, else a promise of them, gunzipped. */
  function unpack(b64, gzipped) {
    var text = atob(b64), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    if (!gzipped) { return bytes.buffer; }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer();
  }

  var ARRAYS = {u1: Uint8Array, u2: Uint16Array, i4: Int32Array};

  /* The unpacked blob: 4 bytes of the strings' JSON length, the JSON, then each column at its offset. */
  function columns(buffer, spec, n) {
    var length = new DataView(buffer).getUint32(0, true);
    var strings = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
    var cols = {};
    spec.forEach(function (c) { cols[c[0]] = new ARRAYS[c[1]](buffer, c[2], n); });
    return {strings: strings, cols: cols};
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value; el.dir = 'auto';
    if (cls) { el.className = cls; }
    return el;
  }

  window.pmEvents = function (map, meta, blob) {
    // milliseconds since the frame opened: the script starts, the events are unpacked, first drawn
    var times = window.pmTimes = {start: performance.now()};
    var n = meta.n, labels = meta.labels, styles = meta.styles, lineOf = {};
    meta.lines.forEach(function (l) { lineOf[l[0]] = l[1]; });
    var data = null;  // {strings, cols, mx, my}: filled once the blob is unpacked
    var shown = null;  // Uint8Array: 1 for the events in the slider's window
    var isLine = null;  // Uint8Array: 1 for the events drawn as lines
    var wanted = [null, null, true];
    var spots = [], grid = {}, CELL = 24, SIZE = 18, HIT = 12;
    var sprites = [];
    var lines = L.layerGroup().addTo(map);  // a plain group: it passes no click to streamlit-folium
    var lineLayers = {};

    var pane = map.getPane('pm-events') || map.createPane('pm-events');
    pane.style.zIndex = 450;  // over the tiles and shapes (400), under Leaflet's markers, tooltips and popups
    var canvas = L.DomUtil.create('canvas', 'leaflet-zoom-animated', pane);
    canvas.style.pointerEvents = 'none';
    var corner = null;  // the canvas's top-left corner as a LatLng, to follow a zoom animation
    var PAD = 0.25;

    var layer = new (L.Layer.extend({
      onAdd: function () {},
      onRemove: function () {}
    }))();
    layer.addTo(map);  // in map._layers before streamlit-folium hooks its click handler to every layer

    function popup(row) {
      var box = document.createElement('div'); box.className = 'pm-popup';
      var s = data.strings, c = data.cols;
      for (var k = 0; k < labels.length; k++) {
        var value = s[c['p' + k][row]];
        if (!value) { continue; }
        var line = document.createElement('div');
        line.appendChild(text('b', labels[k] + ': '));
        var href = c.href[row];
        if (k === labels.length - 1 && href) {
          // the href is an http(s) URL checked in Python (safe_href); the label is text
          var a = text('a', value); a.href = s[href]; a.target = '_blank'; a.rel = 'noopener noreferrer';
          line.appendChild(a);
        } else { line.appendChild(text('span', value)); }
        box.appendChild(line);
      }
      return box;
    }

    /* The popup of a spot: its chosen event, then the others there as buttons that choose them. */
    function spotPopup(rows, chosen, latlng) {
      var box = document.createElement('div');
      box.appendChild(popup(chosen));
      if (rows.length > 1) {
        var more = text('div', rows.length + ' events here:', 'pm-more');
        rows.slice(0, 40).forEach(function (r) {
          if (r === chosen) { return; }
          var c = data.cols, s = data.strings;
          var b = text('button', s[c.p1[r]] + ' · ' + (meta.types[c.type[r]] || 'type not known'), 'pm-pick');
          b.type = 'button';
          b.onclick = function (e) { L.DomEvent.stop(e); select(rows, r, latlng); };
          more.appendChild(b);
        });
        if (rows.length > 40) { more.appendChild(text('div', '… and ' + (rows.length - 40) + ' more')); }
        box.appendChild(more);
      }
      return box;
    }

    var openPopup = L.popup({maxWidth: 320, maxHeight: 260});
    function select(rows, row, latlng) {
      openPopup.setLatLng(latlng).setContent(spotPopup(rows, row, latlng)).openOn(map);
      // streamlit-folium listens to 'click' on every layer: this returns the event's row to the app
      layer.fire('click', {latlng: latlng, layer: {toGeoJSON: function () {
        return {type: 'Feature', geometry: null, properties: {row: row}};
      }}});
    }

    /* The pipelines in the window, as Leaflet lines (few: one event in a hundred); their points in canvas
       pixels are kept for the hit test, so that a click finds an icon first, then a line. */
    var linePoints = [];
    function drawLines(origin, scale) {
      lines.clearLayers();
      linePoints = [];
      var count = 0;
      Object.keys(lineOf).forEach(function (key) {
        var row = Number(key);
        if (!shown[row]) { return; }
        count++;
        if (!lineLayers[row]) {
          lineLayers[row] = L.polyline(lineOf[row], {color: styles[data.cols.type[row]].colour, weight: 4,
                                                     opacity: 0.85, dashArray: '8 5', interactive: false});
        }
        lines.addLayer(lineLayers[row]);
        linePoints.push([row, lineOf[row].map(function (p) {
          var phi = p[0] * Math.PI / 180;
          return [(p[1] + 180) / 360 * scale - origin.x,
                  (0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)) * scale - origin.y];
        })]);
      });
      return count;
    }

    /* The line within a few pixels of a canvas point, if any. */
    function lineAt(x, y) {
      var best = null, bestD = 36;
      linePoints.forEach(function (l) {
        for (var k = 1; k < l[1].length; k++) {
          var a = l[1][k - 1], b = l[1][k], dx = b[0] - a[0], dy = b[1] - a[1], len = dx * dx + dy * dy;
          var t = len ? Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len)) : 0;
          var ex = a[0] + t * dx - x, ey = a[1] + t * dy - y, d = ex * ex + ey * ey;
          if (d <= bestD) { bestD = d; best = l[0]; }
        }
      });
      return best;
    }

    /* Which events the slider's window holds: [first, last] day numbers (null: open), undated ones too? */
    function applyWindow() {
      if (!data) { return; }
      var first = wanted[0], last = wanted[1], undated = wanted[2];
      var d0 = data.cols.d0, span = data.cols.span, base = meta.base;
      for (var i = 0; i < n; i++) {
        if (d0[i] === 0) { shown[i] = undated ? 1 : 0; continue; }
        var a = d0[i] + base, b = a + span[i];
        shown[i] = (first === null || b >= first) && (last === null || a <= last) ? 1 : 0;
      }
    }

    function draw() {
      if (!data || !map._loaded) { return; }
      var size = map.getSize(), pad = size.multiplyBy(PAD).round();
      var width = size.x + 2 * pad.x, height = size.y + 2 * pad.y, ratio = window.devicePixelRatio || 1;
      var topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1));
      L.DomUtil.setPosition(canvas, topLeft);
      corner = map.layerPointToLatLng(topLeft);
      if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
        canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
        canvas.style.width = width + 'px'; canvas.style.height = height + 'px';
      }
      var ctx = canvas.getContext('2d');
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      var scale = 256 * Math.pow(2, map.getZoom());
      var origin = map.getPixelBounds().min.subtract(pad);  // the canvas's top-left in projected pixels
      var mx = data.mx, my = data.my, cols = data.cols, d0 = cols.d0, circle = cols.circle;
      // numbers, not strings, as keys: 100,000 events are drawn in tens of milliseconds
      var byPixel = new Map(), circles = new Map(), markers = 0, W = 1 << 14, M = SIZE + 2;
      spots = []; grid = {};
      for (var i = 0; i < n; i++) {
        if (!shown[i] || isLine[i]) { continue; }
        markers++;
        var x = mx[i] * scale - origin.x, y = my[i] * scale - origin.y;
        var inside = x > -M && y > -M && x < width + M && y < height + M;
        if (!inside && !circle[i]) { continue; }
        var key = (Math.round(x) + W) * 2 * W + (Math.round(y) + W);
        if (circle[i]) {  // one circle per spot and radius, however many events it has
          var ckey = key * 2048 + circle[i];
          if (!circles.has(ckey)) { circles.set(ckey, i); }
        }
        if (!inside) { continue; }
        var spot = byPixel.get(key);
        if (spot === undefined) {
          spot = {x: x, y: y, rows: [], first: i, sorted: false};
          byPixel.set(key, spot); spots.push(spot);
        } else if (d0[i] < d0[spot.first]) { spot.first = i; }
        spot.rows.push(i);
      }
      circles.forEach(function (i) {
        var lat = cols.lat[i] / 1e5;
        var metresPerPixel = 40075016.686 * Math.cos(lat * Math.PI / 180) / scale;
        var r = circle[i] * 100 / metresPerPixel;
        if (r < 2) { return; }
        ctx.beginPath(); ctx.arc(mx[i] * scale - origin.x, my[i] * scale - origin.y, r, 0, 2 * Math.PI);
        ctx.fillStyle = styles[cols.type[i]].fill; ctx.fill();
        ctx.strokeStyle = styles[cols.type[i]].stroke; ctx.lineWidth = 1; ctx.stroke();
      });
      ctx.font = 'bold 10px sans-serif'; ctx.textBaseline = 'middle'; ctx.textAlign = 'center';
      spots.forEach(function (spot, k) {
        ctx.drawImage(sprites[cols.type[spot.first]], spot.x - SIZE / 2, spot.y - SIZE / 2, SIZE, SIZE);
        if (spot.rows.length > 1) {
          var label = spot.rows.length > 999 ? '999+' : String(spot.rows.length);
          var w = Math.max(14, ctx.measureText(label).width + 6), bx = spot.x + SIZE / 2 - 3, by = spot.y - SIZE / 2;
          ctx.fillStyle = '#212529'; ctx.beginPath();
          ctx.roundRect ? ctx.roundRect(bx - w / 2, by - 7, w, 14, 7) : ctx.rect(bx - w / 2, by - 7, w, 14);
          ctx.fill(); ctx.fillStyle = '#fff'; ctx.fillText(label, bx, by + 0.5);
        }
        var cell = Math.floor(spot.x / CELL) + ',' + Math.floor(spot.y / CELL);
        (grid[cell] = grid[cell] || []).push(k);
      });
      window.pmMarkers = markers;
      window.pmShown = markers + drawLines(origin, scale);
      window.pmSpots = spots.length;
    }

    /* What is under a container point: the nearest spot within HIT pixels, else a line; null if nothing. */
    function hit(point) {
      if (!data) { return null; }
      var x = point.x + Math.round(map.getSize().x * PAD), y = point.y + Math.round(map.getSize().y * PAD);
      var cx = Math.floor(x / CELL), cy = Math.floor(y / CELL), best = null, bestD = HIT * HIT;
      for (var gx = cx - 1; gx <= cx + 1; gx++) {
        for (var gy = cy - 1; gy <= cy + 1; gy++) {
          (grid[gx + ',' + gy] || []).forEach(function (k) {
            var s = spots[k], d = (s.x - x) * (s.x - x) + (s.y - y) * (s.y - y);
            if (d <= bestD) { bestD = d; best = s; }
          });
        }
      }
      if (best) {
        if (!best.sorted) {  // by date, as the sources panel lists them; only for a spot someone points at
          var d0 = data.cols.d0;
          best.rows.sort(function (a, b) { return d0[a] - d0[b] || a - b; });
          best.sorted = true;
        }
        return {rows: best.rows, latlng: latLngOf(best.rows[0])};
      }
      var row = lineAt(x, y);
      return row === null ? null : {rows: [row], latlng: map.containerPointToLatLng(point)};
    }

    function latLngOf(row) { return L.latLng(data.cols.lat[row] / 1e5, data.cols.lon[row] / 1e5); }

    var hover = L.tooltip({direction: 'top', offset: [0, -10]}), hovering = null;
    map.on('mousemove', function (e) {
      var found = hit(e.containerPoint), rows = found && found.rows;
      map.getContainer().style.cursor = found ? 'pointer' : '';
      if (rows === hovering || (rows && hovering && rows.length === 1 && hovering.length === 1 &&
                                rows[0] === hovering[0])) { return; }
      hovering = rows;
      if (!found) { map.closeTooltip(hover); return; }
      var name = data.strings[data.cols.p0[rows[0]]];
      hover.setLatLng(found.latlng).setContent(text('span', rows.length > 1
        ? name + ' (' + rows.length + ' events)' : name));
      map.openTooltip(hover);
    });
    map.on('mouseout', function () { hovering = null; map.closeTooltip(hover); });
    map.on('click', function (e) {
      var found = hit(e.containerPoint);
      if (found) { select(found.rows, found.rows[0], found.latlng); }
    });
    map.on('moveend zoomend resize viewreset', draw);
    map.on('zoomanim', function (e) {
      if (!corner) { return; }
      var scale = map.getZoomScale(e.zoom);
      L.DomUtil.setTransform(canvas, map._latLngToNewLayerPoint(corner, e.zoom, e.center), scale);
    });

    /* Tests and the bench find a spot by its site's text: its container point, or null. */
    window.pmFind = function (words) {
      var size = map.getSize(), px = Math.round(size.x * PAD), py = Math.round(size.y * PAD);
      for (var k = 0; k < spots.length; k++) {
        var s = spots[k];
        if (s.rows.some(function (r) { return data.strings[data.cols.p0[r]].indexOf(words) >= 0; })) {
          return {x: s.x - px, y: s.y - py, events: s.rows.length};
        }
      }
      return null;
    };
    /* Tests find where the events whose site's text holds these words are drawn: [{lat, lon}, ...]. */
    window.pmPlacesOf = function (words) {
      var out = [];
      if (!data) { return out; }
      for (var r = 0; r < n; r++) {
        if (data.strings[data.cols.p0[r]].indexOf(words) >= 0) {
          out.push({lat: data.cols.lat[r] / 1e5, lon: data.cols.lon[r] / 1e5});
        }
      }
      return out;
    };
    /* Whether the canvas is painted at a container point (the icon is really there, not just counted). */
    window.pmPaintedAt = function (x, y) {
      var ratio = window.devicePixelRatio || 1, size = map.getSize();
      var px = (x + Math.round(size.x * PAD)) * ratio, py = (y + Math.round(size.y * PAD)) * ratio;
      return canvas.getContext('2d').getImageData(Math.round(px), Math.round(py), 1, 1).data[3] > 0;
    };

    window.pmWindow = function (first, last, undated) {
      wanted = [first, last, undated];
      if (!data) { return; }
      applyWindow();
      draw();
    };

    if (meta.gzip && typeof DecompressionStream === 'undefined') {
      var note = L.control({position: 'topright'});
      note.onAdd = function () {
        return text('div', 'This browser cannot unpack the events: please use a current browser.', 'pm-note');
      };
      note.addTo(map);
      return;
    }
    // each type's icon drawn once, from the same outline as the legend's (render.SHAPE_PATHS)
    sprites = styles.map(function (s) {
      var ratio = window.devicePixelRatio || 1, c = document.createElement('canvas');
      c.width = c.height = Math.ceil(SIZE * ratio);
      var ctx = c.getContext('2d'), path = new Path2D(s.path);
      ctx.scale(c.width / 22, c.height / 22);
      ctx.fillStyle = s.colour; ctx.fill(path);
      ctx.strokeStyle = meta.outline[0]; ctx.lineWidth = meta.outline[1]; ctx.stroke(path);
      return c;
    });

    function start(buffer) {
      var got = columns(buffer, meta.columns, n), lat = got.cols.lat, lon = got.cols.lon;
      var mx = new Float64Array(n), my = new Float64Array(n);
      for (var i = 0; i < n; i++) {  // Web Mercator, 0..1 across the world, as Leaflet's EPSG:3857
        var phi = Math.max(-85.0511287798, Math.min(85.0511287798, lat[i] / 1e5)) * Math.PI / 180;
        mx[i] = (lon[i] / 1e5 + 180) / 360;
        my[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
      }
      data = {strings: got.strings, cols: got.cols, mx: mx, my: my};
      shown = new Uint8Array(n);
      isLine = new Uint8Array(n);
      Object.keys(lineOf).forEach(function (key) {
        isLine[Number(key)] = 1;
        lineOf[key] = lineOf[key].map(function (p) { return [p[0] / 1e5, p[1] / 1e5]; });
      });
      times.unpacked = performance.now();
      applyWindow();
      draw();
      times.drawn = performance.now();
    }
    var buffer = unpack(blob, meta.gzip);
    if (buffer instanceof ArrayBuffer) { start(buffer); } else { buffer.then(start); }
  };
})();
