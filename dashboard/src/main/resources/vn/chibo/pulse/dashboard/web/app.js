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
    notCompleted: '#b5523b'
  };

  /* What tests and curious operators can read: the latest snapshot and how many arrived. */
  var state = window.pulse = { snapshot: null, received: 0, connected: false, renders: 0 };

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

  function renderCards(s) {
    var p = s.province, cur = p.current, m = p.month;
    setText('kpi-membersActive', I.number(cur.membersActive));
    setText('kpi-membersActive-sub', I.t('districtsUnits', { n: I.number(p.districts) }));
    setText('kpi-membersOfficial', I.number(cur.membersOfficial));
    setText('kpi-membersOfficial-sub', I.t('shareOfMembers', { p: I.percent(share(cur.membersOfficial, cur.membersActive)) }));
    setText('kpi-membersProbationary', I.number(cur.membersProbationary));
    setText('kpi-membersProbationary-sub', I.t('shareOfMembers', { p: I.percent(share(cur.membersProbationary, cur.membersActive)) }));
    setText('kpi-branches', I.number(cur.branches));
    setText('kpi-branches-sub', I.t('branchKinds', {
      v: I.number(cur.branchesVillage), s: I.number(cur.branchesStreetGroup), o: I.number(cur.branchesOther)
    }));
    setText('kpi-month-label', I.t('monthOf', { m: I.month(s.month) }));
    setText('kpi-coverage', I.percent(m.regularMeetingCoverage));
    setText('kpi-coverage-sub', I.t('coverageSub', {
      b: I.number(m.branchesWithRegularMeeting), t: I.number(cur.branches), m: I.number(m.regularMeetings)
    }));
    setText('kpi-attendance', I.percent(m.attendanceRate));
    setText('kpi-attendance-sub', I.t('attendanceSub', { p: I.percent(m.superiorAttendanceRate) }));
    setText('kpi-flows-month', I.t('monthOf', { m: I.month(s.month) }));
    setText('kpi-admissions', I.number(m.admissions));
    setText('kpi-admissions-sub', I.t('flowsSub', { i: I.number(m.transfersIn), o: I.number(m.transfersOut) }));
    setText('kpi-atRisk', I.number(p.year.membersAtRisk));
    setText('kpi-atRisk-sub', I.t('atRiskSub', { y: s.year }));
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
    { field: 'admissions', get: function (r) { return r.month.admissions; }, kind: 'number' },
    { field: 'transfersIn', get: function (r) { return r.month.transfersIn; }, kind: 'number' },
    { field: 'transfersOut', get: function (r) { return r.month.transfersOut; }, kind: 'number', groupEnd: true },
    { field: 'membersAtRisk', get: function (r) { return r.year.membersAtRisk; }, kind: 'number', risk: true }
  ];

  function cellText(col, row) {
    var v = col.get(row);
    if (col.kind === 'percent') { return I.percent(v); }
    if (col.kind === 'coverage') { return I.percent(v); }
    return I.number(v);
  }

  /* Writes one table row, reusing its cells so that changed figures can be highlighted. */
  function fillRow(tr, row, isProvince) {
    if (!tr.firstChild) {
      var th = document.createElement(isProvince ? 'th' : 'td');
      th.className = 'name';
      th.setAttribute('data-field', 'name');
      tr.appendChild(th);
      COLUMNS.forEach(function (col) {
        var td = document.createElement('td');
        td.setAttribute('data-field', col.field);
        td.className = 'num' + (col.groupEnd ? ' group-end' : '') + (col.strong ? ' strong' : '') + (col.risk ? ' risk' : '');
        if (col.kind === 'coverage') {
          td.innerHTML = '<span class="meter"><span class="fill"></span></span><span class="val"></span><span class="of"></span>';
        }
        tr.appendChild(td);
      });
    }
    var cells = tr.children;
    var name = isProvince ? I.t('province') : row.name;
    if (cells[0].textContent !== name) { cells[0].textContent = name; }
    if (!isProvince) { cells[0].title = row.code; }
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

  function renderTable(s) {
    setText('table-month', I.t('monthOf', { m: I.month(s.month) }));
    var body = $('district-rows');
    var existing = {};
    Array.prototype.forEach.call(body.children, function (tr) { existing[tr.getAttribute('data-district')] = tr; });
    s.districts.forEach(function (d, i) {
      var tr = existing[d.code];
      if (!tr) {
        tr = document.createElement('tr');
        tr.setAttribute('data-district', d.code);
      }
      delete existing[d.code];
      fillRow(tr, d, false);
      if (body.children[i] !== tr) { body.insertBefore(tr, body.children[i] || null); }
    });
    Object.keys(existing).forEach(function (code) { body.removeChild(existing[code]); });

    var foot = $('province-row');
    var ptr = foot.firstChild;
    if (!ptr) {
      ptr = document.createElement('tr');
      ptr.setAttribute('data-district', '*');
      foot.appendChild(ptr);
    }
    fillRow(ptr, { code: '*', current: s.province.current, month: s.province.month, year: s.province.year }, true);
  }

  function renderCharts(s) {
    var membersSeries = [
      { label: I.t('official'), color: COLORS.official },
      { label: I.t('probationary'), color: COLORS.probationary }
    ];
    C.legend($('legend-members'), membersSeries);
    C.hbars($('chart-members'), {
      rows: s.districts.map(function (d) {
        return { key: d.code, label: d.name, values: [d.current.membersOfficial, d.current.membersProbationary] };
      }),
      series: membersSeries, format: I.number, rowHeight: 30, empty: I.t('noData')
    });

    setText('chart-meetings-month', I.t('monthOf', { m: I.month(s.month) }));
    var meetingSeries = [
      { label: I.t('coverageSeries'), color: COLORS.coverage },
      { label: I.t('attendanceSeries'), color: COLORS.attendance }
    ];
    C.legend($('legend-meetings'), meetingSeries);
    C.hbars($('chart-meetings'), {
      rows: s.districts.map(function (d) {
        return { key: d.code, label: d.name, values: [d.month.regularMeetingCoverage, d.month.attendanceRate] };
      }),
      series: meetingSeries, stacked: false, max: 1, format: I.percent, rowHeight: 30, valueWidth: 64,
      tickFormat: function (v) { return I.percent(v).replace(/[,.]0(?=\D*$)/, ''); }, empty: I.t('noData')
    });

    var labels = s.trend.map(function (m) { return I.shortMonth(m.month); });
    var rateSeries = [
      // a month without a single meeting recorded has no figures yet: a gap, not a fall to 0 %
      { label: I.t('coverageSeries'), color: COLORS.coverage, values: s.trend.map(function (m) {
        return m.regularMeetings + m.thematicMeetings > 0 ? m.regularMeetingCoverage : null;
      }) },
      { label: I.t('attendanceSeries'), color: COLORS.attendance, values: s.trend.map(function (m) { return m.attendanceRate; }) },
      { label: I.t('superiorSeries'), color: COLORS.superior, values: s.trend.map(function (m) { return m.superiorAttendanceRate; }) }
    ];
    C.legend($('legend-trend-rates'), rateSeries);
    C.lines($('chart-trend-rates'), {
      labels: labels, series: rateSeries, min: 0, max: 1,
      format: function (v) { return I.percent(v).replace(/[,.]0(?=\D*$)/, ''); }
    });
    var flowSeries = [
      { label: I.t('admissions'), color: COLORS.admissions, values: s.trend.map(function (m) { return m.admissions; }) },
      { label: I.t('transfersIn'), color: COLORS.transfersIn, values: s.trend.map(function (m) { return m.transfersIn; }) },
      { label: I.t('transfersOut'), color: COLORS.transfersOut, values: s.trend.map(function (m) { return m.transfersOut; }) }
    ];
    C.legend($('legend-trend-flows'), flowSeries);
    C.columns($('chart-trend-flows'), { labels: labels, series: flowSeries, format: I.number });

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

    setText('grades-year', I.t('yearOf', { y: s.year }));
    var y = s.province.year;
    var gradeRows = [
      { key: 'gradedExcellent', color: COLORS.excellent, v: y.gradedExcellent },
      { key: 'gradedGood', color: COLORS.good, v: y.gradedGood },
      { key: 'gradedCompleted', color: COLORS.completed, v: y.gradedCompleted },
      { key: 'gradedNotCompleted', color: COLORS.notCompleted, v: y.gradedNotCompleted }
    ];
    var graded = gradeRows.reduce(function (a, g) { return a + g.v; }, 0);
    $('legend-grades').textContent = '';
    if (graded === 0) {
      C.hbars($('chart-grades'), { rows: [], series: [], format: I.number, empty: I.t('noGrades', { y: s.year }) });
    } else {
      C.hbars($('chart-grades'), {
        rows: gradeRows.map(function (g) { return { key: g.key, label: I.t(g.key), values: [g.v] }; }),
        series: [{ label: I.t('grades'), color: COLORS.excellent }],
        format: I.number, rowHeight: 34, valueWidth: 120
      });
      // colour each grade's bar and add its share after the count
      Array.prototype.forEach.call($('chart-grades').querySelectorAll('g.row'), function (g, i) {
        g.querySelector('rect').setAttribute('fill', gradeRows[i].color);
        var v = g.querySelector('text.value');
        v.textContent = I.number(gradeRows[i].v) + ' · ' + I.percent(gradeRows[i].v / graded);
      });
    }
  }

  function renderStatus(s) {
    setText('last-changed', I.dateTime(s.lastChanged || s.generatedAt));
    var notice = $('notice');
    if (s.sources.streams !== 'UP') {
      notice.textContent = I.t('sourceDown');
      notice.hidden = false;
    } else {
      notice.hidden = true;
    }
    $('foot-sources').textContent = I.t('footStreams', { s: I.t(s.sources.streams) }) + ' · ' +
      I.t('footPostgres', { s: I.t(s.sources.postgres) });
  }

  function render() {
    var s = state.snapshot;
    if (!s) { return; }
    renderStatus(s);
    renderCards(s);
    renderTable(s);
    renderCharts(s);
    state.renders++;
    document.body.setAttribute('data-version', String(s.version));
  }

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
      render();
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
      $('district-rows').textContent = '';
      $('province-row').textContent = '';
      quiet = true;
      try { render(); } finally { quiet = false; }
    });
  });

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { if (state.snapshot) { renderCharts(state.snapshot); } }, 150);
  });

  translateStatic();
  connect();
}());
