/* The live page: listens to /api/stream and redraws itself on every new snapshot. */
(function () {
  'use strict';

  var I = window.I18N;
  var C = window.Charts;
  var COLORS = {
    official: '#9e1b1e',
    probationary: '#e3a93b',
    coverage: '#2f7d6d',
    attendance: '#3566a8',
    superior: '#c98b2b',
    admissions: '#9e1b1e',
    transfersIn: '#3566a8',
    transfersOut: '#9aa7b8',
    rejected: '#b5523b',
    excellent: '#2f7d6d',
    good: '#6aa88f',
    completed: '#c7cfd9',
    notCompleted: '#b5523b',
    quality: '#6b4fa0'
  };

  /*
   * What tests and curious operators can read: the latest status from the event stream, the view
   * shown (one unit in one month, from /api/{level}) and how many of each arrived.
   */
  var state = window.pulse = { snapshot: null, view: null, received: 0, loads: 0, connected: false, renders: 0 };
  var LEVELS = ['province', 'district', 'commune', 'branch'];

  function $(id) { return document.getElementById(id); }

  function setText(id, value) {
    var node = $(id);
    if (!node) { return; }
    if (node.textContent !== value) {
      var had = node.textContent !== '—' && node.textContent.trim() !== '';
      node.textContent = value;
      if (had) { flash(node); }
    }
  }

  /* A short highlight on what just changed, so the eye finds it. */
  var quiet = false;
  function flash(node) {
    if (quiet) { return; }
    node.classList.remove('changed');
    void node.offsetWidth;
    node.classList.add('changed');
  }

  function translateStatic() {
    document.documentElement.lang = I.lang;
    document.title = I.t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (node) {
      node.textContent = I.t(node.getAttribute('data-i18n'));
    });
    Array.prototype.forEach.call(document.querySelectorAll('.lang button'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === I.lang));
    });
    showConnection();
  }

  function showConnection() {
    var live = $('live');
    live.className = 'live ' + (state.connected ? 'on' : state.snapshot ? 'lost' : 'connecting');
    $('live-text').textContent = I.t(state.connected ? 'live' : state.snapshot ? 'reconnecting' : 'connecting');
  }

  function share(part, whole) { return whole > 0 ? part / whole : null; }

  function renderCards(v) {
    var u = v.unit, cur = u.current, m = u.month;
    setText('kpi-membersActive', I.number(cur.membersActive));
    setText('kpi-membersActive-sub', v.children.length ? I.t('childUnits', { n: I.number(v.children.length) })
      : I.t('exempted', { n: I.number(cur.membersExempted) }));
    setText('kpi-membersOfficial', I.number(cur.membersOfficial));
    setText('kpi-membersOfficial-sub', I.t('shareOfMembers', { p: I.percent(share(cur.membersOfficial, cur.membersActive)) }));
    setText('kpi-membersProbationary', I.number(cur.membersProbationary));
    setText('kpi-membersProbationary-sub', I.t('shareOfMembers', { p: I.percent(share(cur.membersProbationary, cur.membersActive)) }));
    setText('kpi-branches', I.number(cur.branches));
    setText('kpi-branches-sub', I.t('branchKinds', {
      v: I.number(cur.branchesVillage), s: I.number(cur.branchesStreetGroup), o: I.number(cur.branchesOther)
    }));
    setText('kpi-month-label', I.t('monthOf', { m: I.month(v.month) }));
    setText('kpi-coverage', I.percent(m.regularMeetingCoverage));
    setText('kpi-coverage-sub', I.t('coverageSub', {
      b: I.number(m.branchesWithRegularMeeting), t: I.number(cur.branches), m: I.number(m.regularMeetings)
    }));
    setText('kpi-attendance', I.percent(m.attendanceRate));
    setText('kpi-attendance-sub', I.t('attendanceSub', { p: I.percent(m.superiorAttendanceRate) }));
    setText('kpi-flows-month', I.t('monthOf', { m: I.month(v.month) }));
    setText('kpi-admissions', I.number(m.admissions));
    setText('kpi-admissions-sub', I.t('flowsSub', { i: I.number(m.transfersIn), o: I.number(m.transfersOut) }));
    setText('kpi-atRisk', I.number(u.year.membersAtRisk));
    setText('kpi-atRisk-sub', I.t('atRiskSub', { y: v.year }));
  }

  var COLUMNS = [
    { field: 'membersActive', get: function (r) { return r.current.membersActive; }, kind: 'number', strong: true },
    { field: 'membersOfficial', get: function (r) { return r.current.membersOfficial; }, kind: 'number' },
    { field: 'membersProbationary', get: function (r) { return r.current.membersProbationary; }, kind: 'number' },
    { field: 'membersVillage', get: function (r) { return r.current.membersVillage; }, kind: 'number' },
    { field: 'membersStreetGroup', get: function (r) { return r.current.membersStreetGroup; }, kind: 'number' },
    { field: 'membersOther', get: function (r) { return r.current.membersOther; }, kind: 'number', groupEnd: true },
    { field: 'regularMeetings', get: function (r) { return r.month.regularMeetings; }, kind: 'number' },
    { field: 'regularMeetingCoverage', get: function (r) { return r.month.regularMeetingCoverage; }, kind: 'coverage' },
    { field: 'thematicMeetings', get: function (r) { return r.month.thematicMeetings; }, kind: 'number' },
    { field: 'attendanceRate', get: function (r) { return r.month.attendanceRate; }, kind: 'percent' },
    { field: 'meetingsWithSuperior', get: function (r) { return r.month.meetingsWithSuperior; }, kind: 'number', groupEnd: true },
    { field: 'qualityAverage', get: function (r) { return r.month.qualityAverage; }, kind: 'decimal' },
    { field: 'meetingsGood', get: function (r) { return r.month.meetingsGood; }, kind: 'number' },
    { field: 'meetingsFair', get: function (r) { return r.month.meetingsFair; }, kind: 'number' },
    { field: 'meetingsAverage', get: function (r) { return r.month.meetingsAverage; }, kind: 'number' },
    { field: 'meetingsPoor', get: function (r) { return r.month.meetingsPoor; }, kind: 'number', groupEnd: true, risk: true },
    { field: 'admissions', get: function (r) { return r.month.admissions; }, kind: 'number' },
    { field: 'transfersIn', get: function (r) { return r.month.transfersIn; }, kind: 'number' },
    { field: 'transfersOut', get: function (r) { return r.month.transfersOut; }, kind: 'number', groupEnd: true },
    { field: 'membersAtRisk', get: function (r) { return r.year.membersAtRisk; }, kind: 'number', risk: true }
  ];

  function cellText(col, row) {
    var v = col.get(row);
    if (col.kind === 'percent') { return I.percent(v); }
    if (col.kind === 'coverage') { return I.percent(v); }
    if (col.kind === 'decimal') { return I.decimal(v); }
    return I.number(v);
  }

  /* Writes one table row, reusing its cells so that changed figures can be highlighted. */
  function fillRow(tr, row, isProvince) {
    if (!tr.firstChild) {
      makeCells(tr, COLUMNS.map(function (col) {
        return { field: col.field,
          className: 'num' + (col.groupEnd ? ' group-end' : '') + (col.strong ? ' strong' : '') + (col.risk ? ' risk' : '') };
      }), isProvince ? 'th' : 'td');
      COLUMNS.forEach(function (col, i) {
        if (col.kind === 'coverage') {
          tr.children[i + 1].innerHTML = '<span class="meter"><span class="fill"></span></span><span class="val"></span><span class="of"></span>';
        }
      });
    }
    var cells = tr.children;
    if (isProvince) {
      var total = totalName(row.level);
      if (cells[0].textContent !== total) { cells[0].textContent = total; }
    } else {
      nameCell(cells[0], row);
    }
    COLUMNS.forEach(function (col, i) {
      var td = cells[i + 1];
      var value = col.get(row);
      td.setAttribute('data-value', value === null || value === undefined ? '' : String(value));
      if (col.kind === 'coverage') {
        var val = td.querySelector('.val');
        var text = cellText(col, row);
        if (val.textContent !== text) {
          var had = val.textContent !== '';
          val.textContent = text;
          if (had) { flash(td); }
        }
        td.querySelector('.of').textContent = I.number(row.month.branchesWithRegularMeeting) + '/' + I.number(row.current.branches);
        var pct = Math.max(0, Math.min(1, value || 0)) * 100;
        td.querySelector('.fill').style.width = pct.toFixed(1) + '%';
        td.querySelector('.fill').className = 'fill' + (value === null ? '' : value < 0.9 ? ' low' : '');
      } else {
        var t = cellText(col, row);
        if (td.textContent !== t) {
          var before = td.textContent;
          td.textContent = t;
          if (before !== '') { flash(td); }
        }
        if (col.risk) { td.classList.toggle('has-risk', (value || 0) > 0); }
      }
    });
  }

  /* The name of a unit as a link to its own view: drilling down is following it. */
  function nameCell(td, row) {
    var href = '?' + viewQuery({ level: row.level, code: row.code, month: view.month }).toString();
    var a = td.firstChild;
    if (!a || a.nodeName !== 'A') {
      td.textContent = '';
      a = document.createElement('a');
      a.className = 'drill';
      td.appendChild(a);
    }
    a.setAttribute('href', href);
    a.setAttribute('data-level', row.level);
    a.setAttribute('data-code', row.code);
    if (a.textContent !== row.name) { a.textContent = row.name; }
    while (a.nextSibling) { td.removeChild(a.nextSibling); }
    td.title = row.code;
  }

  function totalName(level) {
    return level === 'province' ? I.t('province') : I.t('totalOf_' + level);
  }

  /* Puts rows in a body in order, reusing each unit's row (a Map by code: codes are data, never property names). */
  function placeRows(body, rows, make, fill) {
    var existing = new Map();
    Array.prototype.forEach.call(body.children, function (tr) { existing.set(tr.getAttribute('data-code'), tr); });
    rows.forEach(function (row, i) {
      var tr = existing.get(row.code);
      if (!tr) {
        tr = make();
        tr.setAttribute('data-code', row.code);
      }
      existing.delete(row.code);
      tr.setAttribute('data-level', row.level);
      fill(tr, row);
      if (body.children[i] !== tr) { body.insertBefore(tr, body.children[i] || null); }
    });
    existing.forEach(function (tr) { body.removeChild(tr); });
  }

  var BRANCH_COLUMNS = [
    { field: 'membersActive', text: function (r) { return I.number(r.current.membersActive); } },
    { field: 'regularHeld', text: function (r) { return I.t(r.month.regularMeetings > 0 ? 'held' : 'notHeld'); },
      flag: function (r) { return r.month.regularMeetings > 0 ? 'ok' : 'missing'; } },
    { field: 'thematicMeetings', text: function (r) { return I.number(r.month.thematicMeetings); } },
    { field: 'attendance', text: function (r) {
      return r.month.membersExpected > 0
        ? I.number(r.month.membersPresent) + '/' + I.number(r.month.membersExpected) + ' (' + I.percent(r.month.attendanceRate) + ')'
        : '—';
    } },
    { field: 'superior', text: function (r) { return meetingsWith(r, r.month.meetingsWithSuperior); } },
    { field: 'selfCriticism', text: function (r) { return meetingsWith(r, r.month.meetingsWithSelfCriticism); } },
    { field: 'quality', text: function (r) {
      var m = r.month;
      if (!m.meetingsScored) { return m.regularMeetings + m.thematicMeetings > 0 ? I.t('notScored') : '—'; }
      return I.decimal(m.qualityAverage) + ' · ' + I.t('qualityBands', {
        g: I.number(m.meetingsGood), f: I.number(m.meetingsFair), a: I.number(m.meetingsAverage), p: I.number(m.meetingsPoor)
      });
    } },
    { field: 'membersAtRisk', text: function (r) { return I.number(r.year.membersAtRisk); }, risk: true }
  ];

  /* "Có" for a branch's one meeting, else how many of its meetings. */
  function meetingsWith(r, count) {
    var meetings = r.month.regularMeetings + r.month.thematicMeetings;
    if (meetings === 0) { return '—'; }
    if (meetings === 1) { return I.t(count > 0 ? 'yes' : 'no'); }
    return I.number(count) + '/' + I.number(meetings);
  }

  /* A row's cells, made once: the unit's name (a td, or the th of a total row), then one per field ({field, className}). */
  function makeCells(tr, cells, nameTag) {
    if (tr.firstChild) { return; }
    var name = document.createElement(nameTag || 'td');
    name.className = 'name';
    name.setAttribute('data-field', 'name');
    tr.appendChild(name);
    cells.forEach(function (c) {
      var td = document.createElement('td');
      td.setAttribute('data-field', c.field);
      td.className = c.className;
      tr.appendChild(td);
    });
  }

  function fillBranchRow(tr, row) {
    makeCells(tr, BRANCH_COLUMNS.map(function (col) {
      return { field: col.field, className: 'num' + (col.risk ? ' risk' : '') };
    }));
    nameCell(tr.children[0], row);
    var kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = I.t('kind_' + row.kind);
    tr.children[0].appendChild(kind);
    BRANCH_COLUMNS.forEach(function (col, i) {
      var td = tr.children[i + 1];
      var t = col.text(row);
      if (td.textContent !== t) {
        var before = td.textContent;
        td.textContent = t;
        if (before !== '') { flash(td); }
      }
      if (col.flag) { td.setAttribute('data-flag', col.flag(row)); }
      if (col.risk) { td.classList.toggle('has-risk', row.year.membersAtRisk > 0); }
    });
  }

  function renderTable(v) {
    var level = v.unit.level;
    var branches = level === 'commune' || level === 'branch';
    setText('table-title', I.t('tableOf_' + level));
    setText('table-month', I.t('monthOf', { m: I.month(v.month) }));
    $('units').hidden = branches;
    $('branches').hidden = !branches;
    if (branches) {
      placeRows($('branch-rows'), level === 'branch' ? [v.unit] : v.children,
        function () { return document.createElement('tr'); }, fillBranchRow);
      return;
    }
    placeRows($('unit-rows'), v.children, function () { return document.createElement('tr'); },
      function (tr, row) { fillRow(tr, row, false); });
    var foot = $('total-row');
    var ptr = foot.firstChild;
    if (!ptr) {
      ptr = document.createElement('tr');
      ptr.setAttribute('data-code', '*');
      foot.appendChild(ptr);
    }
    fillRow(ptr, v.unit, true);
  }

  function renderCharts(v, s) {
    var rows = v.unit.level === 'branch' ? [v.unit] : v.children;
    var membersSeries = [
      { label: I.t('official'), color: COLORS.official },
      { label: I.t('probationary'), color: COLORS.probationary }
    ];
    C.legend($('legend-members'), membersSeries);
    C.hbars($('chart-members'), {
      rows: rows.map(function (d) {
        return { key: d.code, label: d.name, values: [d.current.membersOfficial, d.current.membersProbationary] };
      }),
      series: membersSeries, format: I.number, rowHeight: 30, empty: I.t('noData')
    });

    setText('chart-meetings-month', I.t('monthOf', { m: I.month(v.month) }));
    var meetingSeries = [
      { label: I.t('coverageSeries'), color: COLORS.coverage },
      { label: I.t('attendanceSeries'), color: COLORS.attendance }
    ];
    C.legend($('legend-meetings'), meetingSeries);
    C.hbars($('chart-meetings'), {
      rows: rows.map(function (d) {
        return { key: d.code, label: d.name, values: [d.month.regularMeetingCoverage, d.month.attendanceRate] };
      }),
      series: meetingSeries, stacked: false, max: 1, format: I.percent, rowHeight: 30, valueWidth: 64,
      tickFormat: function (x) { return I.percent(x).replace(/[,.]0(?=\D*$)/, ''); }, empty: I.t('noData')
    });

    var labels = v.trend.map(function (m) { return I.shortMonth(m.month); });
    var rateSeries = [
      // a month without a single meeting recorded has no figures yet: a gap, not a fall to 0 %
      { label: I.t('coverageSeries'), color: COLORS.coverage, values: v.trend.map(function (m) {
        return m.regularMeetings + m.thematicMeetings > 0 ? m.regularMeetingCoverage : null;
      }) },
      { label: I.t('attendanceSeries'), color: COLORS.attendance, values: v.trend.map(function (m) { return m.attendanceRate; }) },
      { label: I.t('superiorSeries'), color: COLORS.superior, values: v.trend.map(function (m) { return m.superiorAttendanceRate; }) }
    ];
    C.legend($('legend-trend-rates'), rateSeries);
    C.lines($('chart-trend-rates'), {
      labels: labels, series: rateSeries, min: 0, max: 1,
      format: function (x) { return I.percent(x).replace(/[,.]0(?=\D*$)/, ''); }
    });
    var flowSeries = [
      { label: I.t('admissions'), color: COLORS.admissions, values: v.trend.map(function (m) { return m.admissions; }) },
      { label: I.t('transfersIn'), color: COLORS.transfersIn, values: v.trend.map(function (m) { return m.transfersIn; }) },
      { label: I.t('transfersOut'), color: COLORS.transfersOut, values: v.trend.map(function (m) { return m.transfersOut; }) }
    ];
    C.legend($('legend-trend-flows'), flowSeries);
    C.columns($('chart-trend-flows'), { labels: labels, series: flowSeries, format: I.number });

    setText('grades-year', I.t('yearOf', { y: v.year }));
    var y = v.unit.year;
    var gradeRows = [
      { key: 'gradedExcellent', color: COLORS.excellent, v: y.gradedExcellent },
      { key: 'gradedGood', color: COLORS.good, v: y.gradedGood },
      { key: 'gradedCompleted', color: COLORS.completed, v: y.gradedCompleted },
      { key: 'gradedNotCompleted', color: COLORS.notCompleted, v: y.gradedNotCompleted }
    ];
    var graded = gradeRows.reduce(function (a, g) { return a + g.v; }, 0);
    if (graded === 0) {
      C.hbars($('chart-grades'), { rows: [], series: [], format: I.number, empty: I.t('noGrades', { y: v.year }) });
    } else {
      C.hbars($('chart-grades'), {
        rows: gradeRows.map(function (g) { return { key: g.key, label: I.t(g.key), values: [g.v] }; }),
        series: [{ label: I.t('grades'), color: COLORS.excellent }],
        format: I.number, rowHeight: 34, valueWidth: 170
      });
      // colour each grade's bar and add its share after the count
      Array.prototype.forEach.call($('chart-grades').querySelectorAll('g.row'), function (g, i) {
        g.querySelector('rect').setAttribute('fill', gradeRows[i].color);
        var t = g.querySelector('text.value');
        t.textContent = I.number(gradeRows[i].v) + ' · ' + I.percent(gradeRows[i].v / graded) + ' · ' +
          I.percent(share(gradeRows[i].v, v.unit.current.membersActive));
      });
    }
    setText('grades-graded', I.t('gradedOf', {
      g: I.number(graded), a: I.number(v.unit.current.membersActive), p: I.percent(share(graded, v.unit.current.membersActive))
    }));
    renderQuality(v);
  }

  /* The month's meeting quality by band, and the 12-month trend of the average score (out of 100). */
  function renderQuality(v) {
    var m = v.unit.month, b = v.qualityBands;
    setText('quality-month', m.meetingsScored
      ? I.t('qualityMonth', { m: I.month(v.month), s: I.decimal(m.qualityAverage), n: I.number(m.meetingsScored) }) + ' · ' +
        I.t('qualityBands', { g: I.number(m.meetingsGood), f: I.number(m.meetingsFair), a: I.number(m.meetingsAverage), p: I.number(m.meetingsPoor) })
      : I.t('qualityNone', { m: I.month(v.month) }));
    var series = [{ label: I.t('qualityAverage'), color: COLORS.quality,
      values: v.trend.map(function (t) { return t.qualityAverage; }) }];
    C.lines($('chart-trend-quality'), {
      labels: v.trend.map(function (t) { return I.shortMonth(t.month); }), series: series, min: 0, max: 100,
      format: function (x) { return I.decimal(x).replace(/[,.]0$/, ''); }
    });
    // the band headings say the rules' own thresholds (PartyRules via the API)
    [['good', I.t('bandGood', { g: b.good })], ['fair', I.t('bandFair', { f: b.fair, g: b.good - 1 })],
      ['average', I.t('bandAverage', { a: b.average, f: b.fair - 1 })], ['poor', I.t('bandPoor', { a: b.average })]]
      .forEach(function (pair) {
        Array.prototype.forEach.call(document.querySelectorAll('th.band-' + pair[0]), function (th) { th.textContent = pair[1]; });
      });
  }

  /* The branches to look at in the month: no regular meeting, no thematic one in the quarter, a poor meeting, members at risk. */
  function renderWatchList(v) {
    var w = v.watchList;
    setText('watch-month', I.t('monthOf', { m: I.month(v.month) }));
    $('watch-th-district').hidden = v.unit.level !== 'province' || !v.provinceHasDistricts;
    setText('watch-th-thematic', I.t('watchNoThematic', { q: w.quarter.replace(/^(\d+)-Q(\d)$/, '$2/$1') }));
    setText('watch-th-atRisk', I.t('watchAtRisk', { y: v.year }));
    var count = function (f) { return w.entries.filter(f).length; };
    setText('watch-summary', I.t('watchSummary', {
      n: I.number(w.entries.length), t: I.number(w.branches),
      r: I.number(count(function (e) { return e.noRegularMeeting; })),
      q: I.number(count(function (e) { return e.noThematicMeetingInQuarter; })),
      p: I.number(count(function (e) { return e.meetingsPoor > 0; })),
      k: I.number(count(function (e) { return e.membersAtRisk > 0; }))
    }));
    $('watch-empty').hidden = w.entries.length > 0;
    setText('watch-empty', w.entries.length ? '' : I.t('watchEmpty'));
    var showDistrict = !$('watch-th-district').hidden;
    placeRows($('watch-rows'), w.entries.map(function (e) {
      return { level: 'branch', code: e.branchId, name: e.branchName, entry: e };
    }), function () { return document.createElement('tr'); }, function (tr, row) {
      var e = row.entry;
      var cells = [
        ['commune', e.communeName, ''],
        ['district', e.districtName || '—', ''],
        ['noRegularMeeting', I.t(e.noRegularMeeting ? 'notHeld' : 'held'), e.noRegularMeeting ? 'missing' : 'ok'],
        ['noThematicMeetingInQuarter', e.noThematicMeetingInQuarter ? I.t('notHeld') : I.number(e.thematicMeetingsInQuarter),
          e.noThematicMeetingInQuarter ? 'missing' : 'ok'],
        ['meetingsPoor', I.number(e.meetingsPoor), e.meetingsPoor > 0 ? 'missing' : ''],
        ['membersAtRisk', I.number(e.membersAtRisk), e.membersAtRisk > 0 ? 'missing' : '']
      ];
      makeCells(tr, cells.map(function (c) {
        return { field: c[0], className: c[0] === 'commune' || c[0] === 'district' ? 'place' : 'num' };
      }));
      nameCell(tr.children[0], row);
      cells.forEach(function (c, i) {
        var td = tr.children[i + 1];
        if (td.textContent !== c[1]) { td.textContent = c[1]; }
        td.setAttribute('data-flag', c[2]);
        if (c[0] === 'district') { td.hidden = !showDistrict; }
      });
    });
  }

  /* Each table's Excel and CSV downloads, for the view shown (GET /api/export, same level, code and month). */
  function renderExports(v) {
    Array.prototype.forEach.call(document.querySelectorAll('.exports'), function (box) {
      if (!box.firstChild) {
        ['xlsx', 'csv'].forEach(function (format) {
          var a = document.createElement('a');
          a.className = 'export';
          a.setAttribute('data-format', format);
          a.setAttribute('download', '');
          box.appendChild(a);
        });
      }
      Array.prototype.forEach.call(box.children, function (a) {
        var q = new URLSearchParams();
        q.set('view', box.getAttribute('data-export'));
        q.set('level', v.unit.level);
        if (v.unit.level !== 'province') { q.set('code', v.unit.code); }
        q.set('month', v.month);
        q.set('format', a.getAttribute('data-format'));
        a.setAttribute('href', '/api/export?' + q.toString());
        a.textContent = I.t('export_' + a.getAttribute('data-format'));
        a.title = I.t('exportTitle');
      });
    });
  }

  function renderRejections(s) {
    setText('rejections-total', I.number(s.rejections.total));
    $('rejections-total').classList.toggle('zero', s.rejections.total === 0);
    C.hbars($('chart-rejections'), {
      rows: s.rejections.byReason.map(function (r) {
        return { key: r.reason, label: I.reason(r.reason), values: [r.count] };
      }),
      series: [{ label: I.t('rejectedEvents'), color: COLORS.rejected }],
      format: I.number, rowHeight: 28, empty: I.t('noRejections')
    });
    // Events still waiting for their branch may yet be refused: say so, or the counts look final.
    var waiting = s.rejections.waiting || 0;
    $('rejections-waiting').hidden = waiting === 0;
    setText('rejections-waiting', waiting === 0 ? '' : I.t('waitingForReference', { n: I.number(waiting) }));
  }

  /* The level switch and the path back up: each unit above is a link to its view. */
  function renderNavigation(v) {
    var inPath = new Map();
    v.path.forEach(function (step) { inPath.set(step.level, step); });
    Array.prototype.forEach.call(document.querySelectorAll('#levels button'), function (b) {
      var level = b.getAttribute('data-level');
      b.hidden = level === 'district' && !v.provinceHasDistricts && !inPath.has('district');
      b.disabled = !inPath.has(level);
      b.setAttribute('aria-pressed', String(level === v.unit.level));
    });
    var crumbs = $('crumbs');
    crumbs.textContent = '';
    v.path.forEach(function (step) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.className = 'drill';
      a.setAttribute('href', '?' + viewQuery({ level: step.level, code: step.code, month: v.month }).toString());
      a.setAttribute('data-level', step.level);
      a.setAttribute('data-code', step.code);
      a.textContent = step.level === 'province' ? I.t('province') : step.name;
      if (step.level === v.unit.level) { a.setAttribute('aria-current', 'page'); }
      li.appendChild(a);
      crumbs.appendChild(li);
    });
    $('month-picker').value = v.month;
  }

  function renderStatus(s) {
    setText('last-changed', I.dateTime(s.lastChanged || s.generatedAt));
    var notice = $('notice');
    if (s.sources.postgres !== 'UP') {
      notice.textContent = I.t('sourceDown');
      notice.hidden = false;
    } else if (!view.found) {
      notice.textContent = I.t('notFound');
      notice.hidden = false;
    } else {
      notice.hidden = true;
    }
    $('foot-sources').textContent = I.t('footPostgres', { s: I.t(s.sources.postgres) }) + ' · ' +
      I.t('footStreams', { s: I.t(s.sources.streams) });
    renderReconciliation(s.reconciliation);
  }

  /* The last ./pulse reconcile: whether PostgreSQL agreed with the event log, and when. */
  function renderReconciliation(r) {
    var foot = $('foot-reconcile');
    foot.classList.toggle('differed', !!r && r.agreed === false);
    if (!r) {
      foot.textContent = I.t('reconcileNever');
      return;
    }
    var verdict = r.agreed === true ? I.t('reconcileAgreed', { n: I.number(r.cellsChecked) })
      : r.agreed === false ? I.t('reconcileDiffered', { n: I.number(r.differences) })
        : I.t('reconcileNoVerdict');
    foot.textContent = I.t('reconcileLast', { t: I.dateTime(r.finishedAt, true), v: verdict });
    foot.title = r.note || '';
  }

  function render() {
    var s = state.snapshot, v = state.view;
    if (s) {
      renderStatus(s);
      renderRejections(s);
    }
    if (v) {
      renderNavigation(v);
      renderCards(v);
      renderTable(v);
      renderWatchList(v);
      renderExports(v);
      renderCharts(v, s);
    }
    if (s && v) {
      state.renders++;
      document.body.setAttribute('data-version', String(s.version));
    }
  }

  /* --- the view: level, unit and month, kept in the URL so that it can be shared ------------ */

  var view = readUrl();

  function readUrl() {
    var q = new URLSearchParams(window.location.search);
    var level = q.get('level');
    if (LEVELS.indexOf(level) < 0) { level = 'province'; }
    var month = q.get('month');
    return {
      level: level,
      code: level === 'province' ? '' : (q.get('code') || ''),
      month: /^\d{4}-\d{2}$/.test(month || '') ? month : null,
      found: true
    };
  }

  function viewQuery(v) {
    var q = new URLSearchParams(window.location.search);
    q.set('level', v.level);
    if (v.level === 'province') { q.delete('code'); } else { q.set('code', v.code); }
    if (v.month) { q.set('month', v.month); } else { q.delete('month'); }
    return q;
  }

  function go(next) {
    view = { level: next.level, code: next.code, month: next.month, found: true };
    window.history.pushState(null, '', '?' + viewQuery(view).toString());
    load();
  }

  var loading = 0;

  /* Reads the view's unit; an answer that a newer request overtook is dropped. */
  function load() {
    var ticket = ++loading;
    var q = new URLSearchParams();
    if (view.level !== 'province') { q.set('code', view.code); }
    if (view.month) { q.set('month', view.month); }
    var figures = state.snapshot ? state.snapshot.figures : null;
    return fetch('/api/' + view.level + '?' + q.toString(), { headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (r.status === 404) { return null; }
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (body) {
        if (ticket !== loading) { return; }
        state.loads++;
        state.loadedFigures = figures;
        view.found = body !== null;
        if (body) {
          state.view = body;
          if (!view.month) {
            // the current month, from the server's clock in Vietnam: written down so that the link can be shared
            view.month = body.month;
            window.history.replaceState(null, '', '?' + viewQuery(view).toString());
          }
        }
        render();
      })
      .catch(function () {
        // the figures may not change for a while: try again shortly rather than wait for the next event
        state.loadedFigures = null;
        if (ticket === loading) { window.setTimeout(load, 1000); }
      });
  }

  document.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('a.drill') : null;
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) { return; }
    e.preventDefault();
    go({ level: a.getAttribute('data-level'), code: a.getAttribute('data-code'), month: view.month });
  });

  Array.prototype.forEach.call(document.querySelectorAll('#levels button'), function (b) {
    b.addEventListener('click', function () {
      var level = b.getAttribute('data-level');
      var step = state.view && state.view.path.filter(function (p) { return p.level === level; })[0];
      if (step) { go({ level: step.level, code: step.code, month: view.month }); }
    });
  });

  $('month-picker').addEventListener('change', function () {
    var month = $('month-picker').value;
    if (/^\d{4}-\d{2}$/.test(month)) { go({ level: view.level, code: view.code, month: month }); }
  });

  window.addEventListener('popstate', function () {
    view = readUrl();
    load();
  });

  /* --- live updates ------------------------------------------------------ */

  var source = null;
  var retryDelay = 1000;

  function connect() {
    source = new EventSource('/api/stream');
    source.onopen = function () {
      state.connected = true;
      retryDelay = 1000;
      showConnection();
    };
    source.addEventListener('snapshot', function (e) {
      state.snapshot = JSON.parse(e.data);
      state.received++;
      state.connected = true;
      showConnection();
      // the figures moved in PostgreSQL: read the view again, without a reload
      if (state.snapshot.figures !== state.loadedFigures) {
        load();
      } else {
        render();
      }
    });
    source.onerror = function () {
      state.connected = false;
      showConnection();
      // The browser retries by itself while the stream is CONNECTING; once CLOSED it gives up, so start over.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        window.setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 15000);
      }
    };
  }

  Array.prototype.forEach.call(document.querySelectorAll('.lang button'), function (b) {
    b.addEventListener('click', function () {
      I.set(b.getAttribute('data-lang'));
      translateStatic();
      // figures flash when they change, not when the language does
      $('unit-rows').textContent = '';
      $('total-row').textContent = '';
      $('branch-rows').textContent = '';
      $('watch-rows').textContent = '';
      quiet = true;
      try { render(); } finally { quiet = false; }
    });
  });

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { if (state.view) { renderCharts(state.view, state.snapshot); } }, 150);
  });

  // A page kept in the back-forward cache must not hold its stream open: browsers allow only six
  // connections per host, and a few cached pages would starve the one in front.
  window.addEventListener('pagehide', function () { if (source) { source.close(); } });
  window.addEventListener('pageshow', function (e) { if (e.persisted) { connect(); } });

  translateStatic();
  connect();
}());
