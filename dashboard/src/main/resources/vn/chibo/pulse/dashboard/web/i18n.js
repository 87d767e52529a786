/* Words of the page in Vietnamese (first) and English. */
(function () {
  'use strict';

  var TEXT = {
    vi: {
      levelProvince: 'Tỉnh',
      levelDistrict: 'Huyện',
      levelCommune: 'Xã',
      levelBranch: 'Chi bộ',
      monthPicker: 'Tháng',
      unit: 'Đơn vị',
      branch: 'Chi bộ',
      childUnits: '{n} đơn vị trực thuộc',
      exempted: '{n} miễn sinh hoạt',
      tableOf_province: 'Số liệu các đơn vị trực thuộc tỉnh',
      tableOf_district: 'Số liệu các xã, phường, thị trấn',
      tableOf_commune: 'Sinh hoạt của các chi bộ',
      tableOf_branch: 'Sinh hoạt của chi bộ',
      totalOf_district: 'Toàn huyện',
      totalOf_commune: 'Toàn xã',
      regularHeld: 'Sinh hoạt thường kỳ',
      held: 'Đã sinh hoạt',
      notHeld: 'Chưa sinh hoạt',
      attendancePresent: 'Dự họp (có mặt/phải dự)',
      selfCriticism: 'Tự phê bình, phê bình',
      quality: 'Chất lượng sinh hoạt',
      qualityBands: '{g} tốt · {f} khá · {a} TB · {p} kém',
      notScored: 'chưa chấm điểm',
      yes: 'Có',
      no: 'Không',
      kind_VILLAGE: 'thôn',
      kind_STREET_GROUP: 'tổ dân phố',
      kind_OTHER: 'khác',
      notFound: 'Không có đơn vị này (hoặc đơn vị không còn chi bộ nào).',
      title: 'Chi Bộ Pulse — Bảng theo dõi trực tiếp',
      subtitle: 'Ban Tổ chức Tỉnh ủy · Bảng theo dõi trực tiếp',
      connecting: 'Đang kết nối…',
      live: 'Trực tiếp',
      reconnecting: 'Mất kết nối, đang kết nối lại…',
      sourceDown: 'Không đọc được cơ sở dữ liệu báo cáo; đang hiển thị số liệu gần nhất.',
      noData: 'Chưa có số liệu.',
      lastChanged: 'Cập nhật lúc',
      membersActive: 'Tổng số đảng viên',
      membersOfficial: 'Đảng viên chính thức',
      membersProbationary: 'Đảng viên dự bị',
      branches: 'Chi bộ',
      regularMeetingsCard: 'Sinh hoạt thường kỳ',
      attendanceRate: 'Tỷ lệ dự họp',
      admissions: 'Kết nạp',
      membersAtRisk: 'Đảng viên có nguy cơ bị xóa tên',
      districtsUnits: '{n} đơn vị cấp huyện',
      shareOfMembers: '{p} tổng số đảng viên',
      branchKinds: '{v} thôn · {s} tổ dân phố · {o} khác',
      coverageSub: '{b}/{t} chi bộ · {m} cuộc',
      attendanceSub: 'Cấp ủy cấp trên dự {p} số cuộc',
      flowsSub: 'Chuyển đến {i} · Chuyển đi {o}',
      atRiskSub: 'vắng không lý do từ 3 lần trở lên, năm {y}',
      monthOf: 'tháng {m}',
      yearOf: 'năm {y}',
      chartMembers: 'Đảng viên theo đơn vị',
      chartMeetings: 'Sinh hoạt chi bộ',
      chartTrendRates: 'Xu hướng 12 tháng: sinh hoạt và dự họp',
      chartTrendFlows: 'Xu hướng 12 tháng: kết nạp và chuyển sinh hoạt',
      official: 'Chính thức',
      probationary: 'Dự bị',
      coverageSeries: 'Chi bộ đã sinh hoạt thường kỳ',
      attendanceSeries: 'Tỷ lệ dự họp',
      superiorSeries: 'Cấp ủy cấp trên dự',
      tableTitle: 'Số liệu các đơn vị cấp huyện',
      district: 'Đơn vị',
      groupMembers: 'Đảng viên',
      groupMeetings: 'Sinh hoạt trong tháng',
      groupFlows: 'Biến động trong tháng',
      atRiskShort: 'Nguy cơ bị xóa tên',
      total: 'Tổng số',
      village: 'Chi bộ thôn',
      streetGroup: 'Chi bộ tổ dân phố',
      other: 'Chi bộ khác',
      regular: 'Sinh hoạt thường kỳ',
      coverage: 'Chi bộ đã sinh hoạt',
      thematic: 'Sinh hoạt chuyên đề',
      attendance: 'Tỷ lệ dự họp',
      superior: 'Cấp ủy cấp trên dự',
      transfersIn: 'Chuyển đến',
      transfersOut: 'Chuyển đi',
      province: 'Toàn tỉnh',
      rejectedEvents: 'Sự kiện bị từ chối',
      noRejections: 'Không có sự kiện nào bị từ chối.',
      waitingForReference: '{n} sự kiện đang chờ dữ liệu tham chiếu (chi bộ chưa có trong danh mục); có thể còn bị từ chối.',
      grades: 'Đánh giá, phân loại đảng viên',
      gradedExcellent: 'Hoàn thành xuất sắc nhiệm vụ',
      gradedGood: 'Hoàn thành tốt nhiệm vụ',
      gradedCompleted: 'Hoàn thành nhiệm vụ',
      gradedNotCompleted: 'Không hoàn thành nhiệm vụ',
      noGrades: 'Chưa có kết quả đánh giá, phân loại năm {y}.',
      footSource: 'Số liệu từ cơ sở dữ liệu báo cáo (PostgreSQL), cập nhật tự động khi có sự kiện mới.',
      footStreams: 'Luồng dữ liệu: {s}',
      footPostgres: 'PostgreSQL: {s}',
      reconcileNever: 'Chưa đối soát',
      reconcileLast: 'Đối soát lần cuối: {t} — {v}',
      reconcileAgreed: 'khớp ({n} ô)',
      reconcileDiffered: 'KHÔNG khớp: {n} ô khác',
      reconcileNoVerdict: 'chưa có kết luận (hệ thống chưa xử lý kịp)',
      UP: 'hoạt động',
      DOWN: 'mất kết nối',
      NOT_CONFIGURED: 'không dùng',
      UNKNOWN: 'chưa rõ',
      members: 'đảng viên',
      meetings: 'cuộc',
      groupQuality: 'Chất lượng sinh hoạt',
      qualityAverage: 'Điểm bình quân',
      bandGood: 'Tốt (≥ {g})',
      bandFair: 'Khá ({f}–{g})',
      bandAverage: 'TB ({a}–{f})',
      bandPoor: 'Kém (< {a})',
      qualityMonth: 'Tháng {m}: bình quân {s} điểm/100 ({n} cuộc được chấm)',
      qualityNone: 'Tháng {m}: chưa có cuộc sinh hoạt nào được chấm điểm.',
      chartTrendQuality: 'Xu hướng 12 tháng: điểm chất lượng sinh hoạt bình quân',
      gradedOf: 'Đã đánh giá {g}/{a} đảng viên ({p}); mỗi loại: số đảng viên · % số được đánh giá · % tổng số đảng viên.',
      watchList: 'Danh sách cần chú ý',
      watchCommune: 'Xã, phường, thị trấn',
      watchDistrict: 'Huyện, thị xã, thành phố',
      watchNoRegular: 'Sinh hoạt thường kỳ trong tháng',
      watchNoThematic: 'Sinh hoạt chuyên đề quý {q}',
      watchPoor: 'Cuộc sinh hoạt xếp loại kém',
      watchAtRisk: 'Đảng viên có nguy cơ bị xóa tên năm {y}',
      watchSummary: '{n}/{t} chi bộ cần chú ý: {r} chưa sinh hoạt thường kỳ · {q} chưa sinh hoạt chuyên đề trong quý · {p} có cuộc sinh hoạt kém · {k} có đảng viên có nguy cơ bị xóa tên.',
      watchEmpty: 'Không có chi bộ nào cần chú ý trong tháng này.',
      export_xlsx: 'Tải Excel',
      export_csv: 'Tải CSV',
      exportTitle: 'Tải bảng này (tiêu đề tiếng Việt)'
    },
    en: {
      levelProvince: 'Province',
      levelDistrict: 'District',
      levelCommune: 'Commune',
      levelBranch: 'Branch',
      monthPicker: 'Month',
      unit: 'Unit',
      branch: 'Branch',
      childUnits: '{n} units below',
      exempted: '{n} exempted',
      tableOf_province: 'Units under the province',
      tableOf_district: 'Communes',
      tableOf_commune: 'Meetings of the branches',
      tableOf_branch: 'Meetings of the branch',
      totalOf_district: 'District',
      totalOf_commune: 'Commune',
      regularHeld: 'Regular meeting',
      held: 'Held',
      notHeld: 'Not held',
      attendancePresent: 'Attendance (present/expected)',
      selfCriticism: 'Self-criticism',
      quality: 'Meeting quality',
      qualityBands: '{g} good · {f} fair · {a} average · {p} poor',
      notScored: 'not scored',
      yes: 'Yes',
      no: 'No',
      kind_VILLAGE: 'village',
      kind_STREET_GROUP: 'street group',
      kind_OTHER: 'other',
      notFound: 'No such unit (or it no longer holds any branch).',
      title: 'Chi Bộ Pulse — live dashboard',
      subtitle: 'Provincial Organisation Board · live dashboard',
      connecting: 'Connecting…',
      live: 'Live',
      reconnecting: 'Connection lost, reconnecting…',
      sourceDown: 'The reporting database does not answer; showing the latest figures.',
      noData: 'No figures yet.',
      lastChanged: 'Last changed',
      membersActive: 'Party members',
      membersOfficial: 'Official members',
      membersProbationary: 'Probationary members',
      branches: 'Branches',
      regularMeetingsCard: 'Regular meetings',
      attendanceRate: 'Attendance rate',
      admissions: 'Admissions',
      membersAtRisk: 'Members at risk of removal',
      districtsUnits: '{n} district-level units',
      shareOfMembers: '{p} of all members',
      branchKinds: '{v} village · {s} street group · {o} other',
      coverageSub: '{b}/{t} branches · {m} meetings',
      attendanceSub: 'Superior committee at {p} of meetings',
      flowsSub: 'Transfers in {i} · out {o}',
      atRiskSub: 'absent without reason 3 times or more in {y}',
      monthOf: '{m}',
      yearOf: '{y}',
      chartMembers: 'Members by district',
      chartMeetings: 'Branch meetings',
      chartTrendRates: '12-month trend: meetings and attendance',
      chartTrendFlows: '12-month trend: admissions and transfers',
      official: 'Official',
      probationary: 'Probationary',
      coverageSeries: 'Branches that held a regular meeting',
      attendanceSeries: 'Attendance rate',
      superiorSeries: 'Superior committee attended',
      tableTitle: 'Districts',
      district: 'District',
      groupMembers: 'Members',
      groupMeetings: 'Meetings this month',
      groupFlows: 'Changes this month',
      atRiskShort: 'At risk of removal',
      total: 'Total',
      village: 'Village branches',
      streetGroup: 'Street-group branches',
      other: 'Other branches',
      regular: 'Regular meetings',
      coverage: 'Branches that met',
      thematic: 'Thematic meetings',
      attendance: 'Attendance rate',
      superior: 'Superior committee attended',
      transfersIn: 'Transfers in',
      transfersOut: 'Transfers out',
      province: 'Province',
      rejectedEvents: 'Rejected events',
      noRejections: 'No event has been rejected.',
      waitingForReference: '{n} events are waiting for reference data (a branch not in the register yet); they may still be rejected.',
      grades: 'Annual grading of members',
      gradedExcellent: 'Excellent',
      gradedGood: 'Good',
      gradedCompleted: 'Completed',
      gradedNotCompleted: 'Not completed',
      noGrades: 'No grades for {y} yet.',
      footSource: 'Figures from the reporting database (PostgreSQL), updated by themselves as events arrive.',
      footStreams: 'Streams: {s}',
      footPostgres: 'PostgreSQL: {s}',
      reconcileNever: 'Not reconciled yet',
      reconcileLast: 'Last reconciliation: {t} — {v}',
      reconcileAgreed: 'agreed ({n} cells)',
      reconcileDiffered: 'DID NOT agree: {n} cells differ',
      reconcileNoVerdict: 'no verdict (the pipeline had not caught up)',
      UP: 'up',
      DOWN: 'down',
      NOT_CONFIGURED: 'not used',
      UNKNOWN: 'unknown',
      members: 'members',
      meetings: 'meetings',
      groupQuality: 'Meeting quality',
      qualityAverage: 'Average score',
      bandGood: 'Good (≥ {g})',
      bandFair: 'Fair ({f}–{g})',
      bandAverage: 'Average ({a}–{f})',
      bandPoor: 'Poor (< {a})',
      qualityMonth: '{m}: average {s}/100 over {n} scored meetings',
      qualityNone: '{m}: no meeting scored yet.',
      chartTrendQuality: '12-month trend: average meeting quality score',
      gradedOf: '{g} of {a} members graded ({p}); each grade: members · % of those graded · % of all members.',
      watchList: 'Watch list',
      watchCommune: 'Commune',
      watchDistrict: 'District',
      watchNoRegular: 'Regular meeting this month',
      watchNoThematic: 'Thematic meeting in quarter {q}',
      watchPoor: 'Meetings scored poor',
      watchAtRisk: 'Members at risk of removal in {y}',
      watchSummary: '{n} of {t} branches to watch: {r} without a regular meeting · {q} without a thematic meeting this quarter · {p} with a poor meeting · {k} with members at risk of removal.',
      watchEmpty: 'No branch needs attention this month.',
      export_xlsx: 'Excel',
      export_csv: 'CSV',
      exportTitle: 'Download this table (Vietnamese headings)'
    }
  };

  /* Why an event was refused: the codes of vn.chibo.pulse.domain.RejectionReason. */
  var REASONS = {
    vi: {
      INVALID_JSON: 'Không phải JSON hợp lệ',
      UNKNOWN_TYPE: 'Loại sự kiện không xác định',
      MISSING_FIELD: 'Thiếu trường bắt buộc',
      WRONG_TYPE: 'Sai kiểu dữ liệu',
      INVALID_ENUM: 'Giá trị không được phép',
      TOO_LONG: 'Mã hoặc định danh quá dài',
      DATE_OUT_OF_RANGE: 'Ngày ngoài phạm vi cho phép',
      YEAR_OUT_OF_RANGE: 'Năm ngoài phạm vi cho phép',
      INVALID_REVISION: 'Số lần ghi nhận không hợp lệ',
      MEMBERS_EXPECTED_TOO_LOW: 'Số đảng viên phải dự nhỏ hơn 1',
      MEMBERS_PRESENT_NEGATIVE: 'Số đảng viên có mặt âm',
      MEMBERS_PRESENT_ABOVE_EXPECTED: 'Số có mặt vượt số phải dự',
      DUPLICATE_ABSENTEE: 'Trùng đảng viên vắng mặt',
      TOO_MANY_ABSENTEES: 'Quá nhiều đảng viên vắng không lý do',
      TRANSFER_WITHOUT_BRANCH: 'Chuyển sinh hoạt không có chi bộ',
      TRANSFER_IN_WITHOUT_STATUS: 'Chuyển đến thiếu tư cách đảng viên',
      UNDESERIALIZABLE: 'Bản ghi không giải mã được',
      UNKNOWN_DISTRICT: 'Đơn vị cấp huyện không có trong danh mục',
      UNKNOWN_COMMUNE: 'Xã, phường không có trong danh mục',
      UNKNOWN_BRANCH: 'Chi bộ không có trong danh mục',
      MEMBER_ALREADY_ACTIVE: 'Đảng viên đang sinh hoạt',
      MEMBER_NOT_ACTIVE: 'Đảng viên không còn sinh hoạt',
      MEMBER_ALREADY_OFFICIAL: 'Đảng viên đã là chính thức',
      TRANSFER_FROM_WRONG_BRANCH: 'Chuyển đi không đúng chi bộ hiện tại',
      TRANSFER_IN_OF_ACTIVE_MEMBER: 'Chuyển đến đảng viên đang sinh hoạt',
      KEY_DOES_NOT_MATCH_VALUE: 'Khóa không khớp nội dung',
      REFUSED_BY_DATABASE: 'Cơ sở dữ liệu từ chối'
    },
    en: {
      INVALID_JSON: 'Not valid JSON',
      UNKNOWN_TYPE: 'Unknown event type',
      MISSING_FIELD: 'Required field missing',
      WRONG_TYPE: 'Field of the wrong type',
      INVALID_ENUM: 'Value not allowed',
      TOO_LONG: 'Id or code too long',
      DATE_OUT_OF_RANGE: 'Date out of range',
      YEAR_OUT_OF_RANGE: 'Year out of range',
      INVALID_REVISION: 'Invalid revision',
      MEMBERS_EXPECTED_TOO_LOW: 'Members expected below 1',
      MEMBERS_PRESENT_NEGATIVE: 'Members present below 0',
      MEMBERS_PRESENT_ABOVE_EXPECTED: 'More present than expected',
      DUPLICATE_ABSENTEE: 'Absentee listed twice',
      TOO_MANY_ABSENTEES: 'Too many unexcused absentees',
      TRANSFER_WITHOUT_BRANCH: 'Transfer without a branch',
      TRANSFER_IN_WITHOUT_STATUS: 'Transfer in without a status',
      UNDESERIALIZABLE: 'Record could not be decoded',
      UNKNOWN_DISTRICT: 'Unknown district',
      UNKNOWN_COMMUNE: 'Unknown commune',
      UNKNOWN_BRANCH: 'Unknown branch',
      MEMBER_ALREADY_ACTIVE: 'Member already active',
      MEMBER_NOT_ACTIVE: 'Member not active',
      MEMBER_ALREADY_OFFICIAL: 'Member already official',
      TRANSFER_FROM_WRONG_BRANCH: 'Transfer from the wrong branch',
      TRANSFER_IN_OF_ACTIVE_MEMBER: 'Transfer in of an active member',
      KEY_DOES_NOT_MATCH_VALUE: 'Key does not match the value',
      REFUSED_BY_DATABASE: 'Refused by the database'
    }
  };

  var LOCALES = { vi: 'vi-VN', en: 'en-GB' };

  function pickLanguage() {
    var fromUrl = new URLSearchParams(window.location.search).get('lang');
    if (fromUrl === 'vi' || fromUrl === 'en') {
      try { window.localStorage.setItem('pulse.lang', fromUrl); } catch (e) { /* private mode */ }
      return fromUrl;
    }
    try {
      var stored = window.localStorage.getItem('pulse.lang');
      if (stored === 'vi' || stored === 'en') { return stored; }
    } catch (e) { /* private mode */ }
    return 'vi';
  }

  var lang = pickLanguage();
  var numberFormats = {};

  function nf(digits) {
    var key = lang + digits;
    if (!numberFormats[key]) {
      numberFormats[key] = new Intl.NumberFormat(LOCALES[lang], {
        minimumFractionDigits: digits, maximumFractionDigits: digits
      });
    }
    return numberFormats[key];
  }

  /* A table's own entry, never one inherited from Object.prototype (a code may be "constructor"). */
  function own(table, key) {
    return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  }

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  window.I18N = {
    get lang() { return lang; },
    set: function (next) {
      if (next !== 'vi' && next !== 'en') { return; }
      lang = next;
      try { window.localStorage.setItem('pulse.lang', next); } catch (e) { /* private mode */ }
      var url = new URL(window.location.href);
      if (url.searchParams.has('lang')) {
        url.searchParams.set('lang', next);
        window.history.replaceState(null, '', url.toString());
      }
    },
    t: function (key, vars) {
      var s = own(TEXT[lang], key) || own(TEXT.vi, key) || key;
      if (vars) {
        Object.keys(vars).forEach(function (k) { s = s.split('{' + k + '}').join(vars[k]); });
      }
      return s;
    },
    reason: function (code) {
      return own(REASONS[lang], code) || code;
    },
    /* 100274 -> "100.274" (vi) or "100,274" (en). */
    number: function (n) {
      return n === null || n === undefined ? '—' : nf(0).format(n);
    },
    /* 72.5 -> "72,5" (vi) or "72.5" (en); null -> "—". */
    decimal: function (n) {
      return n === null || n === undefined || isNaN(n) ? '—' : nf(1).format(n);
    },
    /* 0.953 -> "95,3 %" (vi) or "95.3%" (en); null -> "—". */
    percent: function (fraction) {
      if (fraction === null || fraction === undefined || isNaN(fraction)) { return '—'; }
      var text = nf(1).format(fraction * 100);
      return lang === 'vi' ? text + '\u00a0%' : text + '%';
    },
    /* An instant as dd/MM/yyyy HH:mm:ss in the browser's time zone (HH:mm with noSeconds). */
    dateTime: function (iso, noSeconds) {
      if (!iso) { return '—'; }
      var d = new Date(iso);
      if (isNaN(d.getTime())) { return '—'; }
      return pad(d.getDate()) + '/' + pad(d.getMonth() + 1) + '/' + d.getFullYear() + ' ' +
        pad(d.getHours()) + ':' + pad(d.getMinutes()) + (noSeconds ? '' : ':' + pad(d.getSeconds()));
    },
    /* "2025-06" -> "06/2025". */
    month: function (ym) {
      if (!ym) { return ''; }
      var p = ym.split('-');
      return p[1] + '/' + p[0];
    },
    /* "2025-06" -> "06/25", for chart axes. */
    shortMonth: function (ym) {
      var p = ym.split('-');
      return p[1] + '/' + p[0].slice(2);
    }
  };
}());
