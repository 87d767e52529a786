/* A few small SVG charts, drawn by hand: horizontal bars, columns and lines. */
(function () {
  'use strict';

  var NS = 'http://www.w3.org/2000/svg';

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function text(parent, x, y, content, attrs) {
    var t = el('text', Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = content;
    return t;
  }

  function title(parent, content) {
    el('title', null, parent).textContent = content;
  }

  function svgFor(container, height) {
    var width = Math.max(280, Math.floor(container.clientWidth || 600));
    container.textContent = '';
    var svg = el('svg', {
      viewBox: '0 0 ' + width + ' ' + height, width: width, height: height,
      role: 'img', 'class': 'svg-chart'
    }, container);
    return { svg: svg, width: width, height: height };
  }

  /* A round step so that about `count` ticks cover 0..max. */
  function niceStep(max, count) {
    if (max <= 0) { return 1; }
    var raw = max / count;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var norm = raw / mag;
    var step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    return step * mag;
  }

  function ticks(min, max, count) {
    var step = niceStep(max - min, count);
    var out = [];
    for (var v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
      out.push(Math.round(v / step) * step);
    }
    return out;
  }

  var measure = document.createElement('canvas').getContext('2d');

  /* Width of a label in the page's own font, so that long Vietnamese names are never cut. */
  function textWidth(s, size) {
    measure.font = size + 'px ' + window.getComputedStyle(document.body).fontFamily;
    return measure.measureText(String(s)).width;
  }

  /*
   * Horizontal bars, one row per item, the series stacked (stacked: true) or side by side.
   * opts: rows [{label, values[], key}], series [{label, color}], format(v), max, rowHeight.
   */
  function hbars(container, opts) {
    var rows = opts.rows || [];
    var series = opts.series;
    if (!rows.length) {
      var blank = svgFor(container, 60);
      text(blank.svg, blank.width / 2, 36, opts.empty || '', { 'class': 'empty', 'text-anchor': 'middle' });
      return;
    }
    var stacked = opts.stacked !== false;
    var rowH = opts.rowHeight || (stacked ? 28 : 14 * series.length + 12);
    var top = 22;
    var bottom = 6;
    var height = top + rows.length * rowH + bottom;
    var c = svgFor(container, Math.max(height, 60));
    var labelW = Math.min(c.width * 0.45, Math.max(70, Math.max.apply(null, rows.map(function (r) {
      return textWidth(r.label, 12.5);
    }).concat([0])) + 16));
    var valueW = opts.valueWidth || 78;
    var x0 = labelW;
    var plotW = c.width - labelW - valueW;
    var max = opts.max;
    if (max === undefined) {
      max = 0;
      rows.forEach(function (r) {
        var total = stacked ? r.values.reduce(function (a, b) { return a + (b || 0); }, 0)
          : Math.max.apply(null, r.values.map(function (v) { return v || 0; }));
        max = Math.max(max, total);
      });
      max = max || 1;
      var tk = ticks(0, max, 4);
      max = Math.max(max, tk[tk.length - 1]);
    }
    var grid = el('g', { 'class': 'grid' }, c.svg);
    ticks(0, max, 4).forEach(function (v) {
      var x = x0 + plotW * v / max;
      el('line', { x1: x, x2: x, y1: top - 4, y2: height - bottom, 'class': 'gridline' }, grid);
      text(grid, x, top - 9, opts.tickFormat ? opts.tickFormat(v) : opts.format(v), { 'class': 'tick', 'text-anchor': 'middle' });
    });
    rows.forEach(function (r, i) {
      var y = top + i * rowH;
      var g = el('g', { 'class': 'row', 'data-key': r.key || r.label }, c.svg);
      text(g, labelW - 10, y + rowH / 2 + 4, r.label, { 'class': 'label', 'text-anchor': 'end' });
      if (stacked) {
        var x = x0;
        var barH = rowH - 10;
        r.values.forEach(function (v, k) {
          var w = plotW * (v || 0) / max;
          var rect = el('rect', { x: x, y: y + 5, width: Math.max(0, w), height: barH, rx: 3, fill: series[k].color }, g);
          title(rect, r.label + ' · ' + series[k].label + ': ' + opts.format(v || 0));
          x += w;
        });
        var total = r.values.reduce(function (a, b) { return a + (b || 0); }, 0);
        text(g, x + 6, y + rowH / 2 + 4, opts.format(total), { 'class': 'value' });
      } else {
        var bh = 11;
        var gap = 3;
        var start = y + (rowH - (series.length * bh + (series.length - 1) * gap)) / 2;
        r.values.forEach(function (v, k) {
          var by = start + k * (bh + gap);
          var w = v === null || v === undefined ? 0 : plotW * Math.min(v, max) / max;
          el('rect', { x: x0, y: by, width: plotW, height: bh, rx: 2, 'class': 'track' }, g);
          var rect = el('rect', { x: x0, y: by, width: Math.max(0, w), height: bh, rx: 2, fill: series[k].color }, g);
          title(rect, r.label + ' · ' + series[k].label + ': ' + opts.format(v));
          text(g, x0 + plotW + 6, by + bh - 1.5, opts.format(v), { 'class': 'value small' });
        });
      }
    });
  }

  /* Grouped columns per label. opts: labels[], series [{label, color, values[]}], format(v). */
  function columns(container, opts) {
    var c = svgFor(container, opts.height || 250);
    var left = 44, right = 10, top = 14, bottom = 28;
    var plotW = c.width - left - right;
    var plotH = c.height - top - bottom;
    var max = 0;
    opts.series.forEach(function (s) { s.values.forEach(function (v) { max = Math.max(max, v || 0); }); });
    var tk = ticks(0, Math.max(max, 1), 4);
    max = Math.max(max, tk[tk.length - 1], 1);
    var grid = el('g', { 'class': 'grid' }, c.svg);
    tk.forEach(function (v) {
      var y = top + plotH - plotH * v / max;
      el('line', { x1: left, x2: left + plotW, y1: y, y2: y, 'class': 'gridline' }, grid);
      text(grid, left - 6, y + 4, opts.format(v), { 'class': 'tick', 'text-anchor': 'end' });
    });
    var n = opts.labels.length;
    var slot = plotW / Math.max(n, 1);
    var groupW = slot * 0.74;
    var barW = groupW / opts.series.length;
    opts.labels.forEach(function (label, i) {
      var gx = left + i * slot + (slot - groupW) / 2;
      opts.series.forEach(function (s, k) {
        var v = s.values[i] || 0;
        var h = plotH * v / max;
        var rect = el('rect', {
          x: gx + k * barW + 0.5, y: top + plotH - h, width: Math.max(1, barW - 1), height: h, rx: 2, fill: s.color
        }, c.svg);
        title(rect, label + ' · ' + s.label + ': ' + opts.format(v));
      });
      text(c.svg, left + i * slot + slot / 2, c.height - 9, label, { 'class': 'tick', 'text-anchor': 'middle' });
    });
  }

  /* Lines over labels. opts: labels[], series [{label, color, values[] (null = no figure)}], format(v), min, max. */
  function lines(container, opts) {
    var c = svgFor(container, opts.height || 250);
    var left = 52, right = 16, top = 14, bottom = 28;
    var plotW = c.width - left - right;
    var plotH = c.height - top - bottom;
    var lo = opts.min, hi = opts.max;
    var all = [];
    opts.series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && v !== undefined) { all.push(v); } }); });
    if (lo === undefined) { lo = all.length ? Math.max(0, Math.floor((Math.min.apply(null, all) - 0.05) * 10) / 10) : 0; }
    if (hi === undefined) { hi = all.length ? Math.max.apply(null, all) : 1; }
    if (hi <= lo) { hi = lo + 1; }
    var tk = ticks(lo, hi, 4);
    var grid = el('g', { 'class': 'grid' }, c.svg);
    function yOf(v) { return top + plotH - plotH * (v - lo) / (hi - lo); }
    tk.forEach(function (v) {
      var y = yOf(v);
      el('line', { x1: left, x2: left + plotW, y1: y, y2: y, 'class': 'gridline' }, grid);
      text(grid, left - 6, y + 4, opts.format(v), { 'class': 'tick', 'text-anchor': 'end' });
    });
    var n = opts.labels.length;
    var slot = plotW / Math.max(n, 1);
    function xOf(i) { return left + i * slot + slot / 2; }
    opts.labels.forEach(function (label, i) {
      text(c.svg, xOf(i), c.height - 9, label, { 'class': 'tick', 'text-anchor': 'middle' });
    });
    opts.series.forEach(function (s) {
      var d = '';
      var pen = false;
      s.values.forEach(function (v, i) {
        if (v === null || v === undefined) { pen = false; return; }
        d += (pen ? 'L' : 'M') + xOf(i).toFixed(1) + ' ' + yOf(v).toFixed(1);
        pen = true;
      });
      if (d) {
        el('path', { d: d, fill: 'none', stroke: s.color, 'stroke-width': 2.5, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }, c.svg);
      }
      s.values.forEach(function (v, i) {
        if (v === null || v === undefined) { return; }
        var dot = el('circle', { cx: xOf(i), cy: yOf(v), r: 3.6, fill: '#fff', stroke: s.color, 'stroke-width': 2 }, c.svg);
        title(dot, opts.labels[i] + ' · ' + s.label + ': ' + opts.format(v));
      });
    });
  }

  /* A legend: coloured squares and names. */
  function legend(container, series) {
    container.textContent = '';
    series.forEach(function (s) {
      var item = document.createElement('span');
      item.className = 'legend-item';
      var sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = s.color;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(s.label));
      container.appendChild(item);
    });
  }

  window.Charts = { hbars: hbars, columns: columns, lines: lines, legend: legend };
}());
